using System.Globalization;

namespace CallGraph.Campaigns.Reporting;

/// <summary>A range of member share. Lower bound inclusive; upper bound inclusive only when <paramref name="IncludesMax"/>.</summary>
/// <param name="Min">Lower bound, inclusive.</param>
/// <param name="Max">Upper bound.</param>
/// <param name="IncludesMax">Whether <paramref name="Max"/> itself is in the band.</param>
public sealed record ShareBand(double Min, double Max, bool IncludesMax)
{
    /// <summary>Whether a share falls in the band.</summary>
    public bool Contains(double share) => share >= Min && (IncludesMax ? share <= Max : share < Max);

    /// <summary>Interval notation, e.g. <c>[0.3,0.5)</c> or <c>[0.5,1]</c>.</summary>
    public string Label =>
        $"[{Min.ToString("0.###", CultureInfo.InvariantCulture)},{Max.ToString("0.###", CultureInfo.InvariantCulture)}{(IncludesMax ? "]" : ")")}";
}

/// <summary>The member-share bands reports use.</summary>
public static class ShareBands
{
    /// <summary>
    /// From the strongest prospects down: [0.5,1], [0.3,0.5), [0.2,0.3), [0.1,0.2), and [0,0.1) for targets
    /// selected below the business threshold (prospects are above 10% by definition, so it is normally empty).
    /// </summary>
    public static IReadOnlyList<ShareBand> Default { get; } =
    [
        new(0.5, 1.0, true),
        new(0.3, 0.5, false),
        new(0.2, 0.3, false),
        new(0.1, 0.2, false),
        new(0.0, 0.1, false),
    ];
}

/// <summary>The figures of a set of targets.</summary>
/// <param name="Targets">Targets.</param>
/// <param name="Contacted">Targets whose outcome is won, lost or unreachable (not none, not pending).</param>
/// <param name="Won">Targets won.</param>
/// <param name="Conversion">Won / contacted, rounded to 4 places; null when none contacted.</param>
/// <param name="Revenue">Sum of revenue.</param>
/// <param name="Cost">Sum of cost.</param>
/// <param name="RevenuePerCost">Revenue / cost, rounded to 4 places; null when there is no cost.</param>
public sealed record Figures(int Targets, int Contacted, int Won, decimal? Conversion, decimal Revenue, decimal Cost, decimal? RevenuePerCost)
{
    /// <summary>Sums targets into figures.</summary>
    public static Figures Of(IEnumerable<Target> targets)
    {
        int count = 0, contacted = 0, won = 0;
        decimal revenue = 0, cost = 0;
        foreach (var t in targets)
        {
            count++;
            if (Outcomes.IsContacted(t.Outcome)) contacted++;
            if (t.Outcome == TargetOutcome.Won) won++;
            revenue += t.Revenue;
            cost += t.Cost;
        }
        return new Figures(count, contacted, won, Ratio(won, contacted), revenue, cost, Ratio(revenue, cost));
    }

    /// <summary>a / b rounded half away from zero to 4 places; null when b is 0.</summary>
    public static decimal? Ratio(decimal a, decimal b) => b == 0 ? null : Math.Round(a / b, 4, MidpointRounding.AwayFromZero);
}

/// <summary>One manager's figures; <paramref name="Manager"/> is null for the unassigned targets.</summary>
/// <param name="Manager">The manager, or null for unassigned.</param>
/// <param name="Figures">The figures.</param>
public sealed record ManagerFigures(string? Manager, Figures Figures);

/// <summary>
/// One band's figures and the return of reaching down to it. Bands are ordered from the highest share
/// down; the cumulative totals add this band to the ones above it, and the marginal return is
/// (Δ cumulative revenue) / (Δ cumulative cost) from the band above: the extra revenue each extra unit of
/// cost brought by going this far down the list.
/// </summary>
/// <param name="Band">The band.</param>
/// <param name="Figures">This band's own figures.</param>
/// <param name="CumulativeRevenue">Revenue of this band and all above it.</param>
/// <param name="CumulativeCost">Cost of this band and all above it.</param>
/// <param name="MarginalReturn">Δrevenue/Δcost, rounded to 4 places; null when the band added no cost.</param>
public sealed record BandFigures(ShareBand Band, Figures Figures, decimal CumulativeRevenue, decimal CumulativeCost, decimal? MarginalReturn);

/// <summary>A campaign's report.</summary>
/// <param name="Campaign">The campaign.</param>
/// <param name="Total">Figures of all targets.</param>
/// <param name="ByManager">Per manager, by name (ordinal), the unassigned last.</param>
/// <param name="ByBand">Per band, highest share first; every band is listed, empty or not.</param>
public sealed record CampaignReport(Campaign Campaign, Figures Total, IReadOnlyList<ManagerFigures> ByManager, IReadOnlyList<BandFigures> ByBand);

/// <summary>Builds reports; a pure function of the campaign and its targets.</summary>
public static class CampaignReporter
{
    /// <summary>
    /// Builds the report. Bands must be given from the highest share down. Amounts entered through the
    /// workflow are bounded (<see cref="Amounts.Max"/>), so sums fit; a store holding larger amounts (written
    /// before the bound) throws <see cref="CampaignException"/> naming the targets whose feedback to correct.
    /// </summary>
    public static CampaignReport Build(Campaign campaign, IReadOnlyList<Target> targets, IReadOnlyList<ShareBand> bands)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(bands);
        try
        {
            return BuildChecked(campaign, targets, bands);
        }
        catch (OverflowException ex)
        {
            // decimal arithmetic is always checked: a sum or ratio too large for decimal lands here.
            var culprits = targets.Where(t => !Amounts.IsValid(t.Revenue) || !Amounts.IsValid(t.Cost))
                .Select(t => t.Msisdn).Order(StringComparer.Ordinal).ToList();
            string which = culprits.Count == 0
                ? "its amounts"
                : $"target{(culprits.Count == 1 ? "" : "s")} {string.Join(", ", culprits.Take(5))}{(culprits.Count > 5 ? $" and {culprits.Count - 5} more" : "")} " +
                  $"(amounts above {Amounts.ToText(Amounts.Max)}); record corrected feedback for them";
            throw new CampaignException($"campaign {campaign.Id}: the report's sums are too large to compute: {which}", ex);
        }
    }

    private static CampaignReport BuildChecked(Campaign campaign, IReadOnlyList<Target> targets, IReadOnlyList<ShareBand> bands)
    {
        var byManager = targets
            .GroupBy(t => t.Manager)
            .OrderBy(g => g.Key is null ? 1 : 0)
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ManagerFigures(g.Key, Figures.Of(g)))
            .ToList();

        var byBand = new List<BandFigures>(bands.Count);
        decimal cumulativeRevenue = 0, cumulativeCost = 0;
        foreach (var band in bands)
        {
            var figures = Figures.Of(targets.Where(t => band.Contains(t.MemberShare)));
            decimal previousRevenue = cumulativeRevenue, previousCost = cumulativeCost;
            cumulativeRevenue += figures.Revenue;
            cumulativeCost += figures.Cost;
            byBand.Add(new BandFigures(band, figures, cumulativeRevenue, cumulativeCost,
                Figures.Ratio(cumulativeRevenue - previousRevenue, cumulativeCost - previousCost)));
        }
        return new CampaignReport(campaign, Figures.Of(targets), byManager, byBand);
    }
}
