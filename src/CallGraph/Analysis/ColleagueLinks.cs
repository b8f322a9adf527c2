using CallGraph.Graphs;

namespace CallGraph.Analysis;

/// <summary>
/// Which pairs of a group's members talk to each other, from either side. Groups up to
/// <see cref="MatrixLimit"/> members get a bit matrix (a lookup is one bit test, and a worker reuses the
/// matrix from group to group); larger ones fall back to a set of pairs, whose size grows with the ties
/// instead of with the square of the roster.
/// </summary>
internal sealed class ColleagueLinks
{
    private readonly int _matrixLimit;
    private ulong[] _bits = [];
    private int _words;
    private int _members;
    private readonly HashSet<long> _pairs = new();
    private bool _matrix;

    /// <summary>Largest group kept as a bit matrix by default (2 MiB of bits).</summary>
    public const int MatrixLimit = 4096;

    public ColleagueLinks(int matrixLimit = MatrixLimit) => _matrixLimit = matrixLimit;

    /// <summary>Takes the member–member edges of <paramref name="graph"/>, forgetting the previous group's.</summary>
    public void Reset(GroupGraph graph)
    {
        int m = graph.MemberCount;
        _members = m;
        _matrix = m <= _matrixLimit;
        if (_matrix)
        {
            _words = (m + 63) >> 6;
            var bits = ScratchArray.Ensure(ref _bits, m * _words);
            Array.Clear(bits, 0, m * _words);
            for (int i = 0; i < m; i++)
            {
                var targets = graph.NeighboursOf(i);
                foreach (int j in graph.ColleagueEdgesOf(i))
                {
                    int node = targets[j];
                    bits[i * _words + (node >> 6)] |= 1UL << node;
                    bits[node * _words + (i >> 6)] |= 1UL << i;
                }
            }
        }
        else
        {
            _pairs.Clear();
            for (int i = 0; i < m; i++)
            {
                var targets = graph.NeighboursOf(i);
                foreach (int j in graph.ColleagueEdgesOf(i))
                {
                    int node = targets[j];
                    _pairs.Add((long)Math.Min(i, node) * m + Math.Max(i, node));
                }
            }
        }
    }

    /// <summary>How many pairs of <paramref name="nodes"/> (ascending member nodes) share an edge.</summary>
    public int LinkedPairs(ReadOnlySpan<int> nodes)
    {
        int linked = 0;
        for (int a = 0; a < nodes.Length; a++)
        {
            if (_matrix)
            {
                // One row of bits per member: a pair is one bit of the first member's row.
                var row = _bits.AsSpan(nodes[a] * _words, _words);
                for (int b = a + 1; b < nodes.Length; b++) linked += (int)(row[nodes[b] >> 6] >> nodes[b]) & 1;
            }
            else
            {
                for (int b = a + 1; b < nodes.Length; b++)
                    if (Linked(nodes[a], nodes[b])) linked++;
            }
        }
        return linked;
    }

    /// <summary>True when member nodes <paramref name="a"/> and <paramref name="b"/> (<paramref name="a"/> &lt; <paramref name="b"/>) share an edge.</summary>
    public bool Linked(int a, int b) => _matrix
        ? (_bits[a * _words + (b >> 6)] & (1UL << b)) != 0
        : _pairs.Contains((long)a * _members + b);
}
