namespace CallGraph.Campaigns;

/// <summary>Whether a campaign still takes targets. A number may be a target of only one open campaign at a time.</summary>
public enum CampaignStatus
{
    /// <summary>Running: targets can be selected and assigned, and they block the number for other open campaigns.</summary>
    Open,

    /// <summary>Finished: no new targets; feedback can still be recorded.</summary>
    Closed,
}

/// <summary>What came of approaching a target. <see cref="None"/> means no feedback yet.</summary>
public enum TargetOutcome
{
    /// <summary>No feedback recorded.</summary>
    None,

    /// <summary>Being worked on; not yet contacted with a result.</summary>
    Pending,

    /// <summary>The number switched to us.</summary>
    Won,

    /// <summary>Contacted, declined.</summary>
    Lost,

    /// <summary>Attempted, could not be reached.</summary>
    Unreachable,
}

/// <summary>What is needed to create a campaign.</summary>
/// <param name="Name">A name for people; need not be unique.</param>
/// <param name="Budget">The planned spend, if any.</param>
/// <param name="StartsOn">First day, if planned.</param>
/// <param name="EndsOn">Last day, if planned; not before <paramref name="StartsOn"/>.</param>
public sealed record CampaignDraft(string Name, decimal? Budget = null, DateOnly? StartsOn = null, DateOnly? EndsOn = null);

/// <summary>A stored campaign.</summary>
/// <param name="Id">The store's id, printed by <c>campaign create</c>.</param>
/// <param name="Name">The name given at creation.</param>
/// <param name="Budget">The planned spend, if any.</param>
/// <param name="StartsOn">First day, if planned.</param>
/// <param name="EndsOn">Last day, if planned.</param>
/// <param name="Status">Open or closed.</param>
/// <param name="CreatedAt">When it was created (UTC).</param>
/// <param name="CreatedBy">Who created it.</param>
public sealed record Campaign(long Id, string Name, decimal? Budget, DateOnly? StartsOn, DateOnly? EndsOn, CampaignStatus Status, DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>One row of <c>prospects.csv</c>: an off-net number around a group, with how strongly it reaches the group.</summary>
/// <param name="GroupId">The group it was found around.</param>
/// <param name="Msisdn">The canonical number.</param>
/// <param name="Operator">The competitor operator the number is on.</param>
/// <param name="MembersContacted">Distinct group members it talked to.</param>
/// <param name="MemberShare">MembersContacted over the group's member count, 0..1.</param>
public sealed record Prospect(string GroupId, string Msisdn, string Operator, int MembersContacted, double MemberShare);

/// <summary>A number targeted by a campaign, with its assignment and outcome.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="Msisdn">The canonical number.</param>
/// <param name="GroupId">The group whose prospect list it came from.</param>
/// <param name="Operator">Its operator at selection time.</param>
/// <param name="MembersContacted">Distinct group members it talked to.</param>
/// <param name="MemberShare">Share of the group's members it talked to, 0..1.</param>
/// <param name="Manager">The account manager it is assigned to; null while unassigned.</param>
/// <param name="Outcome">The latest outcome.</param>
/// <param name="Revenue">Revenue recorded for it.</param>
/// <param name="Cost">Cost recorded for it.</param>
/// <param name="Note">Free text from the last feedback.</param>
public sealed record Target(long CampaignId, string Msisdn, string GroupId, string Operator, int MembersContacted, double MemberShare,
    string? Manager, TargetOutcome Outcome, decimal Revenue, decimal Cost, string? Note)
{
    /// <summary>
    /// The order targets are selected, worked and listed in: share desc, then members desc, then number.
    /// </summary>
    public static IComparer<Target> PriorityOrder { get; } = Comparer<Target>.Create((a, b) =>
    {
        int c = b.MemberShare.CompareTo(a.MemberShare);
        if (c != 0) return c;
        c = b.MembersContacted.CompareTo(a.MembersContacted);
        return c != 0 ? c : string.CompareOrdinal(a.Msisdn, b.Msisdn);
    });
}

/// <summary>Where a value was read from, so an error about it can name file, line and column.</summary>
/// <param name="Source">The file name.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column (field index).</param>
public sealed record SourceField(string Source, long Line, int Column);

/// <summary>One outcome report for a target.</summary>
/// <param name="Msisdn">The canonical number.</param>
/// <param name="Outcome">The outcome; not <see cref="TargetOutcome.None"/>.</param>
/// <param name="Revenue">Revenue, from 0 to <see cref="Amounts.Max"/> (see <see cref="Amounts.IsValid"/>).</param>
/// <param name="Cost">Cost, from 0 to <see cref="Amounts.Max"/> (see <see cref="Amounts.IsValid"/>).</param>
/// <param name="Note">Free text; null leaves the stored note as it is.</param>
/// <param name="Origin">Where its number was read, if from a file; errors about the target name it.</param>
public sealed record FeedbackEntry(string Msisdn, TargetOutcome Outcome, decimal Revenue, decimal Cost, string? Note = null, SourceField? Origin = null);

/// <summary>One line of the audit trail: who changed what, when.</summary>
/// <param name="Id">Increasing id.</param>
/// <param name="At">When (UTC).</param>
/// <param name="Actor">Who.</param>
/// <param name="CampaignId">The campaign changed.</param>
/// <param name="Msisdn">The target changed, if the change was about one.</param>
/// <param name="Action">What kind of change, e.g. <c>target.feedback</c>.</param>
/// <param name="Detail">The change itself, as <c>key=value</c> text.</param>
public sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, long CampaignId, string? Msisdn, string Action, string Detail);

/// <summary>A campaign-level problem: unknown campaign or target, a closed campaign, a rule broken.</summary>
public class CampaignException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CampaignException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public CampaignException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>The campaign id does not exist in the store.</summary>
public sealed class CampaignNotFoundException(long campaignId)
    : CampaignException($"no campaign {campaignId} in the store")
{
    /// <summary>The id asked for.</summary>
    public long CampaignId { get; } = campaignId;
}
