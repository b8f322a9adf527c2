using CallGraph.Engines.Sql;

namespace CallGraph.Engines.DuckDb;

/// <summary>DuckDB's spelling of the functions <see cref="AggregationSql"/> leaves to the dialect.</summary>
public sealed class DuckDbDialect : SqlDialect
{
    /// <inheritdoc />
    public override string TrimBlanks(string text) => $"trim({text}, ' ' || chr(9))";

    /// <inheritdoc />
    public override string RemoveNumberSeparators(string text) => $"regexp_replace({text}, '[ \\t()-]', '', 'g')";

    /// <inheritdoc />
    public override string FullMatch(string text, string pattern) => $"regexp_full_match({text}, {Literal(pattern)})";

    /// <inheritdoc />
    public override string TryCastBigint(string digits) => $"TRY_CAST({digits} AS BIGINT)";

    /// <inheritdoc />
    public override string IntDiv(string dividend, string divisor) => $"(({dividend}) // ({divisor}))";

    /// <inheritdoc />
    public override string CellKey(string text) =>
        $"(CASE WHEN ('0x' || substring(md5({text}), 1, 16))::UBIGINT = 0 THEN 1::UBIGINT ELSE ('0x' || substring(md5({text}), 1, 16))::UBIGINT END)";

    /// <inheritdoc />
    public override string CellBit(string cellKey) => $"(1::BIGINT << CAST(({cellKey}) % 32 AS INTEGER))";

    /// <inheritdoc />
    public override string BitOr(string value) => $"bit_or({value})";

    /// <inheritdoc />
    // A private in-memory database: plain tables are as temporary as TEMP ones, and take the appender.
    public override string CreateTempTable(string name, string query) => $"CREATE OR REPLACE TABLE {name} AS {query}";
}
