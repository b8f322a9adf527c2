namespace CallGraph.Aggregation;

/// <summary>How many of a member's own events were served by one cell.</summary>
public struct CellCount : IEquatable<CellCount>, IEntryKeyed<CellCount>
{
    /// <summary>Cell key (hash of the cell id).</summary>
    public ulong Cell;

    /// <summary>Member entry.</summary>
    public int Entry;

    /// <summary>Events of the member from this cell.</summary>
    public int Events;

    /// <summary>Of those, events inside working hours.</summary>
    public int WorkHourEvents;

    readonly int IEntryKeyed<CellCount>.EntryKey => Entry;

    readonly ulong IEntryKeyed<CellCount>.SecondKey => Cell;

    static CellCount IEntryKeyed<CellCount>.Create(int entry, ulong key) => new() { Entry = entry, Cell = key };

    /// <inheritdoc />
    public readonly bool Equals(CellCount o) => Cell == o.Cell && Entry == o.Entry && Events == o.Events && WorkHourEvents == o.WorkHourEvents;

    /// <inheritdoc />
    public override readonly bool Equals(object? obj) => obj is CellCount o && Equals(o);

    /// <inheritdoc />
    public override readonly int GetHashCode() => HashCode.Combine(Cell, Entry, Events, WorkHourEvents);
}
