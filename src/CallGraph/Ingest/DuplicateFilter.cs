using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace CallGraph.Ingest;

/// <summary>
/// A thread-safe set of 64-bit CDR fingerprints, split into <see cref="Partitions"/> partitions by the
/// fingerprint's top bits. Each partition is a plain open-addressing table with linear probing, guarded by
/// its own lock; a caller inserts a batch of one partition's fingerprints under one lock acquisition with
/// ordinary loads and stores. A partition past 75% load doubles inside its lock. Memory: 8 bytes per slot; a
/// filter sized from a known count starts at 60% load for it, one that grows stays within 37–75%.
/// </summary>
/// <remarks>
/// Per-row compare-and-swap was the cost before: a locked instruction per row serialises memory operations,
/// so the prefetches issued ahead could not overlap the cache misses. With one lock per batch, they do.
/// The tables live in native memory so <see cref="Dispose"/> gives them back to the operating system as soon
/// as the day is done, and on Linux they ask for transparent huge pages: every probe is a random access into
/// a table far larger than the TLB reaches with 4 KiB pages. Growing one partition at a time also keeps the
/// transient old-plus-new peak to a sixteenth of the filter.
/// </remarks>
internal sealed unsafe class DuplicateFilter : IDisposable
{
    /// <summary>Number of partitions; a fingerprint's partition is its top <see cref="PartitionBits"/> bits.</summary>
    public const int Partitions = 1 << PartitionBits;

    private const int PartitionBits = 4;
    private const ulong Empty = 0;
    private const ulong Reserved = ulong.MaxValue; // kept out of the tables so the value stays free for markers
    private const double MaxLoad = 0.75;
    private const double InitialLoad = 0.6; // a table sized from the largest day so far fits a day 25% larger without growing
    private const int MinSlots = 1 << 12;
    private const int Ahead = 16; // a batch fetches the slot of the fingerprint this many rows ahead

    private readonly Partition[] _partitions = new Partition[Partitions];
    private ulong* _block; // the partitions' first tables, in one mapping so that huge pages cover even small ones
    private NativeMemoryHandle? _blockOwner; // owns _block (a filter dropped without Dispose is freed by the handles)

    /// <summary>Creates a filter sized for about <paramref name="expected"/> distinct fingerprints.</summary>
    public DuplicateFilter(long expected)
    {
        var none = default(SpareBlock);
        var block = Setup(expected, ref none);
        _blockOwner = block.Owner;
        _block = (ulong*)block.Block;
    }

    /// <summary>
    /// Creates a filter sized for about <paramref name="expected"/> distinct fingerprints, taking the zeroed
    /// <paramref name="spare"/> (from <see cref="Retire"/>) instead of new memory when it is large enough.
    /// </summary>
    public DuplicateFilter(long expected, ref SpareBlock spare)
    {
        var block = Setup(expected, ref spare);
        _blockOwner = block.Owner;
        _block = (ulong*)block.Block;
    }

    private SpareBlock Setup(long expected, ref SpareBlock spare)
    {
        long perPartition = Math.Max(expected, 0) / Partitions;
        // Any length works (see Home), so the table is sized to the expected count, not to the next power of two.
        int slots = (int)Math.Clamp((long)(perPartition / InitialLoad) + 1, MinSlots, 1L << 26);
        slots = (slots + 7) & ~7; // whole cache lines, so each partition's slice starts on one
        nuint needed = (nuint)slots * Partitions * sizeof(ulong);
        SpareBlock block;
        if (spare.Owner is not null && spare.Bytes >= needed)
        {
            // Memory the process already holds: fresh pages cost a fault and the kernel's zeroing, which on a
            // virtual machine is several times the cost of clearing resident ones (Retire cleared it).
            block = spare;
            spare = default;
        }
        else
        {
            // No GC memory pressure for these tables: they are freed deterministically as days leave the window,
            // and the pressure only triggered full collections (17 gen-2 GCs in a 10M-row run instead of 5).
            block = new SpareBlock(new NativeMemoryHandle(needed, hugePages: true));
        }
        for (int p = 0; p < Partitions; p++) _partitions[p].Use((ulong*)block.Block + (long)p * slots, slots);
        return block;
    }

    /// <summary>Distinct fingerprints added so far (exact once no thread is adding).</summary>
    public long Count
    {
        get
        {
            long count = 0;
            for (int p = 0; p < Partitions; p++) count += Volatile.Read(ref _partitions[p].Count);
            return count;
        }
    }

    /// <summary>Bytes held by the tables.</summary>
    public long Bytes
    {
        get
        {
            long bytes = 0;
            for (int p = 0; p < Partitions; p++) bytes += (long)Volatile.Read(ref _partitions[p].Length) * sizeof(ulong);
            return bytes;
        }
    }

    /// <summary>Maps a fingerprint away from the two reserved values (0 marks an empty slot).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Normalize(ulong fingerprint) => fingerprint is Empty or Reserved ? Internals.StableHash.GoldenRatio : fingerprint;

    /// <summary>The partition a fingerprint belongs to.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int PartitionOf(ulong fingerprint) => (int)(fingerprint >> (64 - PartitionBits));

    /// <summary>
    /// The slot a fingerprint's probe starts at in a table of <paramref name="length"/> slots: the bits below the
    /// partition bits, scaled to the length by a multiply (any length, not only powers of two).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Home(ulong fingerprint, ulong length) => Math.BigMul(fingerprint << PartitionBits, length, out _);

    /// <summary>Adds one normalised fingerprint; false when it was already present.</summary>
    public bool TryAdd(ulong fingerprint)
    {
        bool added = false;
        AddBatch(PartitionOf(fingerprint), new ReadOnlySpan<ulong>(in fingerprint), new Span<bool>(ref added));
        return added;
    }

    /// <summary>
    /// Adds normalised fingerprints that all belong to partition <paramref name="partition"/>, in order, waiting
    /// for the partition's lock; <paramref name="added"/>[i] tells whether fingerprint i was new (a value repeated
    /// within the batch is new only the first time). Returns how many were new.
    /// </summary>
    public int AddBatch(int partition, ReadOnlySpan<ulong> fingerprints, Span<bool> added)
    {
        ref var p = ref _partitions[partition];
        var spin = new SpinWait();
        while (!p.TryEnter()) spin.SpinOnce();
        return AddLocked(ref p, fingerprints, added);
    }

    /// <summary>
    /// As <see cref="AddBatch"/>, but returns null at once, adding nothing, when another thread holds the
    /// partition (the caller can do another batch first).
    /// </summary>
    public int? TryAddBatch(int partition, ReadOnlySpan<ulong> fingerprints, Span<bool> added)
    {
        ref var p = ref _partitions[partition];
        return p.TryEnter() ? AddLocked(ref p, fingerprints, added) : null;
    }

    private static int AddLocked(ref Partition p, ReadOnlySpan<ulong> fingerprints, Span<bool> added)
    {
        if (added.Length < fingerprints.Length) { p.Exit(); throw new ArgumentException("shorter than the fingerprints", nameof(added)); }
        try
        {
            ulong* slots = p.Slots;
            ulong length = (ulong)p.Length;
            long count = p.Count, threshold = p.Threshold;
            int n = fingerprints.Length, fresh = 0;
            if (Sse.IsSupported)
                for (int i = 0; i < Math.Min(Ahead, n); i++) Sse.Prefetch0(slots + Home(fingerprints[i], length));
            for (int i = 0; i < n; i++)
            {
                if (Sse.IsSupported && i + Ahead < n) Sse.Prefetch0(slots + Home(fingerprints[i + Ahead], length));
                ulong fingerprint = fingerprints[i];
                Debug.Assert(PartitionOf(fingerprint) == PartitionOf(fingerprints[0]) && fingerprint is not (Empty or Reserved));
                ulong index = Home(fingerprint, length);
                ulong value;
                while ((value = slots[index]) != Empty && value != fingerprint)
                    if (++index == length) index = 0;
                bool isNew = value == Empty;
                added[i] = isNew;
                if (!isNew) continue;
                slots[index] = fingerprint;
                fresh++;
                if (++count > threshold)
                {
                    p.Count = count;
                    p.Grow();
                    slots = p.Slots;
                    length = (ulong)p.Length;
                    threshold = p.Threshold;
                }
            }
            Volatile.Write(ref p.Count, count);
            return fresh;
        }
        finally
        {
            p.Exit();
        }
    }

    /// <summary>
    /// Frees the grown tables and hands back the first block, cleared, for a later filter to reuse; the filter
    /// must not be used afterwards. Only when no thread uses the filter any more.
    /// </summary>
    public SpareBlock Retire()
    {
        for (int p = 0; p < Partitions; p++) _partitions[p].Free();
        var spare = new SpareBlock(_blockOwner);
        if (_block is not null) NativeMemory.Clear(_block, spare.Bytes);
        _block = null;
        _blockOwner = null;
        return spare;
    }

    /// <summary>Frees the tables. Only when no thread uses the filter any more.</summary>
    public void Dispose()
    {
        for (int p = 0; p < Partitions; p++) _partitions[p].Free();
        _block = null;
        _blockOwner?.Dispose();
        _blockOwner = null;
    }

    /// <summary>A zeroed native block from <see cref="Retire"/> (<c>default</c>: none); free it with <see cref="Release"/> if unused.</summary>
    public readonly record struct SpareBlock(NativeMemoryHandle? Owner)
    {
        /// <summary>Start of the block (0: none).</summary>
        public nint Block => Owner is null ? 0 : (nint)Owner.Pointer;

        /// <summary>Size of the block (0: none).</summary>
        public nuint Bytes => Owner?.Bytes ?? 0;

        /// <summary>Gives the block back to the operating system.</summary>
        public void Release() => Owner?.Dispose();
    }

    /// <summary>
    /// One partition: a native table of slots (0 = empty), its count and its lock, on a cache line of its own.
    /// Its first table is a slice of the filter's block; a grown one is its own mapping.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 64)]
    private struct Partition
    {
        [FieldOffset(0)] public ulong* Slots;
        [FieldOffset(8)] public long Count;
        [FieldOffset(16)] public long Threshold;
        [FieldOffset(24)] public int Length;
        [FieldOffset(28)] private int _locked;
        [FieldOffset(40)] private NativeMemoryHandle? _owner; // a grown table's owner (the first table is the filter's block)

        public void Use(ulong* slots, int length)
        {
            Slots = slots;
            Length = length;
            Threshold = (long)(length * MaxLoad);
        }

        /// <summary>Frees the table if it is the partition's own mapping.</summary>
        public void Free()
        {
            if (Slots is null) return;
            _owner?.Dispose();
            _owner = null;
            Slots = null;
        }

        public bool TryEnter() => Volatile.Read(ref _locked) == 0 && Interlocked.CompareExchange(ref _locked, 1, 0) == 0;

        public void Exit() => Volatile.Write(ref _locked, 0);

        /// <summary>Doubles the table (under the lock, so no other thread sees it half-copied).</summary>
        public void Grow()
        {
            ulong* old = Slots;
            int oldLength = Length;
            var owner = new NativeMemoryHandle((nuint)oldLength * 2 * sizeof(ulong), hugePages: true);
            ulong* bigger = (ulong*)owner.Pointer;
            ulong length = (ulong)oldLength * 2;
            for (int i = 0; i < oldLength; i++)
            {
                ulong value = old[i];
                if (value == Empty) continue;
                ulong index = Home(value, length);
                while (bigger[index] != Empty)
                    if (++index == length) index = 0;
                bigger[index] = value;
            }
            Free();
            Use(bigger, checked(oldLength * 2));
            _owner = owner;
        }
    }
}
