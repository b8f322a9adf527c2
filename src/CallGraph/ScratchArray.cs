namespace CallGraph;

/// <summary>Growth of the scratch arrays that per-thread workers reuse from one group to the next.</summary>
internal static class ScratchArray
{
    /// <summary>
    /// <paramref name="array"/>, replaced when shorter than <paramref name="length"/> (contents are not kept).
    /// A first allocation is exact; later ones at least double, so a worker settles on its largest need.
    /// </summary>
    public static T[] Ensure<T>(ref T[] array, int length)
    {
        if (array.Length < length) array = new T[array.Length == 0 ? length : Math.Max(length, array.Length * 2)];
        return array;
    }

    /// <summary>As <see cref="Ensure"/>, but a replacement keeps the first <paramref name="keep"/> items.</summary>
    public static T[] EnsureKeeping<T>(ref T[] array, int length, int keep)
    {
        if (array.Length < length)
        {
            var grown = new T[array.Length == 0 ? length : Math.Max(length, array.Length * 2)];
            Array.Copy(array, grown, keep);
            array = grown;
        }
        return array;
    }
}
