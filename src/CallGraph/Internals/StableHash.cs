using System.Runtime.CompilerServices;

namespace CallGraph.Internals;

/// <summary>
/// The project's hashing, in one place: the golden-ratio constant every table and mixer uses, Fibonacci
/// (multiplicative) hashing for the open-addressing tables, the stateless 64-bit mixer (the SplitMix64
/// finaliser) and a text hash. All are stable across runs, processes and platforms: outputs that depend on
/// hash order (table iteration, folds, seeds) stay byte-identical.
/// </summary>
internal static class StableHash
{
    /// <summary>2^64 / φ, odd: the multiplier of Fibonacci hashing and the SplitMix64 increment.</summary>
    public const ulong GoldenRatio = 0x9E3779B97F4A7C15UL;

    /// <summary>Fibonacci hashing: <paramref name="key"/> times <see cref="GoldenRatio"/> (mod 2^64); its high bits are the well-mixed ones.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Multiply(ulong key) => key * GoldenRatio;

    /// <summary>The top <c>64 - shift</c> bits of <see cref="Multiply"/>: a slot in a table of <c>2^(64 - shift)</c> slots.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Slot(ulong key, int shift) => (int)(Multiply(key) >> shift);

    /// <summary>Mixes <paramref name="value"/> into a well-spread 64-bit hash.</summary>
    public static ulong Mix(ulong value)
    {
        ulong z = value + GoldenRatio;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A hash of <paramref name="text"/> that does not change between processes (unlike <see cref="string.GetHashCode()"/>): FNV-1a over its UTF-16 code units, then <see cref="Mix"/>.</summary>
    public static ulong OfText(string text)
    {
        ulong h = 0xCBF29CE484222325UL;
        foreach (char c in text)
        {
            h ^= c;
            h *= 0x100000001B3UL;
        }
        return Mix(h);
    }
}
