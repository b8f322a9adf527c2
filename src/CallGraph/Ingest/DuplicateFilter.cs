using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace CallGraph.Ingest;

/// <summary>
/// A thread-safe set of 64-bit CDR fingerprints: open addressing with linear probing, split into stripes
/// by the top bits so a stripe can grow on its own. Inserts are lock-free (one compare-and-swap); a stripe
/// that fills up is frozen slot by slot (so no concurrent insert can land in the old array unseen) and
/// copied into one twice the size under the stripe's lock. Memory: 8 bytes per slot at 37–75% load.
/// </summary>
internal sealed class DuplicateFilter
{
    private const ulong Empty = 0;
    private const ulong Frozen = ulong.MaxValue;
    private const int StripeBits = 8;
    private const double MaxLoad = 0.75;

    private sealed class Stripe
    {
        public ulong[] Slots;
        public int Count;      // approximate under races; only steers growth
        public int Threshold;
        public readonly Lock GrowLock = new();

        public Stripe(int capacity)
        {
            Slots = GC.AllocateArray<ulong>(capacity, pinned: true);
            Threshold = (int)(capacity * MaxLoad);
        }
    }

    private readonly Stripe[] _stripes = new Stripe[1 << StripeBits];

    /// <summary>Creates a filter sized for about <paramref name="expected"/> distinct fingerprints.</summary>
    public DuplicateFilter(long expected)
    {
        long perStripe = Math.Max(256, (long)(expected / MaxLoad) >> StripeBits);
        int capacity = (int)Math.Min(1L << 28, BitOperations.RoundUpToPowerOf2((ulong)perStripe));
        for (int i = 0; i < _stripes.Length; i++) _stripes[i] = new Stripe(capacity);
    }

    /// <summary>Bytes held by the slot arrays.</summary>
    public long Bytes
    {
        get
        {
            long total = 0;
            foreach (var s in _stripes) total += (long)s.Slots.Length * sizeof(ulong);
            return total;
        }
    }

    /// <summary>Maps a fingerprint away from the two reserved slot values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Normalize(ulong fingerprint) => fingerprint is Empty or Frozen ? 0x9E3779B97F4A7C15UL : fingerprint;

    /// <summary>Hints the CPU to fetch the slot a (normalised) fingerprint starts probing at.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Prefetch(ulong fingerprint)
    {
        if (!Sse.IsSupported) return;
        var slots = _stripes[(int)(fingerprint >> (64 - StripeBits))].Slots;
        int index = (int)fingerprint & (slots.Length - 1);
        // Slot arrays live on the pinned heap, so the address is stable; a stale array is only a wasted hint.
        Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(slots), index)));
    }

    /// <summary>Adds a normalised fingerprint; false when it was already present.</summary>
    public bool TryAdd(ulong fingerprint)
    {
        var stripe = _stripes[(int)(fingerprint >> (64 - StripeBits))];
        while (true)
        {
            var slots = Volatile.Read(ref stripe.Slots);
            int mask = slots.Length - 1;
            int index = (int)fingerprint & mask;
            bool frozen = false;
            for (int probe = 0; probe <= mask; probe++)
            {
                ulong value = Volatile.Read(ref slots[index]);
                if (value == Empty)
                {
                    value = Interlocked.CompareExchange(ref slots[index], fingerprint, Empty);
                    if (value == Empty)
                    {
                        if (++stripe.Count > stripe.Threshold) Grow(stripe, slots);
                        return true;
                    }
                }
                if (value == fingerprint) return false;
                if (value == Frozen) { frozen = true; break; }
                index = (index + 1) & mask;
            }
            if (!frozen) Grow(stripe, slots); // full after racy counting: make room, then retry
            WaitForNewSlots(stripe, slots);
        }
    }

    private static void WaitForNewSlots(Stripe stripe, ulong[] old)
    {
        var spin = new SpinWait();
        while (ReferenceEquals(Volatile.Read(ref stripe.Slots), old)) spin.SpinOnce();
    }

    private static void Grow(Stripe stripe, ulong[] old)
    {
        lock (stripe.GrowLock)
        {
            if (!ReferenceEquals(stripe.Slots, old)) return;
            // Freeze: every empty slot becomes Frozen, so racing inserts see it and retry on the new array.
            for (int i = 0; i < old.Length; i++)
                while (Volatile.Read(ref old[i]) == Empty && Interlocked.CompareExchange(ref old[i], Frozen, Empty) != Empty) { }
            var bigger = GC.AllocateArray<ulong>(old.Length * 2, pinned: true);
            int mask = bigger.Length - 1, count = 0;
            foreach (ulong value in old)
            {
                if (value == Frozen) continue;
                int index = (int)value & mask;
                while (bigger[index] != Empty) index = (index + 1) & mask;
                bigger[index] = value;
                count++;
            }
            stripe.Count = count;
            stripe.Threshold = (int)(bigger.Length * MaxLoad);
            Volatile.Write(ref stripe.Slots, bigger);
        }
    }
}
