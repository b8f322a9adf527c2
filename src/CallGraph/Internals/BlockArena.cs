namespace CallGraph.Internals;

/// <summary>
/// Hands out page-aligned blocks carved from large 2 MiB-aligned mappings backed by transparent huge pages,
/// for the aggregation tables, which grow block by block and are probed at random: with huge pages those
/// probes miss the TLB far less, and a growing table faults once per 2 MiB instead of once per 4 KiB. The
/// tables of all partitions share one arena, so at most one huge page is part-used. <see cref="Free"/>
/// gives a block's memory back at once but keeps its addresses reserved (so <see cref="Dispose"/>, which
/// unmaps the segments, can never unmap memory mapped since by someone else). Linux only: elsewhere
/// <see cref="TryCreate"/> gives null and callers allocate blocks one by one. Thread-safe.
/// </summary>
internal sealed unsafe class BlockArena : IDisposable
{
    private const int PageSize = 4096;
    /// <summary>Size of the mappings blocks are carved from; the largest block <see cref="Take"/> gives.</summary>
    public static readonly nuint SegmentBytes = 16 * (nuint)NativeBlock.HugePage;

    private readonly Lock _gate = new();
    private readonly List<NativeMemoryHandle> _segments = new(); // each segment's owner: dropped arenas are unmapped by their handles
    private byte* _next;
    private byte* _end;

    private BlockArena()
    {
    }

    /// <summary>An arena, or null where blocks cannot be carved from one mapping (not Linux).</summary>
    public static BlockArena? TryCreate() => OperatingSystem.IsLinux() ? new BlockArena() : null;

    /// <summary>A zeroed block of <paramref name="bytes"/> (at most <see cref="SegmentBytes"/>), starting on a page.</summary>
    public void* Take(nuint bytes)
    {
        bytes = WholePages(bytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes, SegmentBytes);
        lock (_gate)
        {
            if ((nuint)(_end - _next) < bytes)
            {
                // The rest of the old segment stays mapped but untouched, so it takes no memory.
                var segment = new NativeMemoryHandle(SegmentBytes, hugePages: true);
                _segments.Add(segment);
                _next = (byte*)segment.Pointer;
                _end = _next + SegmentBytes;
            }
            void* block = _next;
            _next += bytes;
            return block;
        }
    }

    /// <summary>Gives the memory of a block from <see cref="Take"/> back to the operating system.</summary>
    public void Free(void* block, nuint bytes)
    {
        lock (_gate)
        {
            if (_segments.Count > 0) NativeBlock.Discard(block, WholePages(bytes));
        }
    }

    private static nuint WholePages(nuint bytes) => (bytes + PageSize - 1) / PageSize * PageSize;

    /// <summary>Unmaps every segment, blocks already freed or not. Only when no block is in use any more.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var segment in _segments) segment.Dispose();
            _segments.Clear();
            _next = _end = null;
        }
    }
}
