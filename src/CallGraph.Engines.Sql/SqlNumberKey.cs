using CallGraph.Numbers;

namespace CallGraph.Engines.Sql;

/// <summary>
/// How a canonical number travels to and from a SQL engine: one signed 64-bit integer, the digits' value times
/// 16 plus the digit count. The count keeps leading zeros (<c>010…</c> differs from <c>10…</c>) as
/// <see cref="PhoneNumber"/> does; a signed BIGINT because PostgreSQL has no unsigned one, and 15 digits times 16
/// (below 1.6·10^16) fit it with room to spare.
/// </summary>
public static class SqlNumberKey
{
    /// <summary>The multiplier of the value: the low 4 bits hold the digit count (1 to <see cref="PhoneNumber.MaxDigits"/>).</summary>
    public const int LengthBase = 16;

    /// <summary>The SQL key of a telephone number.</summary>
    /// <exception cref="ArgumentException">The number is empty or an opaque id (the SQL engines take telephone numbers only).</exception>
    public static long From(PhoneNumber number)
    {
        if (number.IsEmpty || number.IsOpaque) throw new ArgumentException("only telephone numbers have a SQL key", nameof(number));
        return checked((long)number.Value * LengthBase + number.Length);
    }

    /// <summary>The number of a SQL key.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The key is not one <see cref="From"/> makes.</exception>
    public static PhoneNumber ToNumber(long key)
    {
        if (key <= 0) throw new ArgumentOutOfRangeException(nameof(key), key, "not a SQL number key");
        return PhoneNumber.FromDigits((int)(key % LengthBase), (ulong)(key / LengthBase));
    }
}
