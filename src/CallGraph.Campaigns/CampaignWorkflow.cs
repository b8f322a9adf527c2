using CallGraph.Rosters;
using System.Globalization;
using CallGraph.Campaigns.Reporting;
using CallGraph.Campaigns.Storage;
using CallGraph.Ingest;

namespace CallGraph.Campaigns;

/// <summary>
/// The poaching campaign: create, select targets from prospects, assign them to account managers,
/// record outcomes, report. Each change is one store transaction and leaves an audit line per change
/// naming <c>actor</c>; a batch that fails anywhere changes nothing.
/// </summary>
public sealed class CampaignWorkflow
{
    private readonly ICampaignStore _store;
    private readonly TimeProvider _clock;

    /// <summary>Creates the workflow over a store.</summary>
    /// <param name="store">Where campaigns live.</param>
    /// <param name="clock">The time audit lines carry; the system clock by default.</param>
    public CampaignWorkflow(ICampaignStore store, TimeProvider? clock = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Creates an open campaign and returns it.</summary>
    public Campaign Create(CampaignDraft draft, string actor)
    {
        ArgumentNullException.ThrowIfNull(draft);
        CheckActor(actor);
        if (string.IsNullOrWhiteSpace(draft.Name)) throw new CampaignException("a campaign needs a name");
        if (draft.Name.Any(char.IsControl)) throw new CampaignException("a campaign name cannot hold control characters (line breaks, tabs, escapes)");
        if (draft.Budget is < 0) throw new CampaignException("the budget cannot be negative");
        if (draft.Budget is { } budget && !Amounts.IsValid(budget)) throw new CampaignException($"the budget {Amounts.ToText(budget)} is not {Amounts.Expected}");
        if (draft.StartsOn is { } s && draft.EndsOn is { } e && e < s)
            throw new CampaignException($"the campaign ends ({Day(e)}) before it starts ({Day(s)})");
        var now = _clock.GetUtcNow();
        return _store.Write(w =>
        {
            long id = w.InsertCampaign(draft with { Name = draft.Name.Trim() }, now, actor);
            w.AppendAudit(now, actor, id, null, "campaign.create",
                $"name={draft.Name.Trim()} budget={(draft.Budget is { } b ? Amounts.ToText(b) : "-")} starts={Day(draft.StartsOn)} ends={Day(draft.EndsOn)}");
            return w.FindCampaign(id)!;
        });
    }

    /// <summary>Closes a campaign: its targets stop blocking other campaigns and it takes no new ones. Closing twice is a no-op.</summary>
    public Campaign Close(long campaignId, string actor)
    {
        CheckActor(actor);
        var now = _clock.GetUtcNow();
        return _store.Write(w =>
        {
            var campaign = Existing(w, campaignId);
            if (campaign.Status == CampaignStatus.Closed) return campaign;
            w.SetCampaignStatus(campaignId, CampaignStatus.Closed);
            w.AppendAudit(now, actor, campaignId, null, "campaign.close", "status=closed (was open)");
            return w.FindCampaign(campaignId)!;
        });
    }

    /// <summary>The campaign; throws <see cref="CampaignNotFoundException"/> when there is none.</summary>
    public Campaign GetCampaign(long campaignId) => _store.Read(r => Existing(r, campaignId));

    /// <summary>Every campaign with its headline counts, by id.</summary>
    public IReadOnlyList<CampaignSummary> List() => _store.Read(r => r.ListCampaigns()
        .Select(c => Summarise(c, r.GetTargets(c.Id)))
        .ToList());

    /// <summary>The campaign with its headline counts.</summary>
    public CampaignSummary Summary(long campaignId) => _store.Read(r => Summarise(Existing(r, campaignId), r.GetTargets(campaignId)));

    /// <summary>The campaign's targets in priority order.</summary>
    public IReadOnlyList<Target> GetTargets(long campaignId) => _store.Read(r =>
    {
        Existing(r, campaignId);
        return r.GetTargets(campaignId);
    });

    /// <summary>The campaign's audit trail, oldest first.</summary>
    public IReadOnlyList<AuditEntry> GetAudit(long campaignId) => _store.Read(r =>
    {
        Existing(r, campaignId);
        return r.GetAudit(campaignId);
    });

    /// <summary>
    /// Adds the prospects that meet <paramref name="criteria"/> as targets, best first (member share desc,
    /// members contacted desc, number). A number listed for several groups counts once, for its best row.
    /// Numbers another open campaign (or this one) already targets are skipped and reported.
    /// </summary>
    /// <param name="campaignId">An open campaign.</param>
    /// <param name="prospects">The prospect list.</param>
    /// <param name="criteria">Which prospects to take.</param>
    /// <param name="actor">Who is making the change.</param>
    /// <param name="groups">The groups file, required when <see cref="TargetCriteria.Branch"/> is set.</param>
    public SelectionResult Select(long campaignId, IEnumerable<Prospect> prospects, TargetCriteria criteria, string actor,
        IReadOnlyDictionary<string, GroupInfo>? groups = null)
    {
        ArgumentNullException.ThrowIfNull(prospects);
        ArgumentNullException.ThrowIfNull(criteria);
        CheckActor(actor);
        if (criteria.Branch is not null && groups is null) throw new ArgumentException("selecting by branch needs the groups file", nameof(groups));
        if (criteria.Limit is < 0) throw new ArgumentException("the limit cannot be negative", nameof(criteria));
        if (criteria.MinShare is { } minShare && !(minShare >= 0 && minShare <= 1))
            throw new ArgumentException("the minimum share must be between 0 and 1", nameof(criteria));

        var list = prospects.ToList();
        foreach (var p in list)
        {
            // NaN would sort and compare arbitrarily, and the store cannot hold it.
            if (!(p.MemberShare >= 0 && p.MemberShare <= 1))
                throw new CampaignException($"prospect {p.Msisdn} of group {DisplayText.Escape(p.GroupId)}: member share {p.MemberShare.ToString("R", CultureInfo.InvariantCulture)} is not between 0 and 1");
            if (p.MembersContacted < 0)
                throw new CampaignException($"prospect {p.Msisdn} of group {DisplayText.Escape(p.GroupId)}: members contacted cannot be negative");
        }
        var candidates = list
            .Where(p => Matches(p, criteria, groups))
            .OrderByDescending(p => p.MemberShare)
            .ThenByDescending(p => p.MembersContacted)
            .ThenBy(p => p.Msisdn, StringComparer.Ordinal)
            .ThenBy(p => p.GroupId, StringComparer.Ordinal)
            .ThenBy(p => p.Operator, StringComparer.Ordinal) // a total order, so the row kept never depends on file order
            .DistinctBy(p => p.Msisdn)
            .ToList();
        var now = _clock.GetUtcNow();
        return _store.Write(w =>
        {
            var campaign = Existing(w, campaignId);
            if (campaign.Status != CampaignStatus.Open) throw new CampaignException($"campaign {campaignId} is closed: it takes no new targets");
            var inThisCampaign = w.GetTargets(campaignId).Select(t => t.Msisdn).ToHashSet(StringComparer.Ordinal);
            var inOtherCampaigns = w.NumbersInOtherOpenCampaigns(campaignId);
            var won = criteria.ExcludeWon ? w.WonNumbers() : new HashSet<string>();

            int matched = 0;
            var added = new List<Target>();
            var skipped = new List<SkippedProspect>();
            foreach (var p in candidates)
            {
                if (won.Contains(p.Msisdn)) continue;
                matched++;
                if (criteria.Limit is { } limit && added.Count >= limit) continue;
                if (inThisCampaign.Contains(p.Msisdn)) { skipped.Add(new(p.Msisdn, SkipReason.AlreadyInCampaign, campaignId)); continue; }
                if (inOtherCampaigns.TryGetValue(p.Msisdn, out long other)) { skipped.Add(new(p.Msisdn, SkipReason.InOtherOpenCampaign, other)); continue; }
                var target = new Target(campaignId, p.Msisdn, p.GroupId, p.Operator, p.MembersContacted, p.MemberShare,
                    null, TargetOutcome.None, 0m, 0m, null);
                w.InsertTarget(target);
                w.AppendAudit(now, actor, campaignId, p.Msisdn, "target.add",
                    $"group={p.GroupId} operator={p.Operator} members={p.MembersContacted} share={p.MemberShare.ToString("R", CultureInfo.InvariantCulture)}");
                added.Add(target);
            }
            return new SelectionResult(matched, added, skipped);
        });
    }

    /// <summary>
    /// Assigns the campaign's unassigned targets, in priority order, by <paramref name="plan"/>.
    /// Targets that cannot be assigned (unknown group, no manager, every manager full) stay unassigned and are reported.
    /// </summary>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="plan">Strategy, managers and capacity.</param>
    /// <param name="groups">The groups file; required for the account-manager strategy and for round robin without managers.</param>
    /// <param name="actor">Who is making the change.</param>
    public AssignmentResult Assign(long campaignId, AssignmentPlan plan, IReadOnlyDictionary<string, GroupInfo>? groups, string actor)
    {
        ArgumentNullException.ThrowIfNull(plan);
        CheckActor(actor);
        if (plan.Capacity is < 1) throw new ArgumentException("the capacity must be at least 1", nameof(plan));
        var listed = plan.Managers?.Select(m => m.Trim()).Where(m => m.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (listed?.FirstOrDefault(m => m.Any(char.IsControl)) is { } odd)
            throw new CampaignException($"the manager name '{DisplayText.Escape(odd)}' holds control characters");
        if (plan.Strategy == AssignmentStrategy.AccountManager && groups is null)
            throw new ArgumentException("the account-manager strategy needs the groups file", nameof(groups));
        List<string> roundRobinManagers = [];
        if (plan.Strategy == AssignmentStrategy.RoundRobin)
        {
            if (listed is null && groups is null) throw new ArgumentException("round robin needs managers or the groups file", nameof(plan));
            roundRobinManagers = listed ?? groups!.Values.Select(g => g.AccountManager.Trim()).Where(m => m.Length > 0)
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (roundRobinManagers.Count == 0) throw new CampaignException("round robin has no managers to deal to");
        }

        var now = _clock.GetUtcNow();
        return _store.Write(w =>
        {
            Existing(w, campaignId);
            var targets = w.GetTargets(campaignId);
            var load = targets.Where(t => t.Manager is not null).GroupBy(t => t.Manager!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            bool HasRoom(string manager) => plan.Capacity is not { } cap || load.GetValueOrDefault(manager) < cap;

            var assigned = new List<TargetAssignment>();
            var unassigned = new List<UnassignedTarget>();
            int next = 0; // round-robin cursor
            foreach (var t in targets.Where(t => t.Manager is null))
            {
                string? manager;
                if (plan.Strategy == AssignmentStrategy.AccountManager)
                {
                    if (!groups!.TryGetValue(t.GroupId, out var group)) { unassigned.Add(new(t.Msisdn, UnassignedReason.UnknownGroup, null)); continue; }
                    manager = group.AccountManager.Trim();
                    if (manager.Length == 0) { unassigned.Add(new(t.Msisdn, UnassignedReason.NoAccountManager, null)); continue; }
                    if (listed is not null && !listed.Contains(manager, StringComparer.Ordinal)) { unassigned.Add(new(t.Msisdn, UnassignedReason.ManagerNotListed, manager)); continue; }
                    if (!HasRoom(manager)) { unassigned.Add(new(t.Msisdn, UnassignedReason.OverCapacity, manager)); continue; }
                }
                else
                {
                    manager = null;
                    for (int tried = 0; tried < roundRobinManagers.Count && manager is null; tried++)
                    {
                        string candidate = roundRobinManagers[next];
                        next = (next + 1) % roundRobinManagers.Count;
                        if (HasRoom(candidate)) manager = candidate;
                    }
                    if (manager is null) { unassigned.Add(new(t.Msisdn, UnassignedReason.OverCapacity, null)); continue; }
                }
                w.SetManager(campaignId, t.Msisdn, manager);
                w.AppendAudit(now, actor, campaignId, t.Msisdn, "target.assign",
                    $"manager={manager} strategy={(plan.Strategy == AssignmentStrategy.AccountManager ? "account-manager" : "round-robin")}");
                load[manager] = load.GetValueOrDefault(manager) + 1;
                assigned.Add(new(t.Msisdn, manager));
            }
            return new AssignmentResult(assigned, unassigned);
        });
    }

    /// <summary>
    /// Records outcomes as one transaction: any bad entry (unknown target, a number given twice with different
    /// results) changes nothing. An entry equal to what is stored is a no-op and leaves no audit line,
    /// so importing the same file twice changes nothing the second time.
    /// </summary>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="entries">The outcomes, e.g. from <see cref="Input.FeedbackFile"/>.</param>
    /// <param name="actor">Who is making the change.</param>
    /// <param name="entryApplied">Called inside the transaction after each entry with the count so far (progress).</param>
    public FeedbackResult RecordFeedback(long campaignId, IReadOnlyList<FeedbackEntry> entries, string actor, Action<int>? entryApplied = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        CheckActor(actor);
        foreach (var e in entries)
        {
            if (e.Outcome == TargetOutcome.None) throw Problem(e, "an outcome is required (won, lost, pending, unreachable)");
            if (e.Revenue < 0 || e.Cost < 0) throw Problem(e, "revenue and cost cannot be negative");
            if (!Amounts.IsValid(e.Revenue)) throw Problem(e, $"revenue {Amounts.ToText(e.Revenue)} is not {Amounts.Expected}");
            if (!Amounts.IsValid(e.Cost)) throw Problem(e, $"cost {Amounts.ToText(e.Cost)} is not {Amounts.Expected}");
        }
        var now = _clock.GetUtcNow();
        return _store.Write(w =>
        {
            Existing(w, campaignId);
            var firstSeen = new Dictionary<string, FeedbackEntry>(StringComparer.Ordinal);
            int changed = 0, unchanged = 0;
            for (int i = 0; i < entries.Count; i++)
            {
                var e = entries[i];
                if (firstSeen.TryGetValue(e.Msisdn, out var earlier))
                {
                    if (!SameResult(earlier, e))
                        throw Problem(e, $"{e.Msisdn} is given again with a different result{(earlier.Origin is { } o ? $" (first on line {o.Line})" : "")}");
                }
                else firstSeen.Add(e.Msisdn, e);

                var target = w.FindTarget(campaignId, e.Msisdn) ?? throw Problem(e, $"campaign {campaignId} has no target {e.Msisdn}");
                string? note = e.Note ?? target.Note;
                if (target.Outcome == e.Outcome && target.Revenue == e.Revenue && target.Cost == e.Cost && target.Note == note)
                {
                    unchanged++;
                }
                else
                {
                    w.SetOutcome(campaignId, e.Msisdn, e.Outcome, e.Revenue, e.Cost, note);
                    w.AppendAudit(now, actor, campaignId, e.Msisdn, "target.feedback",
                        $"{Describe(e.Outcome, e.Revenue, e.Cost, note)} (was {Describe(target.Outcome, target.Revenue, target.Cost, target.Note)})");
                    changed++;
                }
                entryApplied?.Invoke(i + 1);
            }
            return new FeedbackResult(changed, unchanged);
        });
    }

    /// <summary>The campaign's figures: overall, per manager and per member-share band (see <see cref="ShareBands"/>).</summary>
    public CampaignReport Report(long campaignId, IReadOnlyList<ShareBand>? bands = null) => _store.Read(r =>
        CampaignReporter.Build(Existing(r, campaignId), r.GetTargets(campaignId), bands ?? ShareBands.Default));

    private static bool Matches(Prospect p, TargetCriteria c, IReadOnlyDictionary<string, GroupInfo>? groups) =>
        (c.MinShare is not { } share || p.MemberShare >= share)
        && (c.MinMembers is not { } members || p.MembersContacted >= members)
        && (c.Operator is null || string.Equals(p.Operator, c.Operator, StringComparison.OrdinalIgnoreCase))
        && (c.GroupId is null || string.Equals(p.GroupId, c.GroupId, StringComparison.Ordinal))
        && (c.Branch is null || (groups!.TryGetValue(p.GroupId, out var g) && string.Equals(g.Branch, c.Branch, StringComparison.OrdinalIgnoreCase)));

    private static CampaignSummary Summarise(Campaign c, IReadOnlyList<Target> targets) => new(c,
        targets.Count,
        targets.Count(t => t.Manager is not null),
        targets.Count(t => Outcomes.IsContacted(t.Outcome)),
        targets.Count(t => t.Outcome == TargetOutcome.Won));

    private static Campaign Existing(ICampaignStoreReader reader, long campaignId) =>
        reader.FindCampaign(campaignId) ?? throw new CampaignNotFoundException(campaignId);

    private static bool SameResult(FeedbackEntry a, FeedbackEntry b) =>
        a.Outcome == b.Outcome && a.Revenue == b.Revenue && a.Cost == b.Cost && (a.Note is null || b.Note is null || a.Note == b.Note);

    // File entries fail with their location (exit 1 naming file:line:column); single entries with a plain message.
    private static Exception Problem(FeedbackEntry e, string reason) =>
        e.Origin is { } o ? new DataException(o.Source, o.Line, o.Column, reason) : new CampaignException(reason);

    private static string Describe(TargetOutcome outcome, decimal revenue, decimal cost, string? note) =>
        $"outcome={Outcomes.ToText(outcome)} revenue={Amounts.ToText(revenue)} cost={Amounts.ToText(cost)}" + (note is null ? "" : $" note={note}");

    private static string Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-";

    private static void CheckActor(string actor)
    {
        if (string.IsNullOrWhiteSpace(actor)) throw new ArgumentException("an actor is required for the audit trail", nameof(actor));
        if (actor.Any(char.IsControl)) throw new ArgumentException("an actor cannot hold control characters", nameof(actor));
    }
}
