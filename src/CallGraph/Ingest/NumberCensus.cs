using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using CallGraph.Numbers;

namespace CallGraph.Ingest;

/// <summary>
/// A sink that collects the distinct numbers (callers and callees) of a dump, for <c>inspect</c>-style
/// summaries. One per worker; <see cref="Merge"/> the workers' censuses at the end. About 11–22 bytes per
/// distinct number.
/// </summary>
public sealed class NumberCensus : ICdrSink
{
    private ulong[] _slots = new ulong[1024];
    private int _count;

    // Keys wait here so the table slots can be prefetched a few keys ahead: the table outgrows the cache.
    private readonly ulong[] _pending = new ulong[512];
    private int _pendingCount;

    /// <summary>Count of distinct numbers seen.</summary>
    public int Count
    {
        get
        {
            Flush();
            return _count;
        }
    }

    /// <inheritdoc />
    public void Add(in Cdr cdr)
    {
        if (_pendingCount >= _pending.Length - 1) Flush();
        _pending[_pendingCount++] = cdr.Caller.Key;
        _pending[_pendingCount++] = cdr.Callee.Key;
    }

    /// <summary>Adds one number.</summary>
    public void Add(PhoneNumber number)
    {
        if (!number.IsEmpty) Insert(number.Key);
    }

    private unsafe void Flush()
    {
        const int Ahead = 8;
        int n = _pendingCount;
        _pendingCount = 0;
        for (int i = 0; i < n; i++)
        {
            if (Sse.IsSupported && i + Ahead < n)
            {
                // A stale table after a grow only wastes the hint.
                ref ulong slot = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_slots), Slot(_pending[i + Ahead], _slots.Length - 1));
                Sse.Prefetch0(Unsafe.AsPointer(ref slot));
            }
            ulong key = _pending[i];
            if (key != 0) Insert(key);
        }
    }

    private void Insert(ulong key)
    {
        int mask = _slots.Length - 1;
        int index = Slot(key, mask);
        while (true)
        {
            ulong value = _slots[index];
            if (value == key) return;
            if (value == 0) break;
            index = (index + 1) & mask;
        }
        _slots[index] = key;
        if (++_count > _slots.Length / 4 * 3) Grow();
    }

    private static int Slot(ulong key, int mask) => (int)(Internals.StableHash.Multiply(key) >> 32) & mask;

    private void Grow()
    {
        var old = _slots;
        _slots = new ulong[old.Length * 2];
        int mask = _slots.Length - 1;
        foreach (ulong key in old)
        {
            if (key == 0) continue;
            int index = Slot(key, mask);
            while (_slots[index] != 0) index = (index + 1) & mask;
            _slots[index] = key;
        }
    }

    /// <summary>The distinct numbers, in no particular order.</summary>
    public IEnumerable<PhoneNumber> Numbers()
    {
        Flush();
        foreach (ulong key in _slots)
            if (key != 0) yield return new PhoneNumber(key);
    }

    /// <summary>One census holding every number of <paramref name="censuses"/>.</summary>
    public static NumberCensus Merge(IEnumerable<NumberCensus> censuses)
    {
        ArgumentNullException.ThrowIfNull(censuses);
        var list = censuses.ToList();
        var merged = new NumberCensus();
        // Workers mostly see the same numbers: size for the largest census and let the table grow if needed.
        long largest = 0;
        foreach (var c in list) largest = Math.Max(largest, c.Count);
        int capacity = (int)Math.Min(1 << 30, BitOperations.RoundUpToPowerOf2((ulong)Math.Max(1024, largest * 4 / 3 + 1)));
        merged._slots = new ulong[capacity];
        foreach (var census in list)
            foreach (ulong key in census._slots)
                if (key != 0) merged.Insert(key);
        return merged;
    }

    /// <summary>Counts the distinct numbers by <see cref="Network"/> side under <paramref name="plan"/>.</summary>
    public NumberMix Classify(NumberPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        Flush();
        long onNet = 0, offNet = 0, service = 0, unknown = 0;
        foreach (ulong key in _slots)
        {
            if (key == 0) continue;
            var info = plan.Describe(new PhoneNumber(key));
            switch (info.Network)
            {
                case Network.OnNet: onNet++; break;
                case Network.OffNet: offNet++; break;
                case Network.Unknown: unknown++; break;
                default:
                    if (info.Class == NumberClass.Service) service++;
                    else unknown++;
                    break;
            }
        }
        return new NumberMix(_count, onNet, offNet, service, unknown);
    }
}

/// <summary>Distinct numbers by side of the home network.</summary>
/// <param name="Distinct">All distinct numbers.</param>
/// <param name="OnNet">Lines of the home operator.</param>
/// <param name="OffNet">Lines of other known operators (and international numbers).</param>
/// <param name="Service">Hotlines and short codes.</param>
/// <param name="Unknown">Real lines of no known operator, and numbers that fit no pattern.</param>
public readonly record struct NumberMix(long Distinct, long OnNet, long OffNet, long Service, long Unknown);
