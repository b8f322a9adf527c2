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
    {
        Array.Sort(keys);
        int distinct = 0;
        for (int i = 0; i < keys.Length; i++)
            if (i == 0 || keys[i] != keys[i - 1]) distinct++;
        _keys = new ulong[distinct];
        _counts = new int[distinct];
        int d = -1;
        for (int i = 0; i < keys.Length; i++)
        {
            if (i == 0 || keys[i] != keys[i - 1]) _keys[++d] = keys[i];
            _counts[d]++;
        }
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
