namespace CallGraph.Numbers;

/// <summary>Why a raw number could not be normalised.</summary>
public enum NumberParseError : byte
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The field is empty.</summary>
    Empty,

    /// <summary>The field holds characters other than digits, a leading '+', spaces, hyphens or parentheses.</summary>
    NotDigits,

    /// <summary>More than <see cref="PhoneNumber.MaxDigits"/> digits.</summary>
    TooLong,
}

/// <summary>
/// Turns raw numbers as they appear in CDRs and rosters into the canonical form: digits only;
/// +86/0086/86 stripped before an 11-digit mobile; a fixed line dialled from abroad gets its
/// trunk <c>0</c> back; everything else is kept as dialled. Allocation-free over UTF-8 bytes.
/// </summary>
public static class NumberNormalizer
{
    /// <summary>Normalises a UTF-8 field. Returns false (with the reason) when it is not a number.</summary>
    public static bool TryNormalize(ReadOnlySpan<byte> raw, out PhoneNumber number, out NumberParseError error)
    {
        number = default;
        Span<byte> digits = stackalloc byte[24];
        int count = 0;
        bool plus = false;
        bool any = false;
        foreach (byte b in raw)
        {
            if ((uint)(b - '0') <= 9)
            {
                if (count == digits.Length) { error = NumberParseError.TooLong; return false; }
                digits[count++] = b;
                any = true;
            }
            else if (b == '+' && !any && !plus) plus = true;
            else if (b is (byte)' ' or (byte)'-' or (byte)'(' or (byte)')' or (byte)'\t') { }
            else { error = NumberParseError.NotDigits; return false; }
        }
        if (count == 0) { error = plus ? NumberParseError.NotDigits : NumberParseError.Empty; return false; }
        return Canonicalize(digits[..count], plus, out number, out error);
    }

    /// <summary>Normalises a UTF-16 string (rosters, command-line values). Same rules as the UTF-8 overload.</summary>
    public static bool TryNormalize(ReadOnlySpan<char> raw, out PhoneNumber number, out NumberParseError error)
    {
        Span<byte> bytes = stackalloc byte[Math.Min(raw.Length, 64)];
        if (raw.Length > 64) { number = default; error = NumberParseError.TooLong; return false; }
        for (int i = 0; i < raw.Length; i++)
        {
            char c = raw[i];
            if (c > 127) { number = default; error = NumberParseError.NotDigits; return false; }
            bytes[i] = (byte)c;
        }
        return TryNormalize(bytes, out number, out error);
    }

    /// <summary>Normalises or throws <see cref="FormatException"/>; for tests and one-off values.</summary>
    public static PhoneNumber Normalize(string raw)
    {
        if (!TryNormalize(raw.AsSpan(), out var n, out var e)) throw new FormatException($"'{raw}' is not a phone number ({e})");
        return n;
    }

    private static bool Canonicalize(ReadOnlySpan<byte> d, bool plus, out PhoneNumber number, out NumberParseError error)
    {
        // International prefix: "+CC…" or "00CC…".
        bool international = plus;
        if (!plus && d.Length > 2 && d[0] == '0' && d[1] == '0') { international = true; d = d[2..]; }
        if (international)
        {
            if (d.Length > 2 && d[0] == '8' && d[1] == '6')
            {
                var national = d[2..];
                if (IsMobile(national)) return Pack(national, out number, out error);
                // A mainland fixed line dialled from abroad loses its trunk 0; give it back.
                if (national.Length >= 1 && national[0] != '0') return PackWithTrunkZero(national, out number, out error);
                return Pack(national, out number, out error);
            }
            // Other country: keep it recognisable as international with the 00 prefix.
            return PackWithDoubleZero(d, out number, out error);
        }
        // "86" + 11-digit mobile without a plus sign, as many switches write it.
        if (d.Length == 13 && d[0] == '8' && d[1] == '6' && IsMobile(d[2..])) return Pack(d[2..], out number, out error);
        return Pack(d, out number, out error);
    }

    internal static bool IsMobile(ReadOnlySpan<byte> d) => d.Length == 11 && d[0] == '1' && d[1] >= '3';

    private static bool Pack(ReadOnlySpan<byte> d, out PhoneNumber number, out NumberParseError error)
    {
        if (d.Length > PhoneNumber.MaxDigits) { number = default; error = NumberParseError.TooLong; return false; }
        ulong v = 0;
        foreach (byte b in d) v = v * 10 + (ulong)(b - '0');
        number = PhoneNumber.FromDigits(d.Length, v);
        error = NumberParseError.None;
        return true;
    }

    private static bool PackWithTrunkZero(ReadOnlySpan<byte> d, out PhoneNumber number, out NumberParseError error)
    {
        if (d.Length + 1 > PhoneNumber.MaxDigits) { number = default; error = NumberParseError.TooLong; return false; }
        Pack(d, out var n, out error);
        number = PhoneNumber.FromDigits(d.Length + 1, n.Value);
        return true;
    }

    private static bool PackWithDoubleZero(ReadOnlySpan<byte> d, out PhoneNumber number, out NumberParseError error)
    {
        if (d.Length + 2 > PhoneNumber.MaxDigits) { number = default; error = NumberParseError.TooLong; return false; }
        Pack(d, out var n, out error);
        number = PhoneNumber.FromDigits(d.Length + 2, n.Value);
        return true;
    }

    /// <summary>Classifies a canonical number (see <see cref="NumberClass"/> for the rules).</summary>
    public static NumberClass Classify(PhoneNumber number)
    {
        if (number.IsOpaque) return NumberClass.Opaque;
        int len = number.Length;
        if (len == 0) return NumberClass.Invalid;
        ulong v = number.Value;
        int first = Leading(v, len, 1);
        int two = Leading(v, len, 2);
        int three = Leading(v, len, 3);

        if (len == 11 && first == 1 && two >= 13) return NumberClass.Mobile;
        if (len >= 3 && len <= 6) return NumberClass.Service;                       // 110, 10086, 95588, 12315 …
        if (len == 10 && (three == 400 || three == 800)) return NumberClass.Service;
        if ((two == 95 || two == 96) && len <= 8) return NumberClass.Service;        // 95xxx[xxx], 96xxx
        if (first == 1 && len > 6 && three >= 100 && three <= 129) return NumberClass.Service; // 106 SMS gateways, 12xxx long forms
        if (len > 2 && two == 0) return NumberClass.International;                  // 00 + country code (not 86)
        if (first == 0 && len >= 10 && len <= 12) return NumberClass.Fixed;          // 0 + area code + 7–8 digits
        if (first != 0 && first != 1 && (len == 7 || len == 8)) return NumberClass.Fixed; // local fixed line, no area code
        return NumberClass.Other;
    }

    /// <summary>The first <paramref name="digits"/> digits of a number of <paramref name="length"/> digits.</summary>
    private static int Leading(ulong value, int length, int digits) =>
        length < digits ? -1 : (int)(value / PhoneNumber.Pow10[length - digits]);
}
