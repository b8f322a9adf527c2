using System.Data.Common;
using System.Globalization;
using CallGraph.Aggregation;

namespace CallGraph.Engines.Sql;

/// <summary>
/// Reads an engine's aggregate rows (the column orders of <see cref="AggregationSql.SelectPairs"/>,
/// <see cref="AggregationSql.SelectCells"/> and <see cref="AggregationSql.SelectProfiles"/>) into a
/// <see cref="CallAggregateBuilder"/>, streaming: a row is added as it arrives. Each reader is disposed.
/// </summary>
public static class AggregateRows
{
    /// <summary>Adds every pair row; numbers are <see cref="SqlNumberKey"/>s, times seconds since 1970.</summary>
    /// <exception cref="InvalidDataException">A count does not fit the aggregate's 32-bit counters.</exception>
    public static void ReadPairs(DbDataReader reader, CallAggregateBuilder builder, CancellationToken cancellationToken) =>
        ReadEach(reader, builder, static (r, b) => b.AddPair(Member(r), new PairStats
        {
            Other = SqlNumberKey.ToNumber(SqlAggregation.Int64(r, 1)).Key,
            OutCalls = Count(r, 2),
            InCalls = Count(r, 3),
            OutSms = Count(r, 4),
            InSms = Count(r, 5),
            WorkHourEvents = Count(r, 6),
            Seconds = SqlAggregation.Int64(r, 7),
            First = PairTime(SqlAggregation.Int64(r, 8)),
            Last = PairTime(SqlAggregation.Int64(r, 9)),
            CellBits = unchecked((uint)SqlAggregation.Int64(r, 10)),
        }), cancellationToken);

    /// <summary>Adds every cell row.</summary>
    public static void ReadCells(DbDataReader reader, CallAggregateBuilder builder, CancellationToken cancellationToken) =>
        ReadEach(reader, builder, static (r, b) => b.AddCell(Member(r), CellKey(r.GetValue(1)), Count(r, 2), Count(r, 3)), cancellationToken);

    /// <summary>Adds every profile row.</summary>
    public static void ReadProfiles(DbDataReader reader, CallAggregateBuilder builder, CancellationToken cancellationToken) =>
        ReadEach(reader, builder, static (r, b) => b.AddProfile(Member(r), Count(r, 1), Count(r, 2)), cancellationToken);

    /// <summary>Adds each row of <paramref name="reader"/> with <paramref name="add"/>, then disposes the reader.</summary>
    private static void ReadEach(DbDataReader reader, CallAggregateBuilder builder, Action<DbDataReader, CallAggregateBuilder> add, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(builder);
        using (reader)
        {
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                add(reader, builder);
            }
        }
    }

    /// <summary>The member number of a row: its first column.</summary>
    private static Numbers.PhoneNumber Member(DbDataReader reader) => SqlNumberKey.ToNumber(SqlAggregation.Int64(reader, 0));

    /// <summary>A pair time as the in-process aggregator stores it: seconds since 1970 clamped to 0..2^32-1.</summary>
    public static uint PairTime(long seconds) => (uint)Math.Clamp(seconds, 0, uint.MaxValue);

    /// <summary>A cell key as the engine sends it: an unsigned 64-bit integer, or its bits in a signed one.</summary>
    /// <exception cref="InvalidDataException">The value is no 64-bit integer.</exception>
    public static ulong CellKey(object value) => value switch
    {
        ulong u => u,
        long l => unchecked((ulong)l),
        decimal m when m >= 0 && m <= ulong.MaxValue => (ulong)m,
        System.Numerics.BigInteger b when b >= 0 && b <= ulong.MaxValue => (ulong)b,
        _ => throw new InvalidDataException($"the engine sent a cell key that is not a 64-bit integer: {Convert.ToString(value, CultureInfo.InvariantCulture)}"),
    };

    private static int Count(DbDataReader reader, int column)
    {
        long value = SqlAggregation.Int64(reader, column);
        if (value is < 0 or > int.MaxValue)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"the engine sent a count of {value} in column {reader.GetName(column)}, outside the aggregate's 0..{int.MaxValue}"));
        return (int)value;
    }
}
