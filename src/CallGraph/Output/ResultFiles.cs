using CallGraph.Analysis;
using CallGraph.Csv;

namespace CallGraph.Output;

/// <summary>The columns of members.csv, in order: what <see cref="ResultWriter.WriteMembers"/> writes and <see cref="ResultReader.ReadMembers"/> reads.</summary>
public static class MembersFile
{
    /// <summary>The file's columns, each named as its header.</summary>
    public static readonly CsvColumn GroupId = new("group_id"), Msisdn = new("msisdn"), Verdict = new("verdict"), Score = new("score"),
        Operator = new("operator"), Events = new("events"), Calls = new("calls"), Sms = new("sms"), Seconds = new("seconds"),
        Contacts = new("contacts"), ColleaguesReached = new("colleagues_reached"), Colleagues = new("colleagues"),
        InsideShare = new("inside_share"), Reciprocity = new("reciprocity"), SharedCircle = new("shared_circle"),
        WorkingHoursShare = new("working_hours_share"), ProfileSimilarity = new("profile_similarity"), PlaceShare = new("place_share"),
        Embeddedness = new("embeddedness", required: false), Inactive = new("inactive"), OtherRosters = new("other_rosters"), Reasons = new("reasons");

    /// <summary>
    /// The columns of the signals added since the named ones above (<see cref="SignalDescriptor.AddedColumns"/>), in that
    /// order: written after <see cref="Embeddedness"/>, optional when read (older files lack them).
    /// </summary>
    internal static readonly CsvColumn[] AddedSignals = SignalDescriptor.AddedColumns.Select(d => new CsvColumn(d.Column!, required: false)).ToArray();

    /// <summary>The file's columns in the order written.</summary>
    public static readonly CsvContract Contract = new("members", [GroupId, Msisdn, Verdict, Score, Operator, Events, Calls, Sms, Seconds, Contacts,
        ColleaguesReached, Colleagues, InsideShare, Reciprocity, SharedCircle, WorkingHoursShare, ProfileSimilarity, PlaceShare, Embeddedness,
        .. AddedSignals, Inactive, OtherRosters, Reasons]);
}

/// <summary>The columns of groups.csv, in order: what <see cref="ResultWriter.WriteGroups"/> writes and <see cref="ResultReader.ReadGroups"/> reads.</summary>
public static class GroupsFile
{
    /// <summary>The file's columns, each named as its header.</summary>
    public static readonly CsvColumn GroupId = new("group_id"), Name = new("name"), Branch = new("branch"), AccountManager = new("account_manager"),
        Scored = new("scored"), Roster = new("roster"), Genuine = new("genuine"), Suspect = new("suspect"), Fake = new("fake"),
        Inactive = new("inactive"), Purity = new("purity"), EstimatedTrueSize = new("estimated_true_size"), Prospects = new("prospects"),
        PotentialMembers = new("potential_members"), PotentialCompetitorMembers = new("potential_competitor_members"),
        DetectionRate = new("detection_rate"), Coefficient = new("coefficient"), EstimatedCompetitorMembers = new("estimated_competitor_members"),
        MarketShare = new("market_share"), MarketShareLow = new("market_share_low", required: false),
        MarketShareHigh = new("market_share_high", required: false), MinedCompetitorMembers = new("mined_competitor_members", required: false);

    /// <summary>The file's columns in the order written.</summary>
    public static readonly CsvContract Contract = new("groups", GroupId, Name, Branch, AccountManager, Scored, Roster, Genuine, Suspect, Fake,
        Inactive, Purity, EstimatedTrueSize, Prospects, PotentialMembers, PotentialCompetitorMembers, DetectionRate, Coefficient,
        EstimatedCompetitorMembers, MarketShare, MarketShareLow, MarketShareHigh, MinedCompetitorMembers);
}

/// <summary>
/// The columns of prospects.csv, potential-members.csv and competitor-members.csv (one layout for the three), in
/// order: what <see cref="ResultWriter.WriteCircle"/> writes, <see cref="ResultReader.ReadCircle"/> and the campaign's
/// prospect import read.
/// </summary>
public static class CircleFile
{
    /// <summary>The file's columns, each named as its header.</summary>
    public static readonly CsvColumn GroupId = new("group_id"), Msisdn = new("msisdn"), Operator = new("operator"),
        MembersContacted = new("members_contacted"), MemberShare = new("member_share"), Calls = new("calls"), Sms = new("sms"),
        Seconds = new("seconds"), WorkingHoursShare = new("working_hours_share"), Reciprocity = new("reciprocity"),
        Clustering = new("clustering"), FirstSeen = new("first_seen"), LastSeen = new("last_seen"), GroupsReached = new("groups_reached"),
        EmployeeLikelihood = new("employee_likelihood"), Reasons = new("reasons");

    /// <summary>The files' columns in the order written.</summary>
    public static readonly CsvContract Contract = new("prospects", GroupId, Msisdn, Operator, MembersContacted, MemberShare, Calls, Sms, Seconds,
        WorkingHoursShare, Reciprocity, Clustering, FirstSeen, LastSeen, GroupsReached, EmployeeLikelihood, Reasons);
}

/// <summary>The columns of rollup.csv, in order: what <see cref="ResultWriter.WriteRollups"/> writes and <see cref="ResultReader.ReadRollups"/> reads.</summary>
public static class RollupFile
{
    /// <summary>The file's columns, each named as its header.</summary>
    public static readonly CsvColumn Dimension = new("dimension"), Key = new("key"), Groups = new("groups"), Roster = new("roster"),
        Genuine = new("genuine"), EstimatedCompetitorMembers = new("estimated_competitor_members"), MarketShare = new("market_share"),
        Prospects = new("prospects");

    /// <summary>The file's columns in the order written.</summary>
    public static readonly CsvContract Contract = new("rollup", Dimension, Key, Groups, Roster, Genuine, EstimatedCompetitorMembers, MarketShare, Prospects);
}

/// <summary>The columns of trends.csv, in order: what <see cref="ResultWriter.WriteTrends"/> writes and <see cref="ResultReader.ReadTrends"/> reads.</summary>
public static class TrendsFile
{
    /// <summary>The file's columns, each named as its header.</summary>
    public static readonly CsvColumn GroupId = new("group_id"), Period = new("period"), MarketShare = new("market_share"),
        ShareChangePoints = new("share_change_points"), Purity = new("purity"), PurityChangePoints = new("purity_change_points"),
        Prospects = new("prospects"), ProspectsChange = new("prospects_change"), Genuine = new("genuine"),
        EstimatedCompetitorMembers = new("estimated_competitor_members");

    /// <summary>The file's columns in the order written.</summary>
    public static readonly CsvContract Contract = new("trends", GroupId, Period, MarketShare, ShareChangePoints, Purity, PurityChangePoints,
        Prospects, ProspectsChange, Genuine, EstimatedCompetitorMembers);
}

/// <summary>The columns of alerts.csv, in order: what <see cref="ResultWriter.WriteAlerts"/> writes and <see cref="ResultReader.ReadAlerts"/> reads.</summary>
public static class AlertsFile
{
    /// <summary>The file's columns, each named as its header.</summary>
    public static readonly CsvColumn GroupId = new("group_id"), FromPeriod = new("from_period"), ToPeriod = new("to_period"),
        ShareBefore = new("share_before"), ShareAfter = new("share_after"), DropPoints = new("drop_points"), Member = new("member"),
        EventsBefore = new("events_before"), EventsAfter = new("events_after"), NewNumber = new("new_number"),
        NewOperator = new("new_operator"), Overlap = new("overlap");

    /// <summary>The file's columns in the order written.</summary>
    public static readonly CsvContract Contract = new("alerts", GroupId, FromPeriod, ToPeriod, ShareBefore, ShareAfter, DropPoints, Member,
        EventsBefore, EventsAfter, NewNumber, NewOperator, Overlap);
}
