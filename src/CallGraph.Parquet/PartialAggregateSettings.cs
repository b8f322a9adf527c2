using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CallGraph.Aggregation;
using CallGraph.Numbers;
using CallGraph.Rosters;

namespace CallGraph.Parquet;

/// <summary>
/// What a partial aggregate was made under, which every file of a merge and the run that analyses them must share:
/// otherwise the same CDRs would have been folded differently (working hours, how parties are named, which network
/// records the calls and so owns the cells) or for other members. See <c>docs/aggregation.md</c>.
/// </summary>
public sealed record PartialAggregateSettings
{
    /// <summary>The cell-key rule of this release (first 8 bytes of MD5, big-endian); files of another rule do not merge.</summary>
    public const string CurrentCellKeyRule = "md5-64be";

    /// <summary>What names subscribers: telephone numbers or opaque ids.</summary>
    public required SubscriberIdKind Ids { get; init; }

    /// <summary>First working hour (inclusive), Monday to Friday.</summary>
    public required int WorkdayStartHour { get; init; }

    /// <summary>End of the working day (exclusive).</summary>
    public required int WorkdayEndHour { get; init; }

    /// <summary>The home operator's code: its subscribers' cells are credited to them (the cell rule).</summary>
    public required string HomeOperator { get; init; }

    /// <summary>The rule that turned cell texts into cell keys (<see cref="CurrentCellKeyRule"/>).</summary>
    public string CellKeyRule { get; init; } = CurrentCellKeyRule;

    /// <summary>Distinct member numbers of the roster the aggregate was made for.</summary>
    public required int MemberNumbers { get; init; }

    /// <summary>
    /// SHA-256, lower-case hex, of the roster's distinct member numbers (canonical text, or the token of an opaque
    /// id) sorted as <see cref="PhoneNumber.CompareTo"/> sorts them, each followed by a line feed, in UTF-8. Two
    /// rosters with the same members give the same digest whatever their groups.
    /// </summary>
    public required string RosterDigest { get; init; }

    /// <summary>The settings of a run over <paramref name="roster"/> with <paramref name="plan"/> and <paramref name="aggregation"/>.</summary>
    public static PartialAggregateSettings Of(Roster roster, NumberPlan plan, AggregationOptions aggregation)
    {
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(aggregation);
        var members = DistinctMembers(roster);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (int entry in members) sha.AppendData(Encoding.UTF8.GetBytes(roster.NumberOf(entry).CanonicalText() + "\n"));
        return new PartialAggregateSettings
        {
            Ids = plan.Ids,
            WorkdayStartHour = aggregation.WorkdayStartHour,
            WorkdayEndHour = aggregation.WorkdayEndHour,
            HomeOperator = plan.HomeOperator,
            MemberNumbers = members.Count,
            RosterDigest = Convert.ToHexStringLower(sha.GetHashAndReset()),
        };
    }

    /// <summary>The first roster entry of every distinct member number, sorted by number.</summary>
    internal static List<int> DistinctMembers(Roster roster)
    {
        var firsts = new List<int>();
        for (int e = 0; e < roster.EntryCount; e++)
            if (roster.FirstEntryOf(roster.NumberOf(e)) == e) firsts.Add(e);
        firsts.Sort((a, b) => roster.NumberOf(a).CompareTo(roster.NumberOf(b)));
        return firsts;
    }

    /// <summary>The working day as the <c>--workday</c> option writes it (<c>9-18</c>).</summary>
    internal string Workday => string.Create(CultureInfo.InvariantCulture, $"{WorkdayStartHour}-{WorkdayEndHour}");

    /// <summary>What differs from <paramref name="run"/>, said from this file's side; empty when they match.</summary>
    internal IReadOnlyList<string> DifferencesFrom(PartialAggregateSettings run)
    {
        var differences = new List<string>();
        if (CellKeyRule != run.CellKeyRule) differences.Add($"its cell keys follow rule '{CellKeyRule}', this release uses '{run.CellKeyRule}' (aggregate the CDRs again)");
        if (Ids != run.Ids) differences.Add($"it names subscribers by {IdsName(Ids)}, this run by {IdsName(run.Ids)}");
        if (Workday != run.Workday) differences.Add($"it was made with --workday {Workday}, this run uses {run.Workday}");
        if (!string.Equals(HomeOperator, run.HomeOperator, StringComparison.Ordinal)) differences.Add($"its home operator is {HomeOperator}, this run's is {run.HomeOperator}");
        if (RosterDigest != run.RosterDigest)
            differences.Add(string.Create(CultureInfo.InvariantCulture, $"it was made for another roster ({MemberNumbers} member numbers; this run's has {run.MemberNumbers})"));
        return differences;
    }

    internal static string IdsName(SubscriberIdKind ids) => ids == SubscriberIdKind.Opaque ? "opaque ids" : "telephone numbers";
}
