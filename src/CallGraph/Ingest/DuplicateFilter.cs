using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace CallGraph.Ingest;

/// <summary>
/// A thread-safe set of 64-bit CDR fingerprints: one open-addressing table with linear probing, inserts
/// lock-free (one compare-and-swap). When it passes 75% load, one thread freezes every empty slot (so a
/// racing insert cannot land in the old table unseen: it finds the frozen slot and retries) and copies
/// the entries into a table twice the size. Memory: 8 bytes per slot at 37–75% load.
/// </summary>
/// <remarks>One contiguous table measured faster than a striped one: random probes into many arrays cost more.</remarks>
internal sealed class DuplicateFilter
{
    private const ulong Empty = 0;
    private const ulong Frozen = ulong.MaxValue;
    private const double MaxLoad = 0.75;

    private ulong[] _slots;
    private long _count;
    private long _threshold;
    private readonly Lock _growLock = new();

    /// <summary>Creates a filter sized for about <paramref name="expected"/> distinct fingerprints.</summary>
    public DuplicateFilter(long expected)
    {
        long capacity = (long)BitOperations.RoundUpToPowerOf2((ulong)Math.Clamp((long)(expected / MaxLoad) + 1, 1 << 16, 1L << 30));
        _slots = GC.AllocateArray<ulong>((int)capacity, pinned: true);
        _threshold = (long)(capacity * MaxLoad);
    }

    /// <summary>Bytes held by the table.</summary>
    public long Bytes => (long)Volatile.Read(ref _slots).Length * sizeof(ulong);

    /// <summary>Maps a fingerprint away from the two reserved slot values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Normalize(ulong fingerprint) => fingerprint is Empty or Frozen ? 0x9E3779B97F4A7C15UL : fingerprint;

    /// <summary>Hints the CPU to fetch the slot a (normalised) fingerprint starts probing at.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Prefetch(ulong fingerprint)
    {
        if (!Sse.IsSupported) return;
        var slots = _slots;
        // The table lives on the pinned heap, so the address is stable; a stale table is only a wasted hint.
        Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(slots), (nint)(fingerprint & (ulong)(slots.Length - 1)))));
    }

    /// <summary>
    /// Adds a normalised fingerprint; false when it was already present. Callers report how many they added
    /// with <see cref="AddCount"/> (batched, so the count is not a contended cache line).
    /// </summary>
    public bool TryAdd(ulong fingerprint)
    {
        while (true)
        {
            var slots = Volatile.Read(ref _slots);
            int mask = slots.Length - 1;
            int index = (int)(fingerprint & (ulong)mask);
            bool frozen = false;
            for (int probe = 0; probe <= mask; probe++)
            {
                ulong value = Volatile.Read(ref slots[index]);
                if (value == Empty)
                {
                    value = Interlocked.CompareExchange(ref slots[index], fingerprint, Empty);
                    if (value == Empty) return true;
                }
                if (value == fingerprint) return false;
                if (value == Frozen) { frozen = true; break; }
                index = (index + 1) & mask;
            }
            if (!frozen) Grow(slots); // full before the batched count caught up: make room, then retry
            WaitForNewTable(slots);
        }
    }

    /// <summary>Records <paramref name="added"/> successful inserts; grows the table past 75% load.</summary>
    public void AddCount(long added)
    {
        if (added == 0) return;
        var slots = Volatile.Read(ref _slots);
        if (Interlocked.Add(ref _count, added) > Volatile.Read(ref _threshold)) Grow(slots);
    }

    private void WaitForNewTable(ulong[] old)
    {
        var spin = new SpinWait();
        while (ReferenceEquals(Volatile.Read(ref _slots), old)) spin.SpinOnce();
    }

    private void Grow(ulong[] old)
    {
        lock (_growLock)
        {
            if (!ReferenceEquals(_slots, old)) return;
            // Freeze: every empty slot becomes Frozen, so racing inserts see it and retry on the new table.
            for (int i = 0; i < old.Length; i++)
                while (Volatile.Read(ref old[i]) == Empty && Interlocked.CompareExchange(ref old[i], Frozen, Empty) != Empty) { }
            var bigger = GC.AllocateArray<ulong>(checked(old.Length * 2), pinned: true);
            int mask = bigger.Length - 1;
            long count = 0;
            foreach (ulong value in old)
            {
                if (value == Frozen) continue;
                int index = (int)(value & (ulong)mask);
                while (bigger[index] != Empty) index = (index + 1) & mask;
                bigger[index] = value;
                count++;
            }
            // Batches still in flight report inserts already copied here: the count errs high, growth comes early at worst.
            Volatile.Write(ref _threshold, (long)(bigger.Length * MaxLoad));
            Interlocked.Exchange(ref _count, count);
            Volatile.Write(ref _slots, bigger);
        }
    }
}
