namespace CallGraph.Campaigns;

/// <summary>Which prospects a campaign targets. Every criterion left null lets everything through.</summary>
/// <param name="MinShare">Keep prospects with member_share at least this.</param>
/// <param name="MinMembers">Keep prospects that contacted at least this many members.</param>
/// <param name="Operator">Keep prospects on this operator (case-insensitive).</param>
/// <param name="GroupId">Keep prospects of this group.</param>
/// <param name="Branch">Keep prospects of groups in this branch (case-insensitive); needs the groups file.</param>
/// <param name="ExcludeWon">Leave out numbers already won in any campaign.</param>
/// <param name="Limit">Add at most this many targets.</param>
public sealed record TargetCriteria(
    double? MinShare = null, int? MinMembers = null, string? Operator = null, string? GroupId = null,
    string? Branch = null, bool ExcludeWon = false, int? Limit = null);

/// <summary>Why a prospect that met the criteria was not added.</summary>
public enum SkipReason
{
    /// <summary>Another open campaign already targets the number.</summary>
    InOtherOpenCampaign,

    /// <summary>This campaign already targets the number.</summary>
    AlreadyInCampaign,
}

/// <summary>A prospect that met the criteria but was not added.</summary>
/// <param name="Msisdn">The number.</param>
/// <param name="Reason">Why.</param>
/// <param name="CampaignId">The campaign that holds it (this one or another).</param>
public sealed record SkippedProspect(string Msisdn, SkipReason Reason, long CampaignId);

/// <summary>What <see cref="CampaignWorkflow.Select"/> did.</summary>
/// <param name="Matched">Distinct numbers that met the criteria.</param>
/// <param name="Added">Targets added, in priority order.</param>
/// <param name="Skipped">Numbers not added, in priority order.</param>
public sealed record SelectionResult(int Matched, IReadOnlyList<Target> Added, IReadOnlyList<SkippedProspect> Skipped);

/// <summary>How targets are dealt to account managers.</summary>
public enum AssignmentStrategy
{
    /// <summary>Each target goes to its group's own account manager (from the groups file).</summary>
    AccountManager,

    /// <summary>Targets are dealt in priority order to the managers in turn.</summary>
    RoundRobin,
}

/// <summary>How to assign a campaign's unassigned targets.</summary>
/// <param name="Strategy">The strategy.</param>
/// <param name="Managers">
/// Round robin: the managers, in dealing order (default: every account manager in the groups file, sorted).
/// Account manager: only these managers receive targets; others' targets stay unassigned.
/// </param>
/// <param name="Capacity">At most this many targets per manager in the campaign, counting earlier assignments.</param>
public sealed record AssignmentPlan(AssignmentStrategy Strategy, IReadOnlyList<string>? Managers = null, int? Capacity = null);

/// <summary>Why a target was left unassigned.</summary>
public enum UnassignedReason
{
    /// <summary>Its group is not in the groups file.</summary>
    UnknownGroup,

    /// <summary>Its group has no account manager.</summary>
    NoAccountManager,

    /// <summary>Its group's manager is not among the managers given.</summary>
    ManagerNotListed,

    /// <summary>Every eligible manager is at capacity.</summary>
    OverCapacity,
}

/// <summary>A target given to a manager.</summary>
/// <param name="Msisdn">The target's number.</param>
/// <param name="Manager">The manager.</param>
public sealed record TargetAssignment(string Msisdn, string Manager);

/// <summary>A target left unassigned.</summary>
/// <param name="Msisdn">The target's number.</param>
/// <param name="Reason">Why.</param>
/// <param name="Manager">The manager it would have gone to, when there was one.</param>
public sealed record UnassignedTarget(string Msisdn, UnassignedReason Reason, string? Manager);

/// <summary>What <see cref="CampaignWorkflow.Assign"/> did; targets assigned earlier are not in either list.</summary>
/// <param name="Assigned">New assignments, in priority order.</param>
/// <param name="Unassigned">Targets still unassigned, in priority order.</param>
public sealed record AssignmentResult(IReadOnlyList<TargetAssignment> Assigned, IReadOnlyList<UnassignedTarget> Unassigned);

/// <summary>What <see cref="CampaignWorkflow.RecordFeedback"/> did.</summary>
/// <param name="Changed">Targets whose outcome, money or note changed.</param>
/// <param name="Unchanged">Entries that matched what was stored already (no change, no audit line).</param>
public sealed record FeedbackResult(int Changed, int Unchanged);

/// <summary>A campaign with its headline counts, for listings.</summary>
/// <param name="Campaign">The campaign.</param>
/// <param name="Targets">Targets.</param>
/// <param name="Assigned">Targets with a manager.</param>
/// <param name="Contacted">Targets won, lost or unreachable.</param>
/// <param name="Won">Targets won.</param>
public sealed record CampaignSummary(Campaign Campaign, int Targets, int Assigned, int Contacted, int Won);
