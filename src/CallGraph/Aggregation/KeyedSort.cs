namespace CallGraph.Aggregation;

/// <summary>
/// Sorts runs of entry-keyed records by their second key, reusing its scratch arrays from run to run.
/// The comparison is inlined (no delegate): short runs are sorted in place by insertion, longer ones by
/// sorting their keys with the record positions and then moving the records once. One sorter per thread.
/// </summary>
internal sealed class KeyedSorter<T> where T : unmanaged, IEntryKeyed<T>
{
    private const int InsertionLimit = 16;

    private ulong[] _keys = [];
    private int[] _order = [];
    private T[] _copy = [];

    /// <summary>Sorts <paramref name="items"/> by <see cref="IEntryKeyed{T}.SecondKey"/>; keys equal within a run keep no particular order.</summary>
    public void Sort(Span<T> items)
    {
        int n = items.Length;
        if (n <= InsertionLimit)
        {
            for (int i = 1; i < n; i++)
            {
                T item = items[i];
                ulong key = item.SecondKey;
                int j = i - 1;
                while (j >= 0 && items[j].SecondKey > key)
                {
                    items[j + 1] = items[j];
                    j--;
                }
                items[j + 1] = item;
            }
            return;
        }
        var keys = ScratchArray.Ensure(ref _keys, n).AsSpan(0, n);
        var order = ScratchArray.Ensure(ref _order, n).AsSpan(0, n);
        var copy = ScratchArray.Ensure(ref _copy, n).AsSpan(0, n);
        bool sorted = true;
        for (int i = 0; i < n; i++)
        {
            keys[i] = items[i].SecondKey;
            order[i] = i;
            if (i > 0 && keys[i] < keys[i - 1]) sorted = false;
        }
        if (sorted) return;
        keys.Sort(order);
        items.CopyTo(copy);
        for (int i = 0; i < n; i++) items[i] = copy[order[i]];
    }
}
