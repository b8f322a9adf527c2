namespace CallGraph.Internals;

/// <summary>The project's one stateless 64-bit mixing function (the SplitMix64 finaliser): stable across runs and platforms.</summary>
internal static class StableHash
{
    /// <summary>Mixes <paramref name="value"/> into a well-spread 64-bit hash.</summary>
    public static ulong Mix(ulong value)
    {
        ulong z = value + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
