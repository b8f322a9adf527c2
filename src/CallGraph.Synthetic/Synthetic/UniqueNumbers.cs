using CallGraph.Numbers;

namespace CallGraph.Synthetic;

/// <summary>
/// A keyed pseudo-random permutation of [0, size): a 4-round Feistel network over the smallest even power of
/// two that covers the range, with cycle walking. Drawing indices 0, 1, 2 … through it yields distinct,
/// random-looking values without remembering the ones already drawn, so numbers stay unique at any scale.
/// </summary>
internal readonly struct KeyedPermutation
{
    private readonly ulong _size;
    private readonly int _halfBits;
    private readonly ulong _halfMask;
    private readonly ulong _key;

    public KeyedPermutation(ulong size, ulong key)
    {
        ArgumentOutOfRangeException.ThrowIfZero(size);
        _size = size;
        int bits = 2;
        while (bits < 64 && (1UL << bits) < size) bits += 2;
        _halfBits = bits / 2;
        _halfMask = (1UL << _halfBits) - 1;
        _key = key;
    }

    public ulong Size => _size;

    public ulong this[ulong index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _size);
            ulong x = index;
            do x = Encrypt(x); while (x >= _size);
            return x;
        }
    }

    private ulong Encrypt(ulong x)
    {
        ulong left = x >> _halfBits, right = x & _halfMask;
        for (ulong round = 0; round < 4; round++)
        {
            ulong f = SeededRandom.Mix(right ^ (_key + Internals.StableHash.Multiply(round))) & _halfMask;
            (left, right) = (right, left ^ f);
        }
        return (left << _halfBits) | right;
    }
}

/// <summary>Hands out distinct numbers that all start with one fixed prefix, e.g. a mobile segment.</summary>
internal sealed class PrefixPool
{
    private readonly ulong _prefixValue;
    private readonly int _length;
    private readonly ulong _suffixBase;
    private readonly KeyedPermutation _permutation;
    private ulong _next;

    /// <param name="prefix">Leading digits.</param>
    /// <param name="length">Total digit count of every number.</param>
    /// <param name="suffixMin">Smallest suffix allowed (e.g. fixed lines must not start with 0 or 1).</param>
    /// <param name="suffixEnd">Exclusive upper bound of the suffix.</param>
    /// <param name="key">Permutation key.</param>
    public PrefixPool(string prefix, int length, ulong suffixMin, ulong suffixEnd, ulong key)
    {
        _prefixValue = PhoneNumber.FromDigitString(prefix).Value;
        _length = length;
        _suffixBase = suffixMin;
        SuffixDigits = length - prefix.Length;
        _permutation = new KeyedPermutation(suffixEnd - suffixMin, key);
    }

    public int SuffixDigits { get; }

    public bool Exhausted => _next >= _permutation.Size;

    public PhoneNumber Next()
    {
        if (Exhausted) throw new InvalidOperationException("Number range exhausted.");
        ulong suffix = _suffixBase + _permutation[_next++];
        return PhoneNumber.FromDigits(_length, _prefixValue * PhoneNumber.Pow10[SuffixDigits] + suffix);
    }
}

/// <summary>Draws unique numbers of one kind from a set of prefixes, choosing the prefix at random each time.</summary>
internal sealed class NumberSource
{
    private readonly PrefixPool[] _pools;

    public NumberSource(IEnumerable<PrefixPool> pools) => _pools = pools.ToArray();

    public PhoneNumber Next(SeededRandom random)
    {
        for (int attempt = 0; attempt < 64; attempt++)
        {
            var pool = _pools[random.Next(_pools.Length)];
            if (!pool.Exhausted) return pool.Next();
        }
        foreach (var pool in _pools)
            if (!pool.Exhausted) return pool.Next();
        throw new InvalidOperationException("Every number range is exhausted.");
    }

    /// <summary>11-digit mobile numbers from the built-in non-MVNO segments of <paramref name="operatorCode"/>.</summary>
    public static NumberSource Mobile(string operatorCode, ulong key) =>
        new(BuiltInPrefixes.Rows
            .Where(r => r.Operator == operatorCode && !r.IsMvno)
            .OrderBy(r => r.Prefix, StringComparer.Ordinal)
            .Select((r, i) => new PrefixPool(r.Prefix, 11, 0, PhoneNumber.Pow10[11 - r.Prefix.Length], key + (ulong)i * 7919)));

    /// <summary>Fixed lines: 0 + a big-city area code + 8 digits not starting with 0 or 1.</summary>
    public static NumberSource FixedLines(ulong key) =>
        new(AreaCodes.Select((code, i) => new PrefixPool(code, code.Length + 8, 20_000_000, 90_000_000, key + (ulong)i * 104729)));

    /// <summary>Enterprise hotlines 4008xxxxxx.</summary>
    public static NumberSource Hotlines(ulong key) => new(new[] { new PrefixPool("4008", 10, 0, 1_000_000, key) });

    private static readonly string[] AreaCodes = { "010", "020", "021", "022", "023", "025", "027", "028", "029", "0512", "0571", "0755" };
}
