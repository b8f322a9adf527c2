namespace CallGraph.Analysis;

/// <summary>Figures summed over the groups of one branch or one account manager.</summary>
/// <param name="Dimension"><c>branch</c> or <c>account_manager</c>.</param>
/// <param name="Key">The branch or manager name ("" when the groups file gives none).</param>
/// <param name="Groups">Scored groups.</param>
/// <param name="Roster">Sum of roster sizes.</param>
/// <param name="Genuine">Sum of genuine members.</param>
/// <param name="EstimatedCompetitorMembers">Sum of estimated competitor members.</param>
/// <param name="MarketShare">Genuine / (genuine + estimated competitor members) over the sums.</param>
/// <param name="Prospects">Sum of prospects.</param>
public sealed record RollupRow(string Dimension, string Key, int Groups, int Roster, int Genuine, double EstimatedCompetitorMembers, double? MarketShare, int Prospects);

/// <summary>Rolls group figures up by branch and by account manager.</summary>
public static class Rollups
{
    /// <summary>Rows by branch then by account manager, each sorted by key.</summary>
    public static IReadOnlyList<RollupRow> Build(IEnumerable<GroupSummary> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var scored = groups.Where(g => g.Scored).ToList();
        return Roll("branch", scored, g => g.Branch).Concat(Roll("account_manager", scored, g => g.AccountManager)).ToList();
    }

    private static IEnumerable<RollupRow> Roll(string dimension, List<GroupSummary> groups, Func<GroupSummary, string> key) =>
        groups.GroupBy(key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            int genuine = g.Sum(x => x.Genuine);
            double competitors = Math.Round(g.Sum(x => x.EstimatedCompetitorMembers), 2);
            double? share = genuine + competitors > 0 ? Math.Round(genuine / (genuine + competitors), 4) : null;
            return new RollupRow(dimension, g.Key, g.Count(), g.Sum(x => x.Roster), genuine, competitors, share, g.Sum(x => x.Prospects));
        });
}
