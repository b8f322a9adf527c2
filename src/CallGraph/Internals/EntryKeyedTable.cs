using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace CallGraph.Internals;

/// <summary>A record keyed by (member entry, 64-bit key), stored in an <see cref="EntryKeyedTable{T}"/>.</summary>
internal interface IEntryKeyed<T> where T : struct
{
    int EntryKey { get; }
    ulong SecondKey { get; }
    static abstract T Create(int entry, ulong key);
}

/// <summary>
/// Open-addressing hash table of structs keyed by (entry, key), with the records stored densely in
/// insertion order in fixed-size blocks; the slot array holds only indices, so growing never moves or
/// copies a record, and at most one block is part-empty (no doubling slack, no copy held twice).
/// The blocks are native memory (<see cref="NativeBlock"/>, or a shared <see cref="BlockArena"/> of huge
/// pages): <see cref="Release"/> hands them straight back to the operating system. Not thread-safe: the
/// aggregator gives each partition its own table and lock.
/// </summary>
internal sealed unsafe class EntryKeyedTable<T> where T : unmanaged, IEntryKeyed<T>
{
    private const int BlockShift = 12;
    private const int BlockSize = 1 << BlockShift;
    private const int BlockMask = BlockSize - 1;

    private static readonly nuint BlockBytes = (nuint)(BlockSize * sizeof(T));

    private readonly BlockArena? _arena;
    private nint[] _blocks;
    private NativeMemoryHandle?[] _blockOwners; // per block taken outside an arena, its owner (the arena owns the others)
    private int _blockCount;
    private int* _slots; // index + 1; 0 = empty; native, like the blocks
    private NativeMemoryHandle? _slotOwner; // the slot array's owner when it is not from the arena
    private int _slotCount;
    private int _mask;

    /// <summary>Creates a table for about <paramref name="capacity"/> records, taking blocks from <paramref name="arena"/> when given.</summary>
    public EntryKeyedTable(int capacity = 1024, BlockArena? arena = null)
    {
        _arena = arena;
        int slots = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, capacity * 2));
        _slots = AllocateSlots(slots, out _slotOwner);
        _slotCount = slots;
        _mask = slots - 1;
        _blocks = new nint[Math.Max(4, (capacity + BlockMask) >> BlockShift)];
        _blockOwners = new NativeMemoryHandle?[_blocks.Length];
    }

    public int Count { get; private set; }

    /// <summary>Number of storage blocks in use; <see cref="Block"/> gives the records of each, in insertion order.</summary>
    public int BlockCount => _blockCount;

    /// <summary>The records of storage block <paramref name="b"/>.</summary>
    public Span<T> Block(int b) => new((T*)_blocks[b], Math.Min(BlockSize, Count - (b << BlockShift)));

    /// <summary>The hash a record is placed by; callers may compute it early and pass it to the methods below.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Hash(int entry, ulong key)
    {
        ulong h = (key ^ Internals.StableHash.Multiply((uint)entry)) * 0xD6E8FEB86659FD93UL;
        return (uint)(h >> 32) ^ (uint)h;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref T At(int index) => ref ((T*)_blocks[index >> BlockShift])[index & BlockMask];

    /// <summary>Hints the CPU to fetch the slot a hash starts probing at (a batch issues these ahead of its updates).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void PrefetchSlot(uint hash)
    {
        if (!Sse.IsSupported) return;
        // A hint only: if the array moves before the fetch, the wrong line is fetched and nothing else happens.
        Sse.Prefetch0(_slots + (hash & (uint)_mask));
    }

    /// <summary>Hints the CPU to fetch the record the hash's first slot points to (after <see cref="PrefetchSlot"/> had time to land).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void PrefetchItem(uint hash)
    {
        if (!Sse.IsSupported) return;
        int s = _slots[hash & (uint)_mask];
        if (s == 0) return;
        byte* p = (byte*)Unsafe.AsPointer(ref At(s - 1));
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
            ref T item = ref At(s - 1);
            if (item.SecondKey == key && item.EntryKey == entry) return ref item;
            i = (i + 1) & _mask;
        }
        int n = Count;
        if ((n & BlockMask) == 0)
        {
            int b = n >> BlockShift;
            if (b == _blocks.Length)
            {
                Array.Resize(ref _blocks, _blocks.Length * 2);
                Array.Resize(ref _blockOwners, _blocks.Length);
            }
            if (_arena is { } arena) _blocks[b] = (nint)arena.Take(BlockBytes);
            else
            {
                var owner = new NativeMemoryHandle(BlockBytes);
                _blockOwners[b] = owner;
                _blocks[b] = (nint)owner.Pointer;
            }
            _blockCount = b + 1;
        }
        ref T added = ref At(n);
        added = T.Create(entry, key);
        _slots[i] = ++Count;
        if (Count * 2 > _slotCount)
        {
            Rehash();
        }
        return ref added;
    }

    // Slot arrays come from the arena too while they are a fraction of its segment (each doubling burns the
    // old array's addresses, not its memory: freeing gives the pages back).
    private bool SlotsFromArena(int count) => _arena is not null && (nuint)count * sizeof(int) <= BlockArena.SegmentBytes / 4;

    private int* AllocateSlots(int count, out NativeMemoryHandle? owner)
    {
        nuint bytes = (nuint)count * sizeof(int);
        owner = null;
        if (SlotsFromArena(count)) return (int*)_arena!.Take(bytes);
        owner = new NativeMemoryHandle(bytes);
        return (int*)owner.Pointer;
    }

    private void FreeSlots(int* slots, int count, NativeMemoryHandle? owner)
    {
        if (owner is not null) owner.Dispose();
        else if (slots is not null && _arena is { } arena) arena.Free(slots, (nuint)count * sizeof(int));
    }

    private void Rehash()
    {
        int count = _slotCount * 2;
        var slots = AllocateSlots(count, out var slotOwner);
        int mask = count - 1;
        for (int n = 0; n < Count; n++)
        {
            ref T item = ref At(n);
            int i = (int)(Hash(item.EntryKey, item.SecondKey) & (uint)mask);
            while (slots[i] != 0) i = (i + 1) & mask;
            slots[i] = n + 1;
        }
        FreeSlots(_slots, _slotCount, _slotOwner);
        _slots = slots;
        _slotOwner = slotOwner;
        _slotCount = count;
        _mask = mask;
    }

    /// <summary>
    /// Releases the memory; the table must not be used afterwards. A table dropped without it (a failed read) is
    /// freed all the same: its own blocks by their handles, arena blocks with the arena.
    /// </summary>
    public void Release()
    {
        for (int b = 0; b < _blockCount; b++)
        {
            if (_blockOwners[b] is { } owner) owner.Dispose();
            else _arena?.Free((void*)_blocks[b], BlockBytes);
            _blocks[b] = 0;
            _blockOwners[b] = null;
        }
        FreeSlots(_slots, _slotCount, _slotOwner);
        _slots = null;
        _slotOwner = null;
        _slotCount = 0;
        _blocks = Array.Empty<nint>();
        _blockOwners = Array.Empty<NativeMemoryHandle?>();
        _blockCount = 0;
        _mask = 0;
        Count = 0;
    }
}
