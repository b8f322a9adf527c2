using System.Globalization;

namespace CallGraph.Numbers;

/// <summary>
/// A canonical telephone number packed into 64 bits: the digit count in the top 4 bits and the
/// digits' value below, so leading zeros survive (<c>010…</c> differs from <c>10…</c>) and comparing
/// or hashing a number costs one integer operation. An opaque subscriber id (<see cref="SubscriberIds"/>) is a
/// key with a digit count of 0 and a non-zero 60-bit value: it sorts after every number, and prints as its token.
/// </summary>
public readonly struct PhoneNumber : IEquatable<PhoneNumber>, IComparable<PhoneNumber>
{
    /// <summary>The longest canonical number, in digits (the E.164 maximum).</summary>
    public const int MaxDigits = 15;

    private const int LengthShift = 60;
    private const ulong ValueMask = (1UL << LengthShift) - 1;

    /// <summary>Creates a number from its packed key (see <see cref="Key"/>).</summary>
    public PhoneNumber(ulong key) => Key = key;

    /// <summary>The packed form: digit count &lt;&lt; 60 | numeric value. Zero is the empty number.</summary>
    public ulong Key { get; }

    /// <summary>Number of digits of the canonical form.</summary>
    public int Length => (int)(Key >> LengthShift);

    /// <summary>The digits read as an integer (leading zeros are implied by <see cref="Length"/>).</summary>
    public ulong Value => Key & ValueMask;

    /// <summary>True for the default (empty) number.</summary>
    public bool IsEmpty => Key == 0;

    /// <summary>True for an opaque subscriber id (see <see cref="SubscriberIds"/>) rather than a telephone number.</summary>
    public bool IsOpaque => Key != 0 && (Key >> LengthShift) == 0;

    /// <summary>Packs <paramref name="length"/> digits whose integer value is <paramref name="value"/>.</summary>
    public static PhoneNumber FromDigits(int length, ulong value)
    {
        if (length is < 1 or > MaxDigits) throw new ArgumentOutOfRangeException(nameof(length));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(value, Pow10[length]);
        return new PhoneNumber(((ulong)length << LengthShift) | value);
    }

    /// <summary>Packs a string of ASCII digits (no normalisation; see <see cref="NumberNormalizer"/>).</summary>
    public static PhoneNumber FromDigitString(string digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        ulong value = 0;
        foreach (char c in digits)
        {
            if (c is < '0' or > '9') throw new FormatException($"'{digits}' is not a digit string");
            value = value * 10 + (ulong)(c - '0');
        }
        return FromDigits(digits.Length, value);
    }

    /// <summary>The leading <paramref name="digits"/> digits of this number as a number of their own.</summary>
    public PhoneNumber Prefix(int digits)
    {
        if (IsOpaque) return this;
        int length = Length;
        if (digits >= length) return this;
        return new PhoneNumber(((ulong)digits << LengthShift) | (Value / Pow10[length - digits]));
    }

    /// <summary>
    /// The canonical digits, zero-padded to <see cref="Length"/>; an opaque id's token; or, inside a
    /// <see cref="NumberDisplay.Use"/> scope, the label it gives (a pseudonym, a mask).
    /// </summary>
    public override string ToString() =>
        !IsEmpty && NumberDisplay.Current is { } label ? label(this) : CanonicalText();

    /// <summary>The canonical digits or an opaque id's token, whatever <see cref="NumberDisplay"/> says.</summary>
    public string CanonicalText() =>
        IsEmpty ? string.Empty
        : IsOpaque ? SubscriberIds.TokenOf(this) ?? "#" + Key.ToString("x15", CultureInfo.InvariantCulture)
        : Value.ToString(CultureInfo.InvariantCulture).PadLeft(Length, '0');

    /// <summary>Bytes <see cref="Format"/> writes: the digit count, or an opaque id's token length in UTF-8.</summary>
    public int FormattedLength => IsOpaque ? SubscriberIds.BytesOf(this).Length : Length;

    /// <summary>Writes the canonical digits (an opaque id's UTF-8 token) into <paramref name="destination"/>; returns the count written.</summary>
    public int Format(Span<byte> destination)
    {
        if (IsOpaque)
        {
            var token = SubscriberIds.BytesOf(this);
            token.CopyTo(destination);
            return token.Length;
        }
        int length = Length;
        ulong value = Value;
        for (int i = length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (int)(value % 10));
            value /= 10;
        }
        return length;
    }

    /// <inheritdoc />
    public bool Equals(PhoneNumber other) => Key == other.Key;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PhoneNumber other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Key.GetHashCode();

    /// <summary>Orders numbers by their canonical digit strings, as a spreadsheet would sort them.</summary>
    public int CompareTo(PhoneNumber other)
    {
        if (Key == other.Key) return 0;
        bool opaque = IsOpaque, otherOpaque = other.IsOpaque;
        if (opaque || otherOpaque) return opaque && otherOpaque ? Key.CompareTo(other.Key) : opaque ? 1 : -1;
        // Compare as digit strings: align both to 15 digits, then shorter-is-smaller on ties.
        int la = Length, lb = other.Length;
        ulong a = Value * Pow10[MaxDigits - la];
        ulong b = other.Value * Pow10[MaxDigits - lb];
        int c = a.CompareTo(b);
        return c != 0 ? c : la.CompareTo(lb);
    }

    /// <summary>Equality.</summary>
    public static bool operator ==(PhoneNumber left, PhoneNumber right) => left.Key == right.Key;

    /// <summary>Inequality.</summary>
    public static bool operator !=(PhoneNumber left, PhoneNumber right) => left.Key != right.Key;

    /// <summary>Ordering.</summary>
    public static bool operator <(PhoneNumber left, PhoneNumber right) => left.CompareTo(right) < 0;

    /// <summary>Ordering.</summary>
    public static bool operator >(PhoneNumber left, PhoneNumber right) => left.CompareTo(right) > 0;

    /// <summary>Ordering.</summary>
    public static bool operator <=(PhoneNumber left, PhoneNumber right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering.</summary>
    public static bool operator >=(PhoneNumber left, PhoneNumber right) => left.CompareTo(right) >= 0;

    internal static readonly ulong[] Pow10 = BuildPowers();

    private static ulong[] BuildPowers()
    {
        var p = new ulong[20];
        p[0] = 1;
        for (int i = 1; i < p.Length; i++) p[i] = p[i - 1] * 10;
        return p;
    }

    /// <summary>
    /// A 64-bit key that sorts like <see cref="PhoneNumber.CompareTo"/>: the digits aligned to 15 places
    /// (below 10^15 &lt; 2^50), then the length in the low 4 bits. Distinct numbers get distinct keys.
    /// </summary>
    internal static ulong SortKey(ulong key)
    {
        var n = new PhoneNumber(key);
        if (n.IsOpaque) return OpaqueSortBit | key; // numbers' sort keys stay below 2^54
        int length = n.Length;
        return (n.Value * PhoneNumber.Pow10[PhoneNumber.MaxDigits - length]) << 4 | (uint)length;
    }

    private const ulong OpaqueSortBit = 1UL << 63;

    internal static PhoneNumber FromSortKey(ulong sortKey)
    {
        if ((sortKey & OpaqueSortBit) != 0) return new PhoneNumber(sortKey & ~OpaqueSortBit);
        int length = (int)(sortKey & 15);
        ulong value = (sortKey >> 4) / PhoneNumber.Pow10[PhoneNumber.MaxDigits - length];
        return new PhoneNumber(((ulong)length << 60) | value);
    }
}
