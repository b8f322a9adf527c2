using CallGraph.Aggregation;
using CallGraph.Engines.DuckDb;
using CallGraph.Engines.Sql;
using CallGraph.Ingest;
using DuckDB.NET.Data;

namespace CallGraph.Engines.Tests;

/// <summary>
/// Runs <see cref="AggregationSql.ParseSelect"/> in an in-memory DuckDB over one hand-given row, and returns what the
/// parse made of it: the reject reason (null when valid), the caller's SQL number key and the start in seconds.
/// </summary>
internal sealed class SqlParseHarness : IDisposable
{
    /// <summary>The callee of every row: five digits, which normalise to themselves.</summary>
    public const string Callee = "99999";

    private readonly DuckDBConnection _connection = new("DataSource=:memory:");
    private readonly DuckDbEngine.Session _session;
    private readonly AggregationSql _sql;
    private static readonly DuckDbDialect Dialect = new();

    public SqlParseHarness(CdrReaderOptions? reader = null)
    {
        _connection.Open();
        _session = new DuckDbEngine.Session(_connection);
        _sql = new AggregationSql(Dialect, reader ?? new CdrReaderOptions(), new AggregationOptions(), hasType: true);
    }

    public (string? Reason, long? Caller, long? Start) Parse(string caller, string start = "20260601120000", string duration = "5", string type = "voice")
    {
        _session.Execute($"""
            CREATE OR REPLACE TEMP VIEW {AggregationSql.Source} AS
            SELECT {Dialect.Literal(caller)} AS caller_raw, {Dialect.Literal(Callee)} AS callee_raw, {Dialect.Literal(start)} AS start_raw,
              {Dialect.Literal(duration)} AS duration_raw, {Dialect.Literal(type)} AS type_raw, CAST(NULL AS VARCHAR) AS cell_raw, FALSE AS wrong_field_count
            """, CancellationToken.None);
        using var reader = _session.Query($"SELECT reason, caller, start_s FROM ({_sql.ParseSelect()}) p", CancellationToken.None);
        Assert.True(reader.Read());
        return (reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2));
    }

    public void Dispose() => _connection.Dispose();
}
