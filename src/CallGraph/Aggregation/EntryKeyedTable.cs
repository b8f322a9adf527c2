using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace CallGraph.Aggregation;

/// <summary>A record keyed by (member entry, 64-bit key), stored in an <see cref="EntryKeyedTable{T}"/>.</summary>
internal interface IEntryKeyed<T> where T : struct
{
    int EntryKey { get; }
    ulong SecondKey { get; }
    static abstract T Create(int entry, ulong key);
}

/// <summary>
/// Open-addressing hash table of structs keyed by (entry, key), with the records stored densely in
/// insertion order; the slot array holds only indices, so growing it never moves a record.
/// Not thread-safe: the aggregator gives each partition its own table and lock.
/// </summary>
internal sealed class EntryKeyedTable<T> where T : struct, IEntryKeyed<T>
{
    private T[] _items;
    private int[] _slots; // index + 1; 0 = empty
    private int _mask;

    public EntryKeyedTable(int capacity = 1024)
    {
        int slots = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, capacity * 2));
        _slots = new int[slots];
        _mask = slots - 1;
        _items = new T[Math.Max(8, capacity)];
    }

    public int Count { get; private set; }

    public Span<T> Items => _items.AsSpan(0, Count);

    /// <summary>The hash a record is placed by; callers may compute it early and pass it to the methods below.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Hash(int entry, ulong key)
    {
        ulong h = (key ^ ((ulong)(uint)entry * 0x9E3779B97F4A7C15UL)) * 0xD6E8FEB86659FD93UL;
        return (uint)(h >> 32) ^ (uint)h;
    }

    /// <summary>Hints the CPU to fetch the slot a hash starts probing at (a batch issues these ahead of its updates).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void PrefetchSlot(uint hash)
    {
        if (!Sse.IsSupported) return;
        // A hint only: if the array moves before the fetch, the wrong line is fetched and nothing else happens.
        Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_slots), (nint)(hash & (uint)_mask))));
    }

    /// <summary>Hints the CPU to fetch the record the hash's first slot points to (after <see cref="PrefetchSlot"/> had time to land).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void PrefetchItem(uint hash)
    {
        if (!Sse.IsSupported) return;
        int s = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_slots), (nint)(hash & (uint)_mask));
        if (s == 0 || s > _items.Length) return;
        byte* p = (byte*)Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_items), (nint)(s - 1)));
        Sse.Prefetch0(p);
        Sse.Prefetch0(p + Unsafe.SizeOf<T>() - 1);
    }

    /// <summary>The record for (entry, key), created with <c>T.Create</c> when absent.</summary>
    public ref T FindOrAdd(int entry, ulong key) => ref FindOrAdd(entry, key, Hash(entry, key));

    /// <summary>The record for (entry, key) whose <see cref="Hash"/> is <paramref name="hash"/>, created when absent.</summary>
    public ref T FindOrAdd(int entry, ulong key, uint hash)
    {
        int i = (int)(hash & (uint)_mask);
        while (true)
        {
            int s = _slots[i];
            if (s == 0) break;
            ref T item = ref _items[s - 1];
            if (item.SecondKey == key && item.EntryKey == entry) return ref item;
            i = (i + 1) & _mask;
        }
        if (Count == _items.Length) Array.Resize(ref _items, _items.Length * 2);
        _items[Count] = T.Create(entry, key);
        _slots[i] = ++Count;
        if (Count * 2 > _slots.Length) Rehash();
        return ref _items[Count - 1];
    }

    private void Rehash()
    {
        var slots = new int[_slots.Length * 2];
        int mask = slots.Length - 1;
        for (int n = 0; n < Count; n++)
        {
            ref T item = ref _items[n];
            int i = (int)(Hash(item.EntryKey, item.SecondKey) & (uint)mask);
            while (slots[i] != 0) i = (i + 1) & mask;
            slots[i] = n + 1;
        }
        _slots = slots;
        _mask = mask;
    }

    /// <summary>Releases the memory; the table must not be used afterwards.</summary>
    public void Release()
    {
        _items = Array.Empty<T>();
        _slots = new int[1];
        _mask = 0;
        Count = 0;
    }
}
