namespace CallGraph.Synthetic;

/// <summary>Walker/Vose alias table: draws index i with probability weight[i] / total in O(1).</summary>
internal sealed class AliasTable
{
    private readonly double[] _probability;
    private readonly int[] _alias;

    public AliasTable(IReadOnlyList<double> weights)
    {
        int n = weights.Count;
        if (n == 0) throw new ArgumentException("No weights.", nameof(weights));
        double total = 0;
        for (int i = 0; i < n; i++) total += weights[i];
        if (!(total > 0)) throw new ArgumentException("Weights must have a positive total.", nameof(weights));
        _probability = new double[n];
        _alias = new int[n];
        var scaled = new double[n];
        var small = new Stack<int>();
        var large = new Stack<int>();
        for (int i = n - 1; i >= 0; i--)
        {
            scaled[i] = weights[i] * n / total;
            (scaled[i] < 1 ? small : large).Push(i);
        }
        while (small.Count > 0 && large.Count > 0)
        {
            int s = small.Pop(), l = large.Pop();
            _probability[s] = scaled[s];
            _alias[s] = l;
            scaled[l] = scaled[l] + scaled[s] - 1;
            (scaled[l] < 1 ? small : large).Push(l);
        }
        while (large.Count > 0) { int l = large.Pop(); _probability[l] = 1; _alias[l] = l; }
        while (small.Count > 0) { int s = small.Pop(); _probability[s] = 1; _alias[s] = s; }
    }

    public int Sample(SeededRandom random)
    {
        int column = random.Next(_probability.Length);
        return random.NextDouble() < _probability[column] ? column : _alias[column];
    }
}
