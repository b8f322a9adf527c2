using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace CallGraph.Analysis;

/// <summary>
/// A read-only count per 64-bit key, stored as two sorted arrays (12 bytes a key, built with one sort):
/// the "groups reached" of every outside number, which a hash dictionary held at several times the size.
/// </summary>
internal sealed class KeyCounts : IReadOnlyDictionary<ulong, int>
{
    private readonly ulong[] _keys;
    private readonly int[] _counts;

    /// <summary>Counts how often each key occurs in <paramref name="keys"/> (sorted in place).</summary>
    public KeyCounts(ulong[] keys)
        : this(keys, keys.Length, 1)
    {
    }

    /// <summary>
    /// Counts how often each key occurs in the first <paramref name="length"/> items of <paramref name="keys"/>
    /// (reordered in place). With <paramref name="threads"/> above 1, slices are sorted at the same time and
    /// then merged; the counts do not depend on it.
    /// </summary>
    public KeyCounts(ulong[] keys, int length, int threads)
    {
        int parts = Math.Clamp(Math.Min(threads, length / 65536), 1, 8);
        var starts = new int[parts + 1];
        for (int p = 0; p <= parts; p++) starts[p] = (int)((long)length * p / parts);
        if (parts == 1) keys.AsSpan(0, length).Sort();
        else Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = threads }, p => keys.AsSpan(starts[p], starts[p + 1] - starts[p]).Sort());
        // Two merges of the sorted slices: one to size the arrays, one to fill them.
        int distinct = Merge(keys, starts, null, null);
        _keys = new ulong[distinct];
        _counts = new int[distinct];
        Merge(keys, starts, _keys, _counts);
    }

    /// <summary>Walks the sorted slices in key order, counting equal keys; returns the distinct count.</summary>
    private static int Merge(ulong[] keys, int[] starts, ulong[]? outKeys, int[]? outCounts)
    {
        int parts = starts.Length - 1;
        Span<int> at = stackalloc int[parts];
        starts.AsSpan(0, parts).CopyTo(at);
        int d = -1;
        ulong last = 0;
        while (true)
        {
            int best = -1;
            for (int p = 0; p < parts; p++)
                if (at[p] < starts[p + 1] && (best < 0 || keys[at[p]] < keys[at[best]])) best = p;
            if (best < 0) break;
            ulong key = keys[at[best]++];
            if (d < 0 || key != last)
            {
                d++;
                last = key;
                if (outKeys is not null) outKeys[d] = key;
            }
            if (outCounts is not null) outCounts[d]++;
        }
        return d + 1;
    }

    public int this[ulong key] => TryGetValue(key, out int count) ? count : throw new KeyNotFoundException();

    public IEnumerable<ulong> Keys => _keys;

    public IEnumerable<int> Values => _counts;

    public int Count => _keys.Length;

    public bool ContainsKey(ulong key) => Array.BinarySearch(_keys, key) >= 0;

    public bool TryGetValue(ulong key, [MaybeNullWhen(false)] out int value)
    {
        int i = Array.BinarySearch(_keys, key);
        value = i >= 0 ? _counts[i] : 0;
        return i >= 0;
    }

    public IEnumerator<KeyValuePair<ulong, int>> GetEnumerator()
    {
        for (int i = 0; i < _keys.Length; i++) yield return new KeyValuePair<ulong, int>(_keys[i], _counts[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
