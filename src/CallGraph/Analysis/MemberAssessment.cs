using CallGraph.Numbers;

namespace CallGraph.Analysis;

/// <summary>The verdict on a roster member.</summary>
public enum Verdict
{
    /// <summary>Coupled to the group like its members are.</summary>
    Genuine,

    /// <summary>Weakly coupled: worth a check by the account manager.</summary>
    Suspect,

    /// <summary>Not coupled to the group (including inactive lines).</summary>
    Fake,

    /// <summary>The group is too small to score.</summary>
    Unscored,
}

/// <summary>
/// A member's coupling to its group: the verdict, the score in 0..1 and every signal behind them, so
/// each verdict can be explained line by line.
/// </summary>
/// <param name="GroupId">Group key.</param>
/// <param name="Msisdn">Member number.</param>
/// <param name="Verdict">Genuine, suspect, fake or unscored.</param>
/// <param name="Score">Coupling strength, 0 (none) to 1 (as coupled as the group's typical members).</param>
/// <param name="Operator">Operator of the number.</param>
/// <param name="Events">Calls and SMS, both directions.</param>
/// <param name="Calls">Voice calls, both directions.</param>
/// <param name="Sms">SMS, both directions.</param>
/// <param name="Seconds">Voice seconds.</param>
/// <param name="Contacts">Distinct other parties.</param>
/// <param name="ColleaguesReached">Distinct roster colleagues with any traffic.</param>
/// <param name="Colleagues">Roster colleagues (roster size - 1).</param>
/// <param name="InsideShare">Share of events exchanged with colleagues.</param>
/// <param name="Reciprocity">Share of colleague ties with traffic both ways.</param>
/// <param name="SharedCircle">Share of events with outside numbers that other members also talk to.</param>
/// <param name="WorkingHoursShare">Share of events in working hours.</param>
/// <param name="ProfileSimilarity">Cosine similarity of the member's hour-of-week profile to the rest of the group's.</param>
/// <param name="PlaceShare">Share of the member's own cell events from the group's main cells; null without cells.</param>
/// <param name="Inactive">Fewer events than the activity threshold.</param>
/// <param name="OtherRosters">Other rosters the number is also on.</param>
/// <param name="Reasons">Human-readable reasons, "; "-separated.</param>
public sealed record MemberAssessment(
    string GroupId,
    PhoneNumber Msisdn,
    Verdict Verdict,
    double Score,
    string Operator,
    int Events,
    int Calls,
    int Sms,
    long Seconds,
    int Contacts,
    int ColleaguesReached,
    int Colleagues,
    double InsideShare,
    double Reciprocity,
    double SharedCircle,
    double WorkingHoursShare,
    double ProfileSimilarity,
    double? PlaceShare,
    bool Inactive,
    int OtherRosters,
    string Reasons)
{
    /// <summary>
    /// Over the member's contacts, the mean share of each contact's other roster partners that are this group's
    /// members (0..1): how much the member's circle lives inside the group.
    /// </summary>
    public double Embeddedness { get; init; }

    /// <summary>
    /// The credits the score is the weighted mean of, one per <see cref="CouplingSignal"/> (see <see cref="CouplingCredits"/>); a credit the member's
    /// group does not define is absent, and a member of an unscored group has none.
    /// </summary>
    public CouplingCredits Credits { get; init; }

    /// <summary>
    /// The members.csv values of the signals added since members.csv took its named columns (one per
    /// <see cref="SignalDescriptor.AddedColumns"/>, NaN for an empty cell); null while there are none. Read them through
    /// <see cref="SignalDescriptor.ValueIn"/>.
    /// </summary>
    internal SignalColumnValues? AddedSignals { get; init; }
}

/// <summary>The column values of the signals that <see cref="MemberAssessment"/> has no named property for; equal when every value is.</summary>
internal sealed class SignalColumnValues : IEquatable<SignalColumnValues>
{
    private readonly double[] _values;

    private SignalColumnValues(double[] values) => _values = values;

    /// <summary>The value of the <paramref name="column"/>th added column, null for an empty cell.</summary>
    public double? this[int column] => double.IsNaN(_values[column]) ? null : _values[column];

    /// <summary>The added columns' values of a member (null while no signal has been added, so nothing is allocated).</summary>
    internal static SignalColumnValues? Measure(in MemberCoupling.RawSignals r)
    {
        var added = SignalDescriptor.AddedColumns;
        if (added.Length == 0) return null;
        var values = new double[added.Length];
        for (int i = 0; i < added.Length; i++) values[i] = added[i].ReportedValue(in r);
        return new SignalColumnValues(values);
    }

    /// <summary>Values read back from a file, one per added column (null: an empty cell or a missing column).</summary>
    internal static SignalColumnValues? Of(IReadOnlyList<double?> values) =>
        values.Count == 0 ? null : new SignalColumnValues(values.Select(v => v ?? double.NaN).ToArray());

    public bool Equals(SignalColumnValues? other) => other is not null && _values.AsSpan().SequenceEqual(other._values);

    public override bool Equals(object? obj) => Equals(obj as SignalColumnValues);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (double v in _values) hash.Add(v);
        return hash.ToHashCode();
    }
}
