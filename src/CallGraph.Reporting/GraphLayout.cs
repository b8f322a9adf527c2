using CallGraph.Output;
using CallGraph.Graphs;

namespace CallGraph.Reporting;

/// <summary>
/// A deterministic radial layout of one group graph: members on an inner circle, grouped into teams
/// (weighted label propagation over member–member traffic) so colleagues sit together; outside contacts on an
/// outer ring, each placed near the members it talks to. No randomness, no iteration to convergence.
/// </summary>
internal sealed class GraphLayout
{
    public const double Size = 1000;
    public const double Centre = Size / 2;
    public const double InnerRadius = 300;
    public const double OuterRadius = 430;

    public sealed record Placed(GraphNode Node, double X, double Y, double Angle, double Radius);

    public sealed record Line(Placed From, Placed To, GraphEdge Edge);

    public IReadOnlyList<Placed> Members { get; }
    public IReadOnlyList<Placed> Contacts { get; }
    public IReadOnlyList<Line> Edges { get; }
    public int MembersTotal { get; }
    public int ContactsKept { get; }
    public int EdgesTotal { get; }
    public double MemberRadius { get; }

    private GraphLayout(IReadOnlyList<Placed> members, IReadOnlyList<Placed> contacts, IReadOnlyList<Line> edges, int membersTotal, int contactsKept, int edgesTotal, double memberRadius)
    {
        Members = members;
        Contacts = contacts;
        Edges = edges;
        MembersTotal = membersTotal;
        ContactsKept = contactsKept;
        EdgesTotal = edgesTotal;
        MemberRadius = memberRadius;
    }

    private static int VerdictRank(string verdict) => verdict switch
    {
        "fake" => 0,
        "suspect" => 1,
        "unscored" => 2,
        "genuine" => 3,
        _ => 4,
    };

    private static int ContactRank(GraphNode n) => n.Prospect ? 0 : n.CompetitorLike ? 1 : n.PotentialMember ? 2 : 3;

    public static GraphLayout Compute(GraphData data, int maxMembers, int maxContacts, int maxEdges)
    {
        var index = new Dictionary<string, int>(data.Nodes.Count, StringComparer.Ordinal);
        for (int i = 0; i < data.Nodes.Count; i++) index[data.Nodes[i].Msisdn] = i;
        var memberIdx = Enumerable.Range(0, data.Nodes.Count).Where(i => data.Nodes[i].Kind == GraphNodeKind.Member).ToList();
        var contactIdx = Enumerable.Range(0, data.Nodes.Count).Where(i => data.Nodes[i].Kind == GraphNodeKind.Contact).ToList();

        // Members to draw: the ones an analyst looks for (fake, suspect) first, then the best connected.
        var drawnMembers = memberIdx
            .OrderBy(i => VerdictRank(data.Nodes[i].Verdict) < 3 ? 0 : 1)
            .ThenByDescending(i => data.Nodes[i].MembersContacted)
            .ThenBy(i => i)
            .Take(Math.Max(0, maxMembers)).ToHashSet();
        var drawnContacts = contactIdx
            .OrderBy(i => ContactRank(data.Nodes[i]))
            .ThenByDescending(i => data.Nodes[i].MembersContacted)
            .ThenBy(i => i)
            .Take(Math.Max(0, maxContacts)).ToHashSet();

        // Weighted member–member adjacency among drawn members, by position in node order.
        var ordered = drawnMembers.OrderBy(i => i).ToArray();
        var slot = new Dictionary<int, int>(ordered.Length);
        for (int k = 0; k < ordered.Length; k++) slot[ordered[k]] = k;
        var adjacency = new List<(int Other, double Weight)>[ordered.Length];
        for (int k = 0; k < ordered.Length; k++) adjacency[k] = new();
        foreach (var e in data.Edges)
        {
            if (!index.TryGetValue(e.Source, out int a) || !index.TryGetValue(e.Target, out int b) || a == b) continue;
            if (!slot.TryGetValue(a, out int sa) || !slot.TryGetValue(b, out int sb)) continue;
            double w = Math.Log(2 + e.Events);
            adjacency[sa].Add((sb, w));
            adjacency[sb].Add((sa, w));
        }

        // Teams by label propagation: in node order, each member takes the label its colleagues weigh most
        // (ties: the smallest label), until nothing changes or 12 rounds.
        var label = Enumerable.Range(0, ordered.Length).ToArray();
        var weights = new Dictionary<int, double>();
        for (int round = 0; round < 12; round++)
        {
            bool changed = false;
            for (int k = 0; k < ordered.Length; k++)
            {
                if (adjacency[k].Count == 0) continue;
                weights.Clear();
                foreach (var (o, w) in adjacency[k]) weights[label[o]] = weights.GetValueOrDefault(label[o]) + w;
                int best = label[k];
                double bestW = weights.GetValueOrDefault(best);
                foreach (var (l, w) in weights)
                    if (w > bestW + 1e-9 || (Math.Abs(w - bestW) <= 1e-9 && l < best)) { best = l; bestW = w; }
                if (best != label[k]) { label[k] = best; changed = true; }
            }
            if (!changed) break;
        }
        // Teams largest first; isolated members (no drawn colleague) last, in one block.
        var teams = Enumerable.Range(0, ordered.Length).GroupBy(k => adjacency[k].Count == 0 ? -1 : label[k])
            .OrderBy(g => g.Key == -1 ? 1 : 0).ThenByDescending(g => g.Count()).ThenBy(g => g.Min())
            .ToList();
        var ring = new List<int>();
        foreach (var team in teams)
            ring.AddRange(team.Select(k => ordered[k]).OrderBy(i => VerdictRank(data.Nodes[i].Verdict) == 3 ? 0 : 1)
                .ThenBy(i => VerdictRank(data.Nodes[i].Verdict)).ThenBy(i => i));

        int mCount = ring.Count;
        var placedMembers = new List<Placed>(mCount);
        var pos = new Dictionary<int, Placed>();
        for (int k = 0; k < mCount; k++)
        {
            double angle = -Math.PI / 2 + 2 * Math.PI * k / Math.Max(1, mCount);
            var p = new Placed(data.Nodes[ring[k]], Centre + InnerRadius * Math.Cos(angle), Centre + InnerRadius * Math.Sin(angle), angle, InnerRadius);
            placedMembers.Add(p);
            pos[ring[k]] = p;
        }
        double memberRadius = mCount == 0 ? 6 : Math.Clamp(2 * Math.PI * InnerRadius / mCount * 0.38, 2.2, 9);

        // Contacts: preferred angle = circular mean of their drawn members' angles, then spread out on the ring.
        var contactMembers = drawnContacts.ToDictionary(c => c, _ => new List<double>());
        foreach (var e in data.Edges)
        {
            if (!index.TryGetValue(e.Source, out int a) || !index.TryGetValue(e.Target, out int b)) continue;
            if (contactMembers.TryGetValue(b, out var list) && pos.TryGetValue(a, out var pa)) list.Add(pa.Angle);
            else if (contactMembers.TryGetValue(a, out list) && pos.TryGetValue(b, out var pb)) list.Add(pb.Angle);
        }
        var wanted = drawnContacts.OrderBy(c => c).Select(c =>
        {
            var angles = contactMembers[c];
            double sx = angles.Sum(Math.Cos), sy = angles.Sum(Math.Sin);
            double angle = angles.Count == 0 || (Math.Abs(sx) < 1e-9 && Math.Abs(sy) < 1e-9) ? -Math.PI / 2 : Math.Atan2(sy, sx);
            return (Node: c, Angle: angle);
        }).OrderBy(x => x.Angle).ThenBy(x => x.Node).ToList();
        var angles2 = Spread(wanted.Select(w => w.Angle).ToArray());
        var placedContacts = new List<Placed>(wanted.Count);
        for (int k = 0; k < wanted.Count; k++)
        {
            var node = data.Nodes[wanted[k].Node];
            double r = node.Prospect || node.CompetitorLike || node.PotentialMember ? OuterRadius : OuterRadius + 25;
            var p = new Placed(node, Centre + r * Math.Cos(angles2[k]), Centre + r * Math.Sin(angles2[k]), angles2[k], r);
            placedContacts.Add(p);
            pos[wanted[k].Node] = p;
        }

        // Edges between drawn nodes. Member–member ties are many and heavy; so that the ring's contacts still show
        // whom they talk to, up to 40% of the cap goes to edges of outside contacts (prospects first), the rest
        // to the heaviest member–member edges, and anything left over to the remaining contact edges.
        var inner = new List<(int Order, Line Line)>();
        var outer = new List<(int Order, Line Line)>();
        int total = 0;
        for (int k = 0; k < data.Edges.Count; k++)
        {
            var e = data.Edges[k];
            if (!index.TryGetValue(e.Source, out int a) || !index.TryGetValue(e.Target, out int b)) continue;
            total++;
            if (!pos.TryGetValue(a, out var pa) || !pos.TryGetValue(b, out var pb)) continue;
            bool isInner = pa.Node.Kind == GraphNodeKind.Member && pb.Node.Kind == GraphNodeKind.Member;
            (isInner ? inner : outer).Add((k, new Line(pa, pb, e)));
        }
        int cap = Math.Max(0, maxEdges);
        static GraphNode ContactOf(Line l) => l.From.Node.Kind == GraphNodeKind.Contact ? l.From.Node : l.To.Node;
        // At most 12 edges per contact in the reserved part (its heaviest), so one busy number cannot take it all.
        var outerRanked = outer.GroupBy(c => ContactOf(c.Line).Msisdn, StringComparer.Ordinal)
            .SelectMany(g => g.OrderByDescending(c => c.Line.Edge.Events).ThenBy(c => c.Order).Select((c, rank) => (c.Order, c.Line, Rank: rank)))
            .OrderBy(c => c.Rank < 12 ? 0 : 1).ThenBy(c => ContactRank(ContactOf(c.Line))).ThenByDescending(c => c.Line.Edge.Events).ThenBy(c => c.Order)
            .Select(c => (c.Order, c.Line)).ToList();
        var innerRanked = inner.OrderByDescending(c => c.Line.Edge.Events).ThenBy(c => c.Order).ToList();
        int outerTake = Math.Min(outerRanked.Count, cap * 2 / 5);
        int innerTake = Math.Min(innerRanked.Count, cap - outerTake);
        outerTake = Math.Min(outerRanked.Count, cap - innerTake);
        var lines = outerRanked.Take(outerTake).Concat(innerRanked.Take(innerTake))
            .OrderBy(c => c.Order).Select(c => c.Line).ToList();
        return new GraphLayout(placedMembers, placedContacts, lines, memberIdx.Count, contactIdx.Count, total, memberRadius);
    }

    /// <summary>Sorted preferred angles pushed apart to a minimum gap, then re-centred on where they wanted to be.</summary>
    internal static double[] Spread(double[] preferred)
    {
        int n = preferred.Length;
        var a = (double[])preferred.Clone();
        if (n <= 1) return a;
        double gap = Math.Min(2 * Math.PI / n, 0.16);
        for (int k = 1; k < n; k++) a[k] = Math.Max(a[k], a[k - 1] + gap);
        double span = a[n - 1] - a[0];
        double maxSpan = 2 * Math.PI - gap;
        if (span > maxSpan)
            for (int k = 1; k < n; k++) a[k] = a[0] + (a[k] - a[0]) * maxSpan / span;
        double shift = 0;
        for (int k = 0; k < n; k++) shift += preferred[k] - a[k];
        shift /= n;
        for (int k = 0; k < n; k++) a[k] += shift;
        return a;
    }
}
