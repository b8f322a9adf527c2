using QuikGraph;

namespace CallGraph.Graphs;

/// <summary>
/// One edge of a <see cref="GroupGraphView"/>: a member's pair record, from the member (<see cref="Source"/>) to the
/// other party's node (<see cref="Target"/>). <see cref="Position"/> is its place in
/// <see cref="GroupGraph.NeighboursOf"/> and <see cref="GroupGraph.PairsOf"/> of the source, so its traffic is
/// <c>graph.PairsOf(edge.Source)[edge.Position]</c>.
/// </summary>
/// <param name="Source">The member node the pair record belongs to.</param>
/// <param name="Target">The node of the other party.</param>
/// <param name="Position">Index of the edge among the source's edges.</param>
public readonly record struct GroupEdge(int Source, int Target, int Position) : IEdge<int>;

/// <summary>
/// A <see cref="GroupGraph"/> seen through QuikGraph's interfaces, without copying it: vertices are node ids,
/// edges are <see cref="GroupEdge"/> values read from the graph's compressed rows, so QuikGraph's algorithms run
/// on the graph as it is. Either the whole graph (members and contacts, every pair record an edge from its
/// member) or the colleague graph (members only, their member→member edges). Edges are directed as the pair
/// records are: a colleague tie is usually one edge from each side.
/// </summary>
public sealed class GroupGraphView : IBidirectionalGraph<int, GroupEdge>
{
    private readonly GroupGraph _graph;
    private readonly bool _colleaguesOnly;
    private readonly int _vertexCount;
    private int[]? _inStart;   // per member: range in _inEdges of its member→member in-edges (built on first use)
    private GroupEdge[]? _inEdges;

    internal GroupGraphView(GroupGraph graph, bool colleaguesOnly)
    {
        _graph = graph;
        _colleaguesOnly = colleaguesOnly;
        _vertexCount = colleaguesOnly ? graph.MemberCount : graph.NodeCount;
        int edges = 0;
        if (colleaguesOnly)
            for (int i = 0; i < graph.MemberCount; i++) edges += graph.ColleagueEdgesOf(i).Length;
        else edges = graph.EdgeCount;
        EdgeCount = edges;
    }

    /// <summary>The graph this view shows.</summary>
    public GroupGraph Graph => _graph;

    /// <summary>True for the colleague graph (members and their member→member edges only).</summary>
    public bool ColleaguesOnly => _colleaguesOnly;

    /// <inheritdoc/>
    public bool IsDirected => true;

    /// <inheritdoc/>
    public bool AllowParallelEdges => false;

    /// <inheritdoc/>
    public bool IsVerticesEmpty => _vertexCount == 0;

    /// <inheritdoc/>
    public int VertexCount => _vertexCount;

    /// <inheritdoc/>
    public IEnumerable<int> Vertices => Enumerable.Range(0, _vertexCount);

    /// <inheritdoc/>
    public bool IsEdgesEmpty => EdgeCount == 0;

    /// <inheritdoc/>
    public int EdgeCount { get; }

    /// <inheritdoc/>
    public IEnumerable<GroupEdge> Edges
    {
        get
        {
            for (int i = 0; i < _graph.MemberCount; i++)
                foreach (var e in OutEdges(i)) yield return e;
        }
    }

    /// <inheritdoc/>
    public bool ContainsVertex(int vertex) => (uint)vertex < (uint)_vertexCount;

    /// <inheritdoc/>
    public bool ContainsEdge(GroupEdge edge)
    {
        if (!ContainsVertex(edge.Source) || !ContainsVertex(edge.Target) || !_graph.IsMember(edge.Source)) return false;
        var targets = _graph.NeighboursOf(edge.Source);
        return (uint)edge.Position < (uint)targets.Length && targets[edge.Position] == edge.Target;
    }

    /// <inheritdoc/>
    public bool ContainsEdge(int source, int target) => TryGetEdge(source, target, out _);

    /// <inheritdoc/>
    public bool TryGetEdge(int source, int target, out GroupEdge edge)
    {
        edge = default;
        if (!ContainsVertex(source) || !ContainsVertex(target) || !_graph.IsMember(source)) return false;
        var targets = _graph.NeighboursOf(source);
        for (int j = 0; j < targets.Length; j++)
        {
            if (targets[j] != target) continue;
            edge = new GroupEdge(source, target, j);
            return true;
        }
        return false;
    }

    /// <inheritdoc/>
    public bool TryGetEdges(int source, int target, out IEnumerable<GroupEdge> edges)
    {
        if (!ContainsVertex(source) || !ContainsVertex(target))
        {
            edges = Array.Empty<GroupEdge>();
            return false;
        }
        edges = TryGetEdge(source, target, out var edge) ? [edge] : Array.Empty<GroupEdge>();
        return true;
    }

    /// <inheritdoc/>
    public bool IsOutEdgesEmpty(int vertex) => OutDegree(vertex) == 0;

    /// <inheritdoc/>
    public int OutDegree(int vertex)
    {
        Check(vertex);
        if (!_graph.IsMember(vertex)) return 0;
        return _colleaguesOnly ? _graph.ColleagueEdgesOf(vertex).Length : _graph.NeighboursOf(vertex).Length;
    }

    /// <inheritdoc/>
    public IEnumerable<GroupEdge> OutEdges(int vertex)
    {
        int n = OutDegree(vertex);
        for (int k = 0; k < n; k++) yield return OutEdge(vertex, k);
    }

    /// <inheritdoc/>
    public bool TryGetOutEdges(int vertex, out IEnumerable<GroupEdge> edges)
    {
        if (!ContainsVertex(vertex))
        {
            edges = Array.Empty<GroupEdge>();
            return false;
        }
        edges = OutEdges(vertex);
        return true;
    }

    /// <inheritdoc/>
    public GroupEdge OutEdge(int vertex, int index)
    {
        if ((uint)index >= (uint)OutDegree(vertex)) throw new ArgumentOutOfRangeException(nameof(index));
        int position = _colleaguesOnly ? _graph.ColleagueEdgesOf(vertex)[index] : index;
        return new GroupEdge(vertex, _graph.NeighboursOf(vertex)[position], position);
    }

    /// <inheritdoc/>
    public bool IsInEdgesEmpty(int vertex) => InDegree(vertex) == 0;

    /// <inheritdoc/>
    public int InDegree(int vertex)
    {
        Check(vertex);
        if (!_graph.IsMember(vertex)) return _graph.MembersOfContact(vertex).Length;
        EnsureInIndex();
        return _inStart![vertex + 1] - _inStart[vertex];
    }

    /// <inheritdoc/>
    public IEnumerable<GroupEdge> InEdges(int vertex)
    {
        int n = InDegree(vertex);
        for (int k = 0; k < n; k++) yield return InEdge(vertex, k);
    }

    /// <inheritdoc/>
    public bool TryGetInEdges(int vertex, out IEnumerable<GroupEdge> edges)
    {
        if (!ContainsVertex(vertex))
        {
            edges = Array.Empty<GroupEdge>();
            return false;
        }
        edges = InEdges(vertex);
        return true;
    }

    /// <inheritdoc/>
    public GroupEdge InEdge(int vertex, int index)
    {
        if ((uint)index >= (uint)InDegree(vertex)) throw new ArgumentOutOfRangeException(nameof(index));
        if (_graph.IsMember(vertex)) return _inEdges![_inStart![vertex] + index];
        // A contact's members are listed in the reverse index; its edge is found in the member's row (one record per pair).
        int member = _graph.MembersOfContact(vertex)[index];
        int position = _graph.NeighboursOf(member).IndexOf(vertex);
        return new GroupEdge(member, vertex, position);
    }

    /// <inheritdoc/>
    public int Degree(int vertex) => InDegree(vertex) + OutDegree(vertex);

    private void Check(int vertex)
    {
        if (!ContainsVertex(vertex)) throw new VertexNotFoundException($"node {vertex} is not in the view (0..{_vertexCount - 1})");
    }

    /// <summary>
    /// The member→member in-edges, grouped by target member: the CSR has no reverse rows for members, and a
    /// colleague tie need not be recorded on both sides (aggregates can come from outside), so they are
    /// collected once, from the colleague edges only.
    /// </summary>
    private void EnsureInIndex()
    {
        if (_inStart is not null) return;
        int m = _graph.MemberCount;
        var start = new int[m + 1];
        for (int u = 0; u < m; u++)
        {
            var targets = _graph.NeighboursOf(u);
            foreach (int pos in _graph.ColleagueEdgesOf(u)) start[targets[pos] + 1]++;
        }
        for (int v = 0; v < m; v++) start[v + 1] += start[v];
        var edges = new GroupEdge[start[m]];
        var fill = start.AsSpan(0, m).ToArray();
        for (int u = 0; u < m; u++)
        {
            var targets = _graph.NeighboursOf(u);
            foreach (int pos in _graph.ColleagueEdgesOf(u)) edges[fill[targets[pos]]++] = new GroupEdge(u, targets[pos], pos);
        }
        _inEdges = edges;
        _inStart = start;
    }
}
