using CallGraph.Aggregation;
using CallGraph.Graphs;
using CallGraph.Numbers;

namespace CallGraph.Analysis;

/// <summary>One group's figures in one period, with the change from the previous period.</summary>
/// <param name="GroupId">Group key.</param>
/// <param name="Period">Period label.</param>
/// <param name="MarketShare">Share in the period.</param>
/// <param name="ShareChange">Change in share points (×100) from the previous period.</param>
/// <param name="Purity">Purity in the period.</param>
/// <param name="PurityChange">Change in purity points from the previous period.</param>
/// <param name="Prospects">Prospects in the period.</param>
/// <param name="ProspectsChange">Change from the previous period.</param>
/// <param name="Genuine">Genuine members.</param>
/// <param name="EstimatedCompetitorMembers">Estimated competitor members.</param>
public sealed record TrendRow(string GroupId, string Period, double? MarketShare, double? ShareChange, double Purity, double? PurityChange, int Prospects, int? ProspectsChange, int Genuine, double EstimatedCompetitorMembers);

/// <summary>A member whose traffic moved to a competitor number.</summary>
/// <param name="Member">The roster number that went quiet.</param>
/// <param name="EventsBefore">Its events in the earlier period.</param>
/// <param name="EventsAfter">Its events in the later period.</param>
/// <param name="NewNumber">The competitor number that took over its colleagues, when one did.</param>
/// <param name="NewOperator">That number's operator.</param>
/// <param name="Overlap">Share of the member's former colleagues that the new number talks to.</param>
public sealed record MovedMember(PhoneNumber Member, int EventsBefore, int EventsAfter, PhoneNumber? NewNumber, string NewOperator, double Overlap);

/// <summary>A group whose market share fell by more than the alert threshold between two periods.</summary>
/// <param name="GroupId">Group key.</param>
/// <param name="FromPeriod">Earlier period.</param>
/// <param name="ToPeriod">Later period.</param>
/// <param name="ShareBefore">Share in the earlier period.</param>
/// <param name="ShareAfter">Share in the later period.</param>
/// <param name="DropPoints">Fall in share points.</param>
/// <param name="Moved">Members whose traffic moved to competitor numbers.</param>
public sealed record ShareAlert(string GroupId, string FromPeriod, string ToPeriod, double ShareBefore, double ShareAfter, double DropPoints, IReadOnlyList<MovedMember> Moved);

/// <summary>Per-period figures, their changes, and alerts when a group's share falls (defending against poaching).</summary>
public static class Trends
{
    /// <summary>Builds the trend rows (by group, then period) and the alerts.</summary>
    public static (IReadOnlyList<TrendRow> Rows, IReadOnlyList<ShareAlert> Alerts) Build(
        IReadOnlyList<PeriodAggregate> periods, IReadOnlyList<AnalysisResult> results, NumberPlan plan, double alertDropPoints = 5)
    {
        ArgumentNullException.ThrowIfNull(periods);
        ArgumentNullException.ThrowIfNull(results);
        if (periods.Count != results.Count) throw new ArgumentException("One result per period is required.");
        var rows = new List<TrendRow>();
        var alerts = new List<ShareAlert>();
        if (periods.Count == 0) return (rows, alerts);
        var byPeriod = results.Select(r => r.Groups.ToDictionary(g => g.GroupId, StringComparer.Ordinal)).ToArray();
        foreach (var group in periods[0].Aggregate.Roster.Groups)
        {
            GroupSummary? previous = null;
            for (int p = 0; p < periods.Count; p++)
            {
                var s = byPeriod[p][group.GroupId];
                double? shareChange = previous?.MarketShare is double a && s.MarketShare is double b ? Math.Round((b - a) * 100, 2) : null;
                rows.Add(new TrendRow(group.GroupId, periods[p].Label, s.MarketShare, shareChange, s.Purity,
                    previous is null ? null : Math.Round((s.Purity - previous.Purity) * 100, 2), s.Prospects,
                    previous is null ? null : s.Prospects - previous.Prospects, s.Genuine, s.EstimatedCompetitorMembers));
                if (shareChange is double change && -change > alertDropPoints)
                {
                    // Traffic may have moved a period before the share crossed the threshold: when the previous
                    // period shows no move, compare with the first period instead.
                    var moved = MovedMembers(periods[p - 1].Aggregate, periods[p].Aggregate, group.Index, plan);
                    if (moved.Count == 0 && p > 1) moved = MovedMembers(periods[0].Aggregate, periods[p].Aggregate, group.Index, plan);
                    alerts.Add(new ShareAlert(group.GroupId, periods[p - 1].Label, periods[p].Label, previous!.MarketShare!.Value, s.MarketShare!.Value, Math.Round(-change, 2), moved));
                }
                previous = s;
            }
        }
        return (rows, alerts);
    }

    /// <summary>
    /// Members whose traffic fell by at least 60%, each with the off-net number that appeared in the later
    /// period and talks to the largest share (at least half) of their former colleagues: the SIM the
    /// employee most likely took.
    /// </summary>
    private static List<MovedMember> MovedMembers(CallAggregate before, CallAggregate after, int groupIndex, NumberPlan plan)
    {
        var group = before.Roster.Groups[groupIndex];
        var gBefore = GroupGraph.Build(before, group);
        var gAfter = GroupGraph.Build(after, group);
        // Candidates: off-net numbers talking to at least two members in the later period and absent before.
        var newNumbers = new List<PhoneNumber>();
        for (int c = group.Size; c < gAfter.NodeCount; c++)
        {
            var number = gAfter.NumberOf(c);
            if (gAfter.MembersOfContact(c).Length >= 2 && gBefore.ContactNode(number) < 0 && plan.Describe(number).Network == Network.OffNet)
                newNumbers.Add(number);
        }
        var moved = new List<MovedMember>();
        for (int i = 0; i < group.Size; i++)
        {
            int evBefore = 0, evAfter = 0;
            foreach (ref readonly var p in gBefore.PairsOf(i)) evBefore += p.Events;
            foreach (ref readonly var p in gAfter.PairsOf(i)) evAfter += p.Events;
            if (evBefore < 10 || evAfter > 0.4 * evBefore) continue;
            var colleagues = new HashSet<int>();
            foreach (int n in gBefore.NeighboursOf(i)) if (n < group.Size) colleagues.Add(n);
            if (colleagues.Count == 0) continue;
            PhoneNumber? best = null;
            double bestOverlap = 0;
            foreach (var number in newNumbers)
            {
                int node = gAfter.ContactNode(number);
                if (node < 0) continue;
                int shared = 0;
                foreach (int mnode in gAfter.MembersOfContact(node)) if (colleagues.Contains(mnode)) shared++;
                double overlap = (double)shared / colleagues.Count;
                if (overlap > bestOverlap || (overlap == bestOverlap && best is PhoneNumber b && number < b)) { best = number; bestOverlap = overlap; }
            }
            if (bestOverlap < 0.5) best = null;
            moved.Add(new MovedMember(group.Members[i], evBefore, evAfter, best, best is PhoneNumber bn ? plan.Operators.LookupName(bn) : "", Math.Round(best is null ? 0 : bestOverlap, 4)));
        }
        return moved;
    }
}
