using CallGraph.Aggregation;
using CallGraph.Graphs;
using CallGraph.Numbers;
using CallGraph.Rosters;

namespace CallGraph.Analysis;

/// <summary>
/// Scores how strongly each roster member is coupled to its group. Every signal is measured against
/// the group's own typical member (its median), so a 12-person office and a 3,000-person bank are
/// judged by their own standards: a member as tied, as embedded, as timed and as placed as the group's
/// median member scores 1.
/// </summary>
public static class MemberCoupling
{
    /// <summary>Assesses every member of the group drawn by <paramref name="graph"/>.</summary>
    public static MemberAssessment[] Assess(GroupGraph graph, CallAggregate aggregate, NumberPlan plan, CouplingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(aggregate);
        ArgumentNullException.ThrowIfNull(plan);
        var result = new MemberAssessment[graph.MemberCount];
        Assess(graph, aggregate, plan, options ?? new CouplingOptions(), new Scratch(), result);
        return result;
    }

    /// <summary>Working arrays of <see cref="Assess(GroupGraph, CallAggregate, NumberPlan, CouplingOptions, Scratch, Span{MemberAssessment}, int[])"/>, reused by a worker from group to group.</summary>
    internal sealed class Scratch
    {
        public RawSignals[] Raw = [];
        public ContactKind[] Kinds = [];
        public bool[] Strong = [];
        public double[] Scores = [];
        public double[] Values = [];
        public ulong[] Cells = [];
        public readonly ReasonText Text = new();
    }

    /// <summary>What a contact counts as in a member's signals.</summary>
    internal enum ContactKind : byte
    {
        /// <summary>A service number: left out of the outside traffic.</summary>
        Excluded,

        /// <summary>A real line that fewer members than the shared-contact bar talk to.</summary>
        Own,

        /// <summary>A real line that enough members talk to: part of the group's shared circle.</summary>
        Shared,
    }

    /// <summary>
    /// Per roster entry, how many rosters its number is on. Most numbers are on one, so only the numbers on
    /// several are looked up; <see cref="Assess(GroupGraph, CallAggregate, NumberPlan, CouplingOptions, Scratch, Span{MemberAssessment}, int[])"/>
    /// otherwise looks up every member.
    /// </summary>
    internal static int[] RostersOfEntries(Roster roster)
    {
        var rosters = new int[roster.EntryCount];
        rosters.AsSpan().Fill(1);
        foreach (var number in roster.NumbersOnSeveralRosters)
        {
            int n = 0;
            for (int e = roster.FirstEntryOf(number); e >= 0; e = roster.NextEntryOfSameNumber(e)) n++;
            for (int e = roster.FirstEntryOf(number); e >= 0; e = roster.NextEntryOfSameNumber(e)) rosters[e] = n;
        }
        return rosters;
    }

    /// <summary>Assesses every member of the group into <paramref name="result"/> (one per member, in roster order).</summary>
    internal static void Assess(GroupGraph graph, CallAggregate aggregate, NumberPlan plan, CouplingOptions options, Scratch scratch, Span<MemberAssessment> result, int[]? rostersOfEntries = null)
    {
        var group = graph.Group;
        var roster = aggregate.Roster;
        int m = graph.MemberCount;
        var raw = ScratchArray.Ensure(ref scratch.Raw, m).AsSpan(0, m);
        raw.Clear();

        // Which contacts are real lines (not service numbers), and which of those enough members talk to.
        int contactCount = graph.ContactCount;
        var kinds = ScratchArray.Ensure(ref scratch.Kinds, contactCount);
        var contacts = graph.Contacts;
        for (int c = 0; c < contactCount; c++)
            kinds[c] = NumberPlan.IsExcluded(contacts[c]) ? ContactKind.Excluded
                : graph.MembersOfContact(m + c).Length >= options.SharedContactMinMembers ? ContactKind.Shared
                : ContactKind.Own;

        var mainCells = MainCells(aggregate, group.FirstEntry, m, options, scratch);
        Span<double> groupProfile = stackalloc double[CallAggregator.ProfileBins];
        groupProfile.Clear();
        for (int i = 0; i < m; i++)
        {
            var p = aggregate.ProfileOf(group.FirstEntry + i);
            for (int b = 0; b < groupProfile.Length; b++) groupProfile[b] += p[b];
        }

        for (int i = 0; i < m; i++)
        {
            ref RawSignals r = ref raw[i];
            var pairs = graph.PairsOf(i);
            var targets = graph.NeighboursOf(i);
            long outsideEvents = 0, sharedEvents = 0, colleagueEvents = 0, workEvents = 0, seconds = 0;
            int events = 0, calls = 0, sms = 0, colleagues = 0, reciprocalTies = 0;
            for (int j = 0; j < pairs.Length; j++)
            {
                ref readonly var p = ref pairs[j];
                int ev = p.Events;
                events += ev;
                calls += p.Calls;
                sms += p.Sms;
                seconds += p.Seconds;
                workEvents += p.WorkHourEvents;
                int node = targets[j];
                if (node < m)
                {
                    colleagues++;
                    colleagueEvents += ev;
                    if (p.IsReciprocal) reciprocalTies++;
                }
                else
                {
                    var kind = kinds[node - m];
                    if (kind != ContactKind.Excluded) outsideEvents += ev;
                    if (kind == ContactKind.Shared) sharedEvents += ev;
                }
            }
            r.Events = events;
            r.Calls = calls;
            r.Sms = sms;
            r.Seconds = seconds;
            r.ColleaguesReached = colleagues;
            r.Contacts = pairs.Length;
            r.InsideShare = Ratio(colleagueEvents, r.Events);
            r.Reciprocity = Ratio(reciprocalTies, r.ColleaguesReached);
            r.SharedCircle = Ratio(sharedEvents, outsideEvents);
            r.WorkingHoursShare = Ratio(workEvents, r.Events);
            r.ProfileSimilarity = ProfileSimilarity(aggregate.ProfileOf(group.FirstEntry + i), groupProfile);
            r.PlaceShare = PlaceShare(aggregate.CellsOf(group.FirstEntry + i), mainCells);
            r.Inactive = r.Events < options.MinActiveEvents;
        }

        bool scored = m >= options.MinGroupSize;
        var scores = ScratchArray.Ensure(ref scratch.Scores, m).AsSpan(0, m);
        scores.Clear();
        // The medians rest on signals that neither pass changes, so they are taken once.
        var medians = scored ? Medians(raw, scratch) : default;
        if (scored)
        {
            // Pass 1 counts every colleague; pass 2 only colleagues who are not themselves weakly
            // coupled, so a ring of relatives calling each other does not vouch for itself.
            var strong = ScratchArray.Ensure(ref scratch.Strong, m).AsSpan(0, m);
            strong.Fill(true);
            Score(graph, raw, strong, medians, options, scores, scratch);
            for (int i = 0; i < m; i++) strong[i] = scores[i] >= options.GenuineThreshold;
            Score(graph, raw, strong, medians, options, scores, scratch);
        }

        string? unscored = scored ? null : $"group has {m} members, fewer than {options.MinGroupSize}: not scored";
        for (int i = 0; i < m; i++)
        {
            ref RawSignals r = ref raw[i];
            var number = roster.NumberOf(group.FirstEntry + i);
            Verdict verdict = !scored ? Verdict.Unscored
                : scores[i] >= options.GenuineThreshold ? Verdict.Genuine
                : scores[i] < options.FakeThreshold ? Verdict.Fake
                : Verdict.Suspect;
            int otherRosters = 0;
            if (rostersOfEntries is not null) otherRosters = rostersOfEntries[group.FirstEntry + i];
            else
                for (int e = roster.FirstEntryOf(number); e >= 0; e = roster.NextEntryOfSameNumber(e)) otherRosters++;
            string reasons = unscored ?? Explain(r, m - 1, medians, r.StrongColleagues, scratch.Text);
            result[i] = new MemberAssessment(group.GroupId, number, verdict, Math.Round(scores[i], 4),
                plan.OperatorName(plan.Describe(number).Operator), r.Events, r.Calls, r.Sms, r.Seconds, r.Contacts,
                r.ColleaguesReached, m - 1, r.InsideShare, r.Reciprocity, r.SharedCircle, r.WorkingHoursShare,
                r.ProfileSimilarity, r.PlaceShare, r.Inactive, otherRosters - 1, reasons);
        }
    }

    internal struct RawSignals
    {
        public int Events, Calls, Sms, Contacts, ColleaguesReached, StrongColleagues;
        public long Seconds;
        public double InsideShare, Reciprocity, SharedCircle, WorkingHoursShare, ProfileSimilarity;
        public double? PlaceShare;
        public bool Inactive;
    }

    private readonly record struct GroupMedians(double Circle, double Profile, double? Place);

    private static GroupMedians Medians(ReadOnlySpan<RawSignals> raw, Scratch scratch)
    {
        // The medians over active members (all members when none is active), without copying the signals.
        bool anyActive = false;
        foreach (ref readonly var r in raw) anyActive |= !r.Inactive;
        var values = ScratchArray.Ensure(ref scratch.Values, raw.Length);
        int n = 0;
        foreach (ref readonly var r in raw)
            if (!anyActive || !r.Inactive) values[n++] = r.SharedCircle;
        double circle = MedianInPlace(values.AsSpan(0, n));
        n = 0;
        foreach (ref readonly var r in raw)
            if (!anyActive || !r.Inactive) values[n++] = r.ProfileSimilarity;
        double profile = MedianInPlace(values.AsSpan(0, n));
        n = 0;
        foreach (ref readonly var r in raw)
            if ((!anyActive || !r.Inactive) && r.PlaceShare is double p) values[n++] = p;
        return new GroupMedians(circle, profile, n > 0 ? MedianInPlace(values.AsSpan(0, n)) : null);
    }

    /// <summary>
    /// The median (the middle value, or the mean of the two middle values; 0 when empty), reordering the span:
    /// the middle values are selected rather than the whole span sorted. The values are never NaN.
    /// </summary>
    internal static double MedianInPlace(Span<double> v)
    {
        if (v.Length == 0) return 0;
        int half = v.Length / 2;
        double upper = Select(v, half);
        if (v.Length % 2 == 1) return upper;
        // Everything before the selected position is at most it, so the lower middle value is their largest.
        double lower = v[0];
        for (int i = 1; i < half; i++) lower = Math.Max(lower, v[i]);
        return (lower + upper) / 2;
    }

    /// <summary>
    /// The value that sorting would put at position <paramref name="k"/>, leaving every value before that
    /// position at most it (Hoare's selection, median-of-three pivots).
    /// </summary>
    private static double Select(Span<double> v, int k)
    {
        int lo = 0, hi = v.Length - 1;
        while (lo < hi)
        {
            double a = v[lo], b = v[lo + (hi - lo) / 2], c = v[hi];
            double pivot = Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
            int i = lo, j = hi;
            while (i <= j)
            {
                while (v[i] < pivot) i++;
                while (v[j] > pivot) j--;
                if (i <= j)
                {
                    (v[i], v[j]) = (v[j], v[i]);
                    i++;
                    j--;
                }
            }
            // Now v[lo..j] <= pivot <= v[i..hi], and anything between equals the pivot.
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return v[k];
        }
        return v[k];
    }

    private static void Score(GroupGraph graph, Span<RawSignals> raw, ReadOnlySpan<bool> strong, GroupMedians med, CouplingOptions o, Span<double> scores, Scratch scratch)
    {
        int m = raw.Length;
        for (int i = 0; i < m; i++)
        {
            int count = 0;
            var targets = graph.NeighboursOf(i);
            foreach (int j in graph.ColleagueEdgesOf(i))
                if (strong[targets[j]]) count++;
            raw[i].StrongColleagues = count;
        }
        // The bar for "tied like a member": half the median colleague count, between 1 and 3 colleagues.
        var strongCounts = ScratchArray.Ensure(ref scratch.Values, m);
        int active = 0;
        foreach (ref readonly var r in raw)
            if (!r.Inactive) strongCounts[active++] = r.StrongColleagues;
        double tiesBar = Math.Clamp(0.5 * MedianInPlace(strongCounts.AsSpan(0, active)), 1, 3); // no active member: median of {0}
        double circleBar = Math.Max(0.1, 0.5 * med.Circle);
        // Time credit grows linearly from half the group's median similarity (none) to 90% of it (full).
        double profileHigh = Math.Max(0.2, 0.9 * med.Profile);
        double profileLow = 0.5 * profileHigh / 0.9;
        double? placeBar = med.Place is double pm ? Math.Max(0.1, 0.5 * pm) : null;
        for (int i = 0; i < m; i++)
        {
            ref RawSignals r = ref raw[i];
            double ties = Math.Min(1, r.StrongColleagues / tiesBar);
            double circle = Math.Min(1, r.SharedCircle / circleBar);
            double time = Math.Clamp((r.ProfileSimilarity - profileLow) / (profileHigh - profileLow), 0, 1);
            double weighted = o.TiesWeight * ties + o.CircleWeight * circle + o.TimeWeight * time;
            double weights = o.TiesWeight + o.CircleWeight + o.TimeWeight;
            if (placeBar is double pb && r.PlaceShare is double ps)
            {
                weighted += o.PlaceWeight * Math.Min(1, ps / pb);
                weights += o.PlaceWeight;
            }
            else if (placeBar is not null)
            {
                weights += o.PlaceWeight; // the group has cells but this member never shows up in any: no place credit
            }
            double score = weights > 0 ? weighted / weights : 0;
            if (r.Inactive) score = Math.Min(score, 0.1 * r.Events / Math.Max(1, o.MinActiveEvents));
            scores[i] = score;
        }
    }

    /// <summary>
    /// The group's main cells, ascending: cells where at least the bar's number of members have working-hours
    /// events. A member's cells are distinct, so after sorting every member's working-hours cells together,
    /// the length of a cell's run is its member count.
    /// </summary>
    private static ReadOnlySpan<ulong> MainCells(CallAggregate aggregate, int firstEntry, int m, CouplingOptions o, Scratch scratch)
    {
        int total = 0;
        for (int i = 0; i < m; i++) total += aggregate.CellsOf(firstEntry + i).Length;
        var cells = ScratchArray.Ensure(ref scratch.Cells, total);
        int n = 0;
        for (int i = 0; i < m; i++)
            foreach (ref readonly var c in aggregate.CellsOf(firstEntry + i))
                if (c.WorkHourEvents > 0) cells[n++] = c.Cell;
        cells.AsSpan(0, n).Sort();
        int bar = Math.Max(3, (int)Math.Ceiling(o.MainCellMemberShare * m));
        int main = 0;
        for (int run = 0; run < n;)
        {
            int end = run + 1;
            while (end < n && cells[end] == cells[run]) end++;
            if (end - run >= bar) cells[main++] = cells[run];
            run = end;
        }
        return cells.AsSpan(0, main);
    }

    private static double? PlaceShare(ReadOnlySpan<CellCount> cells, ReadOnlySpan<ulong> mainCells)
    {
        if (cells.Length == 0) return null;
        long total = 0, inMain = 0;
        foreach (ref readonly var c in cells)
        {
            total += c.Events;
            if (mainCells.BinarySearch(c.Cell) >= 0) inMain += c.Events;
        }
        return Ratio(inMain, total);
    }

    private static double ProfileSimilarity(ReadOnlySpan<int> member, ReadOnlySpan<double> group)
    {
        double dot = 0, mm = 0, gg = 0;
        for (int b = 0; b < group.Length; b++)
        {
            double g = group[b] - member[b]; // the rest of the group
            dot += member[b] * g;
            mm += (double)member[b] * member[b];
            gg += g * g;
        }
        return mm == 0 || gg == 0 ? 0 : Math.Round(dot / Math.Sqrt(mm * gg), 4);
    }

    private static double Ratio(long part, long whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4);

    private static string Explain(in RawSignals r, int colleagues, GroupMedians med, int strongColleagues, ReasonText text)
    {
        // Reasons joined with "; " as they are appended (no list, no per-reason strings).
        text.Clear();
        if (r.Inactive) text.Append($"inactive: {r.Events} events in the period; ");
        text.Append($"reached {r.ColleaguesReached} of {colleagues} colleagues");
        if (strongColleagues < r.ColleaguesReached) text.Append($" ({strongColleagues} of them strongly coupled)");
        if (r.Events > 0)
        {
            if (r.SharedCircle == 0) text.Append("; shares no contacts with the group");
            else text.Append($"; {r.SharedCircle:0%} of outside traffic with the group's shared contacts (group median {med.Circle:0%})");
            double outside = 1 - r.WorkingHoursShare;
            if (outside >= 0.5) text.Append($"; {outside:0%} of events outside working hours");
            else text.Append($"; {r.WorkingHoursShare:0%} of events in working hours");
            text.Append($"; time profile similarity {r.ProfileSimilarity:0.00} (group median {med.Profile:0.00})");
            if (r.PlaceShare is double place) text.Append($"; {place:0%} of own events from the group's main cells");
        }
        return text.ToString();
    }

}
