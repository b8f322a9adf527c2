using CallGraph.Graphs;
using CallGraph.Numbers;
using CallGraph.Rosters;
using CallGraph.Tests.Analysis;
using FsCheck;
using FsCheck.Fluent;
using QuikGraph;

namespace CallGraph.Tests.Graphs;

/// <summary>The QuikGraph view shows the CSR as it is; the colleague teams are its components.</summary>
public class GroupGraphViewTests
{
    private static readonly Arbitrary<int> Seeds = Arb.From(Gen.Choose(0, 1_000_000));

    private static IEnumerable<GroupGraph> Graphs(int seed)
    {
        var (rows, cdrs) = PropertyTests.RandomWorld(seed);
        var roster = new Roster(rows);
        var world = new TestWorld();
        var aggregate = world.Aggregate(roster, cdrs);
        return roster.Groups.Select(g => GroupGraph.Build(aggregate, g)).ToList();
    }

    /// <summary>Every edge of the CSR, read the plain way: (member, position, target).</summary>
    private static List<GroupEdge> CsrEdges(GroupGraph g, bool colleaguesOnly)
    {
        var list = new List<GroupEdge>();
        for (int i = 0; i < g.MemberCount; i++)
        {
            var targets = g.NeighboursOf(i);
            for (int j = 0; j < targets.Length; j++)
                if (!colleaguesOnly || targets[j] < g.MemberCount) list.Add(new GroupEdge(i, targets[j], j));
        }
        return list;
    }

    private static bool SameAsCsr(GroupGraph g, bool colleaguesOnly)
    {
        var view = colleaguesOnly ? g.AsColleagueGraph() : g.AsQuikGraph();
        IBidirectionalGraph<int, GroupEdge> q = view;
        var edges = CsrEdges(g, colleaguesOnly);
        int vertices = colleaguesOnly ? g.MemberCount : g.NodeCount;
        if (q.VertexCount != vertices || !q.Vertices.SequenceEqual(Enumerable.Range(0, vertices))) return false;
        if (q.EdgeCount != edges.Count || !q.Edges.SequenceEqual(edges)) return false;
        for (int v = 0; v < vertices; v++)
        {
            var outs = edges.Where(e => e.Source == v).ToList();
            var ins = edges.Where(e => e.Target == v).OrderBy(e => e.Source).ThenBy(e => e.Position).ToList();
            if (q.OutDegree(v) != outs.Count || !q.OutEdges(v).SequenceEqual(outs)) return false;
            if (q.InDegree(v) != ins.Count || !q.InEdges(v).OrderBy(e => e.Source).ThenBy(e => e.Position).SequenceEqual(ins)) return false;
            if (q.Degree(v) != outs.Count + ins.Count) return false;
            for (int k = 0; k < outs.Count; k++)
                if (q.OutEdge(v, k) != outs[k]) return false;
        }
        foreach (var e in edges)
        {
            if (!q.ContainsEdge(e) || !q.ContainsEdge(e.Source, e.Target)) return false;
            if (!q.TryGetEdge(e.Source, e.Target, out var found) || found != e) return false;
            // The edge's position finds its pair record.
            if (g.PairsOf(e.Source)[e.Position].Other != g.NumberOf(e.Target).Key) return false;
        }
        return !q.ContainsEdge(new GroupEdge(0, 0, int.MaxValue)) && !q.ContainsVertex(vertices) && !q.ContainsVertex(-1);
    }

    [Fact]
    public void The_view_has_the_csr_vertices_edges_and_adjacency() =>
        Prop.ForAll(Seeds, seed => Graphs(seed).All(g => SameAsCsr(g, colleaguesOnly: false) && SameAsCsr(g, colleaguesOnly: true)))
            .QuickCheckThrowOnFailure();

    /// <summary>Plain union-find over the colleague edges: the components' partition of the members.</summary>
    private static int[] PlainComponents(GroupGraph g)
    {
        var parent = Enumerable.Range(0, g.MemberCount).ToArray();
        int Root(int x) => parent[x] == x ? x : parent[x] = Root(parent[x]);
        foreach (var e in CsrEdges(g, colleaguesOnly: true)) parent[Root(e.Source)] = Root(e.Target);
        return Enumerable.Range(0, g.MemberCount).Select(Root).ToArray();
    }

    [Fact]
    public void Teams_are_the_components_of_the_colleague_graph() =>
        Prop.ForAll(Seeds, seed => Graphs(seed).All(g =>
        {
            var teams = ColleagueTeams.Find(g);
            var plain = PlainComponents(g);
            bool samePartition = Enumerable.Range(0, g.MemberCount).All(i => Enumerable.Range(0, g.MemberCount)
                .All(j => (teams.TeamOf[i] == teams.TeamOf[j]) == (plain[i] == plain[j])));
            var sizes = plain.GroupBy(r => r).Select(c => c.Count()).OrderByDescending(n => n).ToList();
            return samePartition && teams.TeamCount == sizes.Count && teams.Sizes.SequenceEqual(sizes)
                && teams.Isolated.SequenceEqual(Enumerable.Range(0, g.MemberCount).Where(i => plain.Count(r => r == plain[i]) == 1));
        })).QuickCheckThrowOnFailure();

    [Fact]
    public void A_hand_made_group_has_its_known_teams_and_isolated_members()
    {
        var w = new TestWorld();
        var m = w.AddGroup("G", 8);
        var outside = w.OffNet();
        // Team one: m0, m1, m2 (a chain m0-m1-m2, one direction only for m1→m2). Team two: m3, m4, m5 (m5 only receives).
        w.Call(m[0], m[1], TestWorld.At(0, 10));
        w.Call(m[1], m[2], TestWorld.At(0, 11));
        w.Call(m[3], m[4], TestWorld.At(1, 10));
        w.Sms(m[4], m[5], TestWorld.At(1, 12));
        // m6 and m7 talk only to the same outsider: a shared contact is no colleague tie.
        w.Call(m[6], outside, TestWorld.At(2, 10));
        w.Call(m[7], outside, TestWorld.At(2, 11));
        var roster = w.Roster();
        var graph = GroupGraph.Build(w.Aggregate(roster), roster.Groups[0]);
        int Node(PhoneNumber n) => Enumerable.Range(0, graph.MemberCount).Single(i => graph.NumberOf(i) == n);

        var teams = ColleagueTeams.Find(graph);

        Assert.Equal(4, teams.TeamCount);
        Assert.Equal(new[] { 3, 3, 1, 1 }, teams.Sizes);
        Assert.Equal(new[] { Node(m[6]), Node(m[7]) }.Order(), teams.Isolated);
        Assert.Equal(teams.TeamOf[Node(m[0])], teams.TeamOf[Node(m[2])]);
        Assert.Equal(teams.TeamOf[Node(m[3])], teams.TeamOf[Node(m[5])]);
        Assert.NotEqual(teams.TeamOf[Node(m[0])], teams.TeamOf[Node(m[3])]);
        // Of the two teams of three, the one holding the lowest member node is team 0.
        int lowestOfFirst = Math.Min(Node(m[0]), Math.Min(Node(m[1]), Node(m[2])));
        int lowestOfSecond = Math.Min(Node(m[3]), Math.Min(Node(m[4]), Node(m[5])));
        Assert.Equal(lowestOfFirst < lowestOfSecond ? 0 : 1, teams.TeamOf[Node(m[0])]);
        // The colleague view: 8 vertices, each tie recorded on both sides (4 ties, 8 edges); the whole view adds the outsider.
        Assert.Equal(8, graph.AsColleagueGraph().VertexCount);
        Assert.Equal(8, graph.AsColleagueGraph().EdgeCount);
        Assert.Equal(9, graph.AsQuikGraph().VertexCount);
        Assert.Equal(10, graph.AsQuikGraph().EdgeCount);
        Assert.Equal(2, graph.AsQuikGraph().InDegree(graph.MemberCount));
    }
}
