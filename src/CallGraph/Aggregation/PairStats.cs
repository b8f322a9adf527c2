using System.Runtime.InteropServices;

namespace CallGraph.Aggregation;

/// <summary>
/// Traffic between one member entry and one other party, from the member's point of view
/// ("out" = the member called or texted). Times are seconds since 1970 on the dump's clock.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)] // 52 bytes, not 56: millions of these are held at once
public struct PairStats : IEquatable<PairStats>, IEntryKeyed<PairStats>
{
    /// <summary>Packed key of the other party (<see cref="Numbers.PhoneNumber.Key"/>).</summary>
    public ulong Other;

    /// <summary>Member entry (see <see cref="Rosters.Roster"/>).</summary>
    public int Entry;

    /// <summary>Voice calls the member made to the other party.</summary>
    public int OutCalls;

    /// <summary>Voice calls the member received from the other party.</summary>
    public int InCalls;

    /// <summary>SMS the member sent to the other party.</summary>
    public int OutSms;

    /// <summary>SMS the member received from the other party.</summary>
    public int InSms;

    /// <summary>Events (calls and SMS, both directions) inside working hours.</summary>
    public int WorkHourEvents;

    /// <summary>Total voice seconds, both directions.</summary>
    public long Seconds;

    /// <summary>Earliest event start.</summary>
    public uint First;

    /// <summary>Latest event start.</summary>
    public uint Last;

    /// <summary>A 32-bit sketch of the cells seen on this pair (bit = cell hash mod 32); popcount estimates distinct cells.</summary>
    public uint CellBits;

    readonly int IEntryKeyed<PairStats>.EntryKey => Entry;

    readonly ulong IEntryKeyed<PairStats>.SecondKey => Other;

    static PairStats IEntryKeyed<PairStats>.Create(int entry, ulong key) =>
        new() { Entry = entry, Other = key, First = uint.MaxValue, Last = 0 };

    /// <summary>All events, both directions.</summary>
    public readonly int Events => OutCalls + InCalls + OutSms + InSms;

    /// <summary>Voice calls, both directions.</summary>
    public readonly int Calls => OutCalls + InCalls;

    /// <summary>SMS, both directions.</summary>
    public readonly int Sms => OutSms + InSms;

    /// <summary>True when traffic went both ways.</summary>
    public readonly bool IsReciprocal => OutCalls + OutSms > 0 && InCalls + InSms > 0;

    /// <summary>Adds another record of the same pair (used to merge partial aggregates).</summary>
    public void MergeFrom(in PairStats other)
    {
        OutCalls += other.OutCalls;
        InCalls += other.InCalls;
        OutSms += other.OutSms;
        InSms += other.InSms;
        WorkHourEvents += other.WorkHourEvents;
        Seconds += other.Seconds;
        First = Math.Min(First, other.First);
        Last = Math.Max(Last, other.Last);
        CellBits |= other.CellBits;
    }

    /// <inheritdoc />
    public readonly bool Equals(PairStats o) =>
        Other == o.Other && Entry == o.Entry && OutCalls == o.OutCalls && InCalls == o.InCalls && OutSms == o.OutSms &&
        InSms == o.InSms && WorkHourEvents == o.WorkHourEvents && Seconds == o.Seconds && First == o.First &&
        Last == o.Last && CellBits == o.CellBits;

    /// <inheritdoc />
    public override readonly bool Equals(object? obj) => obj is PairStats o && Equals(o);

    /// <inheritdoc />
    public override readonly int GetHashCode() => HashCode.Combine(Other, Entry, Events, Seconds, First, Last);
}
