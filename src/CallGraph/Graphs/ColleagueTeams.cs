using QuikGraph.Algorithms;

namespace CallGraph.Graphs;

/// <summary>
/// The sub-teams of a group: connected components of its colleague graph (members, linked when either has
/// a pair record with the other), found by QuikGraph's weakly connected components on
/// <see cref="GroupGraph.AsColleagueGraph"/>. A member with no colleague tie is isolated: a team of one.
/// </summary>
public sealed class ColleagueTeams
{
    private readonly int[] _teamOf;
    private readonly int[] _sizes;

    private ColleagueTeams(int[] teamOf, int[] sizes)
    {
        _teamOf = teamOf;
        _sizes = sizes;
    }

    /// <summary>Teams, isolated members included.</summary>
    public int TeamCount => _sizes.Length;

    /// <summary>
    /// Team of each member node (0..<see cref="TeamCount"/>-1): the largest team is 0, ties by their lowest
    /// member, so the numbering depends only on the graph.
    /// </summary>
    public IReadOnlyList<int> TeamOf => _teamOf;

    /// <summary>Members per team, largest first.</summary>
    public IReadOnlyList<int> Sizes => _sizes;

    /// <summary>Member nodes with no colleague tie, ascending.</summary>
    public IReadOnlyList<int> Isolated
    {
        get
        {
            var list = new List<int>();
            for (int i = 0; i < _teamOf.Length; i++)
                if (_sizes[_teamOf[i]] == 1) list.Add(i);
            return list;
        }
    }

    /// <summary>Finds the teams of <paramref name="graph"/>.</summary>
    public static ColleagueTeams Find(GroupGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var view = graph.AsColleagueGraph();
        var components = new Dictionary<int, int>(view.VertexCount);
        int count = view.VertexCount == 0 ? 0 : view.WeaklyConnectedComponents(components);
        return FromComponents(graph.MemberCount, count, c => components[c]);
    }

    /// <summary>Renumbers raw component ids: largest first, ties by lowest member.</summary>
    internal static ColleagueTeams FromComponents(int members, int count, Func<int, int> component)
    {
        var size = new int[count];
        var lowest = Enumerable.Repeat(int.MaxValue, count).ToArray();
        for (int i = 0; i < members; i++)
        {
            int c = component(i);
            size[c]++;
            lowest[c] = Math.Min(lowest[c], i);
        }
        var order = Enumerable.Range(0, count).OrderByDescending(c => size[c]).ThenBy(c => lowest[c]).ToArray();
        var rank = new int[count];
        for (int r = 0; r < count; r++) rank[order[r]] = r;
        var teamOf = new int[members];
        for (int i = 0; i < members; i++) teamOf[i] = rank[component(i)];
        return new ColleagueTeams(teamOf, order.Select(c => size[c]).ToArray());
    }
}
