using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace CallGraph.Rosters;

/// <summary>
/// Maps a number key to the first member entry of that number. Built once, read by every reader thread
/// for both parties of every CDR, where most lookups miss (the other party is rarely on a roster). A
/// one-bit-per-hash presence filter small enough to stay in cache answers most misses without touching
/// the table; the rest go to an open-addressing table with linear probing at a low load factor.
/// Filled once by <see cref="Replace"/>, then only read. The table lives in native memory backed by huge
/// pages where the system allows: filling a 2 MiB table in 4 KiB pages costs a page fault per page, which
/// was most of the time a big roster took to build (and random lookups then miss the TLB less).
/// </summary>
internal sealed unsafe class NumberIndex
{
    private readonly ulong[] _filter;   // presence bits
    private readonly int _filterShift;  // hash >> shift = bit index
    private readonly Slot* _slots;      // key 0 = empty (the empty number is kept apart)
    private readonly NativeMemoryHandle _slotMemory; // owns the slots
    private readonly int _mask;
    private int _zeroEntry = -1; // the empty number, kept apart from the empty-slot marker

    /// <summary>An empty index sized for up to <paramref name="capacity"/> keys.</summary>
    public NumberIndex(int capacity)
    {
        // Filter: about 32 bits per key, at least 2^16 bits; table: load at most 1/2 (most lookups that get
        // past the filter are hits, and a smaller table stays in cache).
        int filterBits = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1 << 16, capacity * 32));
        _filter = new ulong[filterBits / 64];
        _filterShift = 64 - BitOperations.Log2((uint)filterBits);
        int slots = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, capacity * 2));
        // The handle frees the table when the index is no longer used (and tells the collector of its size).
        _slotMemory = new NativeMemoryHandle((nuint)slots * (nuint)sizeof(Slot), hugePages: true, memoryPressure: true);
        _slots = (Slot*)_slotMemory.Pointer;
        _mask = slots - 1;
    }

    /// <summary>
    /// Stores <paramref name="entry"/> for <paramref name="key"/> and returns the entry it replaces, or -1.
    /// At most the capacity's count of distinct keys may be stored.
    /// </summary>
    public int Replace(ulong key, int entry)
    {
        int previous;
        if (key == 0)
        {
            previous = _zeroEntry;
            _zeroEntry = entry;
            return previous;
        }
        ulong h = Hash(key);
        ulong bit = h >> _filterShift;
        _filter[bit >> 6] |= 1UL << (int)(bit & 63);
        int i = (int)(h & (uint)_mask);
        while (_slots[i].Key != 0 && _slots[i].Key != key) i = (i + 1) & _mask;
        previous = _slots[i].Key == 0 ? -1 : _slots[i].Entry;
        _slots[i] = new Slot(key, entry);
        GC.KeepAlive(this);
        return previous;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Hash(ulong key)
    {
        ulong h = Internals.StableHash.Multiply(key);
        return h ^ (h >> 29);
    }

    /// <summary>The entry stored for <paramref name="key"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(ulong key)
    {
        if (key == 0) return _zeroEntry;
        ulong h = Hash(key);
        ulong bit = h >> _filterShift;
        if ((_filter[bit >> 6] & (1UL << (int)(bit & 63))) == 0) return -1;
        return Probe(key, h);
    }

    /// <summary>
    /// Hints the CPU to fetch what <see cref="Find"/> reads for <paramref name="key"/>: the presence-filter word,
    /// and the first table slot, which most lookups that pass the filter go on to read (members are common callers).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(ulong key)
    {
        if (!Sse.IsSupported) return;
        ulong h = Hash(key);
        ulong bit = h >> _filterShift;
        Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_filter), (nint)(bit >> 6))));
        Sse.Prefetch0(_slots + (h & (uint)_mask));
    }

    private int Probe(ulong key, ulong h)
    {
        int i = (int)(h & (uint)_mask), entry;
        while (true)
        {
            Slot* slot = _slots + i;
            if (slot->Key == key) { entry = slot->Entry; break; }
            if (slot->Key == 0) { entry = -1; break; }
            i = (i + 1) & _mask;
        }
        // The table is freed by the finalizer: this index must stay alive until the table is read.
        GC.KeepAlive(this);
        return entry;
    }

    /// <summary>Key and entry side by side: a hit costs one cache line, not two.</summary>
    private readonly record struct Slot(ulong Key, int Entry);
}
