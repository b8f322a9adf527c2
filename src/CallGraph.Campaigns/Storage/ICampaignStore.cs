namespace CallGraph.Campaigns.Storage;

/// <summary>
/// Where campaigns live. Every <see cref="Write{T}"/> is one atomic transaction: if the callback
/// throws, nothing it did is kept. Writes from several processes are serialised by the store.
/// </summary>
public interface ICampaignStore : IDisposable
{
    /// <summary>Runs a query over a consistent snapshot.</summary>
    T Read<T>(Func<ICampaignStoreReader, T> query);

    /// <summary>Runs a change as one transaction; committed when the callback returns, rolled back if it throws.</summary>
    T Write<T>(Func<ICampaignStoreWriter, T> change);
}

/// <summary>The queries a store answers inside a transaction.</summary>
public interface ICampaignStoreReader
{
    /// <summary>The campaign, or null when there is no such id.</summary>
    Campaign? FindCampaign(long campaignId);

    /// <summary>All campaigns, by id.</summary>
    IReadOnlyList<Campaign> ListCampaigns();

    /// <summary>The campaign's targets in <see cref="Target.PriorityOrder"/>.</summary>
    IReadOnlyList<Target> GetTargets(long campaignId);

    /// <summary>One target, or null when the campaign does not target that number.</summary>
    Target? FindTarget(long campaignId, string msisdn);

    /// <summary>Every number targeted by an open campaign other than <paramref name="exceptCampaignId"/>, with that campaign's id (the lowest when several).</summary>
    IReadOnlyDictionary<string, long> NumbersInOtherOpenCampaigns(long exceptCampaignId);

    /// <summary>Every number that is a won target in any campaign.</summary>
    IReadOnlySet<string> WonNumbers();

    /// <summary>The audit trail of a campaign, oldest first.</summary>
    IReadOnlyList<AuditEntry> GetAudit(long campaignId);
}

/// <summary>The changes a store makes inside a write transaction. Callers audit each change with <see cref="AppendAudit"/>.</summary>
public interface ICampaignStoreWriter : ICampaignStoreReader
{
    /// <summary>Stores a new open campaign and returns its id.</summary>
    long InsertCampaign(CampaignDraft draft, DateTimeOffset createdAt, string createdBy);

    /// <summary>Opens or closes a campaign.</summary>
    void SetCampaignStatus(long campaignId, CampaignStatus status);

    /// <summary>Adds a target; the (campaign, number) pair must be new.</summary>
    void InsertTarget(Target target);

    /// <summary>Sets or clears the manager of a target.</summary>
    void SetManager(long campaignId, string msisdn, string? manager);

    /// <summary>Sets the outcome, money and note of a target.</summary>
    void SetOutcome(long campaignId, string msisdn, TargetOutcome outcome, decimal revenue, decimal cost, string? note);

    /// <summary>Appends one audit line (its id is assigned by the store).</summary>
    void AppendAudit(DateTimeOffset at, string actor, long campaignId, string? msisdn, string action, string detail);
}
