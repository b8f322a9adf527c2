using CallGraph.Engines.Sql;

namespace CallGraph.Engines.Postgres;

/// <summary>
/// PostgreSQL's spelling of the functions <see cref="AggregationSql"/> leaves to the dialect. Everything here is
/// PostgreSQL 9.4 (and so Greenplum 6) SQL: <c>btrim</c>, <c>translate</c>, the <c>~</c> operator, <c>md5</c>,
/// <c>bit(64)</c> casts and <c>bit_or</c>.
/// </summary>
public sealed class PostgresDialect : SqlDialect
{
    /// <inheritdoc />
    public override string TrimBlanks(string text) => $"btrim({text}, ' ' || chr(9))";

    /// <inheritdoc />
    // translate drops the characters that have no counterpart: cheaper than a regular expression.
    public override string RemoveNumberSeparators(string text) => $"translate({text}, ' ' || chr(9) || '()-', '')";

    /// <inheritdoc />
    public override string FullMatch(string text, string pattern) => $"({text} ~ {Literal("^(?:" + pattern + ")$")})";

    /// <inheritdoc />
    // PostgreSQL has no TRY_CAST: cast only what a BIGINT holds (digits only, at most 18 after any leading zeros).
    // translate rather than a regular expression: the parse casts nine fields a row, and this is a third faster.
    public override string TryCastBigint(string digits) =>
        $"(CASE WHEN {digits} <> '' AND translate({digits}, '0123456789', '') = '' AND length(ltrim({digits}, '0')) <= 18 THEN CAST({digits} AS BIGINT) END)";

    /// <inheritdoc />
    // Both operands are integers (the statements never divide anything else), so / already rounds down.
    public override string IntDiv(string dividend, string divisor) => $"(({dividend}) / ({divisor}))";

    /// <inheritdoc />
    // The first 16 hex digits of the digest as bit(64) read as a signed BIGINT: the key's bits, which the result
    // reader takes as an unsigned 64-bit integer.
    public override string CellKey(string text)
    {
        string key = $"CAST(CAST('x' || substr(md5({text}), 1, 16) AS bit(64)) AS BIGINT)";
        return $"(CASE WHEN {key} = 0 THEN CAST(1 AS BIGINT) ELSE {key} END)";
    }

    /// <inheritdoc />
    // The key is signed here: its low 5 bits are the unsigned key mod 32.
    public override string CellBit(string cellKey) => $"(CAST(1 AS BIGINT) << CAST(({cellKey}) & 31 AS INTEGER))";

    /// <inheritdoc />
    // OFFSET 0 keeps the planner from pulling a subquery up into its parent (PostgreSQL 9.4 onwards; Greenplum's
    // planner honours it too, its ORCA optimiser may not).
    public override string StageFence => "\nOFFSET 0";

    /// <inheritdoc />
    public override string BitOr(string value) => $"bit_or({value})";

    /// <inheritdoc />
    // Temporary tables get no statistics from autovacuum: ANALYZE them so the joins that follow are planned on
    // their real sizes.
    public override string CreateTempTable(string name, string query) =>
        $"{DropTable(name)};\nCREATE TEMPORARY TABLE {name} AS\n{query};\nANALYZE {name}";

    /// <inheritdoc />
    // pg_temp: never a permanent table of the same name in the search path.
    public override string DropTable(string name) => $"DROP TABLE IF EXISTS pg_temp.{name}";

    /// <summary>A double-quoted identifier (inner quotes doubled): taken as written, case and all.</summary>
    public static string Quote(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
