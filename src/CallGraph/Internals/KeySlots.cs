using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CallGraph.Internals;

/// <summary>
/// Packed number keys to dense slot numbers (a key's slot is where its data lives in the caller's arrays).
/// Open addressing over at least twice as many slots as keys, with a filter of eight bits a slot (one
/// hash, finer than the home slot): most pairs are not candidates, and the filter, an eighth of the
/// table's size, turns nearly all of them away before the table is read.
/// </summary>
internal sealed class KeySlots
{
    // No packed key is all ones: its top 4 bits hold a length of at most 15 and its value is below 10^15.
    private const ulong Empty = ulong.MaxValue;

    private readonly ulong[] _keys;
    private readonly ulong[] _filter;
    private readonly int _shift;

    public KeySlots(int capacity)
    {
        int bits = 4;
        while (1 << bits < 2 * capacity) bits++;
        _keys = new ulong[1 << bits];
        _keys.AsSpan().Fill(Empty);
        _filter = new ulong[(1 << bits) / 8];
        _shift = 64 - (bits + 3);
    }

    public int Slots => _keys.Length;

    public ulong KeyOf(int slot) => _keys[slot];

    private int Hash(ulong key) => Internals.StableHash.Slot(key, _shift);

    public int FindOrAdd(ulong key)
    {
        int h = Hash(key);
        _filter[h >> 6] |= 1UL << h;
        int mask = _keys.Length - 1;
        for (int s = h >> 3; ; s = (s + 1) & mask)
        {
            if (_keys[s] == key) return s;
            if (_keys[s] == Empty)
            {
                _keys[s] = key;
                return s;
            }
        }
    }

    public int Find(ulong key)
    {
        int h = Hash(key);
        if ((_filter[h >> 6] & (1UL << h)) == 0) return -1;
        int mask = _keys.Length - 1;
        ref ulong first = ref MemoryMarshal.GetArrayDataReference(_keys); // slots are masked: no bounds checks
        for (int s = h >> 3; ; s = (s + 1) & mask)
        {
            ulong k = Unsafe.Add(ref first, s);
            if (k == key) return s;
            if (k == Empty) return -1;
        }
    }
}
