namespace CallGraph.Engines.Sql;

/// <summary>
/// The functions whose spelling differs between SQL engines. <see cref="AggregationSql"/> writes everything else
/// in the common subset (CASE, CAST to BIGINT, <c>substring</c>, <c>length</c>, <c>||</c>, GROUP BY, UNION ALL), so a
/// new engine overrides what its SQL spells differently and reuses the rest. Each member returns an expression
/// over the SQL expressions it is given.
/// </summary>
public abstract class SqlDialect
{
    /// <summary><paramref name="text"/> with spaces and tabs removed from both ends (the reader's trim).</summary>
    public abstract string TrimBlanks(string text);

    /// <summary><paramref name="text"/> with every space, tab, hyphen and parenthesis removed (the separators numbers may carry).</summary>
    public abstract string RemoveNumberSeparators(string text);

    /// <summary>True when the whole of <paramref name="text"/> matches the regular expression <paramref name="pattern"/> (RE2/POSIX subset: classes, <c>{n}</c>, <c>?</c>, <c>+</c>, groups).</summary>
    public abstract string FullMatch(string text, string pattern);

    /// <summary><paramref name="digits"/> (a string of at most 18 ASCII digits) as a BIGINT, or NULL when it is not one.</summary>
    public abstract string TryCastBigint(string digits);

    /// <summary>Integer division of two non-negative BIGINT expressions, rounded down.</summary>
    public abstract string IntDiv(string dividend, string divisor);

    /// <summary>
    /// The cell key of <c>docs/aggregation.md</c> of a non-empty trimmed cell text: the first 8 bytes of its MD5
    /// digest read big-endian as an unsigned 64-bit integer, 1 when that is 0. The engine's result reader reads it as
    /// <see cref="ulong"/>.
    /// </summary>
    public abstract string CellKey(string text);

    /// <summary>A BIGINT with only bit (<paramref name="cellKey"/> mod 32) set: the cell's bit of a pair's cell sketch.</summary>
    public abstract string CellBit(string cellKey);

    /// <summary>The aggregate bitwise OR of a BIGINT expression.</summary>
    public abstract string BitOr(string value);

    /// <summary>A statement that creates (or replaces) the session's temporary table <paramref name="name"/> from <paramref name="query"/>.</summary>
    public abstract string CreateTempTable(string name, string query);

    /// <summary>A statement that drops the session's temporary table <paramref name="name"/> when it exists.</summary>
    public virtual string DropTable(string name) => $"DROP TABLE IF EXISTS {name}";

    /// <summary>
    /// What closes each stage of the parse so that the engine computes a stage's columns once per row instead of
    /// pasting their expressions into every use in the next stage, which nests them exponentially deep (PostgreSQL
    /// flattens subqueries so: <c>OFFSET 0</c> stops it). Empty by default.
    /// </summary>
    public virtual string StageFence => string.Empty;

    /// <summary>A SQL string literal of <paramref name="text"/> (single quotes doubled).</summary>
    public virtual string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
