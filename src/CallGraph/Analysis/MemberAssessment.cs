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
}
