using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace CallGraph.Ingest;

/// <summary>
/// A thread-safe set of 64-bit CDR fingerprints: one open-addressing table with linear probing, inserts
/// lock-free (one compare-and-swap). When it passes 75% load, one thread freezes every empty slot (so a
/// racing insert cannot land in the old table unseen: it finds the frozen slot and retries) and copies
/// the entries into a table twice the size. Memory: 8 bytes per slot at 37–75% load.
/// </summary>
/// <remarks>
/// One contiguous table measured faster than a striped one: random probes into many arrays cost more.
/// The table lives in native memory so <see cref="Dispose"/> gives it back to the operating system as
/// soon as the read ends (the aggregate is finished after that, and the two need not be held at once),
/// and on Linux it asks for transparent huge pages: every probe is a random access into a table far
/// larger than the TLB reaches with 4 KiB pages.
/// </remarks>
internal sealed unsafe class DuplicateFilter : IDisposable
{
    private const ulong Empty = 0;
    private const ulong Frozen = ulong.MaxValue;
    private const double MaxLoad = 0.75;

    private Table _table;
    private readonly List<Table> _retired = new(); // grown-out tables: racing readers may still probe them until the read ends
    private long _count;
    private long _threshold;
    private readonly Lock _growLock = new();

    /// <summary>Creates a filter sized for about <paramref name="expected"/> distinct fingerprints.</summary>
    public DuplicateFilter(long expected)
    {
        long capacity = (long)BitOperations.RoundUpToPowerOf2((ulong)Math.Clamp((long)(expected / MaxLoad) + 1, 1 << 16, 1L << 30));
        _table = new Table((int)capacity);
        _threshold = (long)(capacity * MaxLoad);
    }

    /// <summary>Fingerprints added so far, as reported through <see cref="AddCount"/> (may err high after a growth).</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Bytes held by the table.</summary>
    public long Bytes => (long)Volatile.Read(ref _table).Length * sizeof(ulong);

    /// <summary>Maps a fingerprint away from the two reserved slot values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Normalize(ulong fingerprint) => fingerprint is Empty or Frozen ? 0x9E3779B97F4A7C15UL : fingerprint;

    /// <summary>Hints the CPU to fetch the slot a (normalised) fingerprint starts probing at.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(ulong fingerprint)
    {
        if (!Sse.IsSupported) return;
        var table = _table;
        // A stale table is only a wasted hint (retired tables stay allocated until Dispose).
        Sse.Prefetch0(table.Slots + (fingerprint & (ulong)(table.Length - 1)));
    }

    /// <summary>
    /// Adds a normalised fingerprint; false when it was already present. Callers report how many they added
    /// with <see cref="AddCount"/> (batched, so the count is not a contended cache line).
    /// </summary>
    public bool TryAdd(ulong fingerprint)
    {
        while (true)
        {
            var table = Volatile.Read(ref _table);
            ulong* slots = table.Slots;
            int mask = table.Length - 1;
            int index = (int)(fingerprint & (ulong)mask);
            bool frozen = false;
            for (int probe = 0; probe <= mask; probe++)
            {
                ref ulong slot = ref Unsafe.AsRef<ulong>(slots + index);
                ulong value = Volatile.Read(ref slot);
                if (value == Empty)
                {
                    value = Interlocked.CompareExchange(ref slot, fingerprint, Empty);
                    if (value == Empty) return true;
                }
                if (value == fingerprint) return false;
                if (value == Frozen) { frozen = true; break; }
                index = (index + 1) & mask;
            }
            if (!frozen) Grow(table); // full before the batched count caught up: make room, then retry
            WaitForNewTable(table);
        }
    }

    /// <summary>Records <paramref name="added"/> successful inserts; grows the table past 75% load.</summary>
    public void AddCount(long added)
    {
        if (added == 0) return;
        var table = Volatile.Read(ref _table);
        if (Interlocked.Add(ref _count, added) > Volatile.Read(ref _threshold)) Grow(table);
    }

    private void WaitForNewTable(Table old)
    {
        var spin = new SpinWait();
        while (ReferenceEquals(Volatile.Read(ref _table), old)) spin.SpinOnce();
    }

    private void Grow(Table old)
    {
        lock (_growLock)
        {
            if (!ReferenceEquals(_table, old)) return;
            // Freeze: every empty slot becomes Frozen, so racing inserts see it and retry on the new table.
            for (int i = 0; i < old.Length; i++)
            {
                ref ulong slot = ref Unsafe.AsRef<ulong>(old.Slots + i);
                while (Volatile.Read(ref slot) == Empty && Interlocked.CompareExchange(ref slot, Frozen, Empty) != Empty) { }
            }
            var bigger = new Table(checked(old.Length * 2));
            int mask = bigger.Length - 1;
            long count = 0;
            for (int i = 0; i < old.Length; i++)
            {
                ulong value = old.Slots[i];
                if (value == Frozen) continue;
                int index = (int)(value & (ulong)mask);
                while (bigger.Slots[index] != Empty) index = (index + 1) & mask;
                bigger.Slots[index] = value;
                count++;
            }
            // Batches still in flight report inserts already copied here: the count errs high, growth comes early at worst.
            Volatile.Write(ref _threshold, (long)(bigger.Length * MaxLoad));
            Interlocked.Exchange(ref _count, count);
            _retired.Add(old);
            Volatile.Write(ref _table, bigger);
        }
    }

    /// <summary>Frees the tables. Only when no thread uses the filter any more.</summary>
    public void Dispose()
    {
        lock (_growLock)
        {
            foreach (var t in _retired) t.Dispose();
            _retired.Clear();
            _table.Dispose();
        }
    }

    /// <summary>A zeroed native array of slots; freed by <see cref="Dispose"/> or, failing that, the finalizer.</summary>
    private sealed class Table : IDisposable
    {
        private readonly nuint _bytes;

        public Table(int length)
        {
            Length = length;
            _bytes = (nuint)length * sizeof(ulong);
            Slots = (ulong*)NativeBlock.Allocate(_bytes, hugePages: true);
            GC.AddMemoryPressure((long)_bytes);
        }

        public ulong* Slots { get; private set; }

        public int Length { get; }

        public void Dispose()
        {
            Release();
            GC.SuppressFinalize(this);
        }

        ~Table() => Release();

        private void Release()
        {
            if (Slots is null) return;
            NativeBlock.Free(Slots, _bytes);
            Slots = null;
            GC.RemoveMemoryPressure((long)_bytes);
        }
    }
}
