using CallGraph.Numbers;

namespace CallGraph.Analysis;

/// <summary>
/// An outside number in a group's circle, with the traffic it exchanged with the group's members.
/// Used for prospects (off-net) and potential members (on-net).
/// </summary>
/// <param name="GroupId">Group key.</param>
/// <param name="Msisdn">The outside number.</param>
/// <param name="Operator">Its operator.</param>
/// <param name="MembersContacted">Distinct roster members it exchanged at least one call or SMS with, either direction.</param>
/// <param name="MemberShare">MembersContacted / the prospect base (roster or genuine count).</param>
/// <param name="Calls">Voice calls with members.</param>
/// <param name="Sms">SMS with members.</param>
/// <param name="Seconds">Voice seconds with members.</param>
/// <param name="WorkingHoursShare">Share of its events with members in working hours.</param>
/// <param name="Reciprocity">Share of its member ties with traffic both ways.</param>
/// <param name="Clustering">Share of pairs of its member contacts that also talk to each other (teams are tight, clients of a partner are not).</param>
/// <param name="FirstSeen">First event, seconds since 1970 on the dump's clock.</param>
/// <param name="LastSeen">Last event.</param>
/// <param name="GroupsReached">Groups whose members it talks to (couriers and telemarketers reach many).</param>
/// <param name="EmployeeLikelihood">0..1: how much it looks like one of the group's own people rather than a partner.</param>
/// <param name="Reasons">Why, in words.</param>
public sealed record CircleContact(
    string GroupId,
    PhoneNumber Msisdn,
    string Operator,
    int MembersContacted,
    double MemberShare,
    int Calls,
    int Sms,
    long Seconds,
    double WorkingHoursShare,
    double Reciprocity,
    double Clustering,
    long FirstSeen,
    long LastSeen,
    int GroupsReached,
    double EmployeeLikelihood,
    string Reasons);

/// <summary>A group's figures: roster purity, circle and market share.</summary>
/// <param name="GroupId">Group key.</param>
/// <param name="Name">Name from the groups file, or empty.</param>
/// <param name="Branch">Branch, or empty.</param>
/// <param name="AccountManager">Account manager, or empty.</param>
/// <param name="Scored">False when the roster is below the minimum size.</param>
/// <param name="Roster">Roster size.</param>
/// <param name="Genuine">Genuine members.</param>
/// <param name="Suspect">Suspect members.</param>
/// <param name="Fake">Fake members (inactive included).</param>
/// <param name="Inactive">Of the fakes, inactive lines.</param>
/// <param name="Purity">Genuine / roster.</param>
/// <param name="EstimatedTrueSize">Genuine plus half the suspects (rounded down): the best single guess of real members on the roster.</param>
/// <param name="Prospects">Off-net numbers over the prospect threshold.</param>
/// <param name="PotentialMembers">On-net numbers off the roster that look like members.</param>
/// <param name="PotentialCompetitorMembers">Off-net numbers that look like the group's own people (the data-mined count).</param>
/// <param name="DetectionRate">Chance that one of the group's people on another network shows up in the data at all (see <see cref="CircleAnalysis.Result.DetectionRate"/>).</param>
/// <param name="Coefficient">Correction coefficient applied.</param>
/// <param name="EstimatedCompetitorMembers">PotentialCompetitorMembers / DetectionRate × Coefficient.</param>
/// <param name="MarketShare">Genuine / (genuine + estimated competitor members); null when not scored or both are zero.</param>
public sealed record GroupSummary(
    string GroupId,
    string Name,
    string Branch,
    string AccountManager,
    bool Scored,
    int Roster,
    int Genuine,
    int Suspect,
    int Fake,
    int Inactive,
    double Purity,
    int EstimatedTrueSize,
    int Prospects,
    int PotentialMembers,
    int PotentialCompetitorMembers,
    double DetectionRate,
    double Coefficient,
    double EstimatedCompetitorMembers,
    double? MarketShare)
{
    /// <summary>Off-net numbers at or above the estimate's bar: the mined count behind <see cref="EstimatedCompetitorMembers"/>.</summary>
    public int MinedCompetitorMembers { get; init; }

    /// <summary>Lower end of the market share's 90% interval (null when the share is).</summary>
    public double? MarketShareLow { get; init; }

    /// <summary>Upper end of the market share's 90% interval (null when the share is).</summary>
    public double? MarketShareHigh { get; init; }
}
