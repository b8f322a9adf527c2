using System.Data.Common;
using System.Globalization;
using CallGraph.Aggregation;
using CallGraph.Engines.Sql;
using CallGraph.Ingest;
using CallGraph.Numbers;
using CallGraph.Rosters;
using Npgsql;

namespace CallGraph.Engines.Postgres;

/// <summary>
/// The aggregation run inside a PostgreSQL (or Greenplum) server over a CDR table it already holds, such as an
/// operator's staging table with the dump's fields as text columns. The columns are found by the reader's
/// <see cref="CdrReaderOptions.Columns"/>; any column type is read as its text. The members are uploaded as a
/// temporary table, <see cref="AggregationSql"/> runs in the session's temporary tables, and only the aggregate
/// rows are streamed back. Every row of the table is one CDR: the field-count, quoting and line-length rejects of a
/// file reader belong to whatever loaded the table, so the engine counts the other reasons.
/// </summary>
public sealed class PostgresEngine : IAggregationEngine
{
    private static readonly PostgresDialect Dialect = new();
    private readonly string _connectionString;
    private readonly string _table;
    private readonly PostgresEngineOptions _options;

    /// <summary>An engine over the table <paramref name="table"/> of the database <paramref name="connectionString"/> names.</summary>
    /// <param name="connectionString">An Npgsql connection string (<c>Host=…;Port=…;Username=…;Database=…</c>).</param>
    /// <param name="table">The CDR table or view, as SQL names it: <c>cdr</c>, <c>staging.cdr_2026_06</c>, <c>"Cdr June"</c>.</param>
    /// <param name="options">Session settings.</param>
    /// <exception cref="ArgumentException">The connection string or the table name is empty.</exception>
    public PostgresEngine(string connectionString, string table, PostgresEngineOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        _connectionString = connectionString;
        _table = table;
        _options = options ?? new PostgresEngineOptions();
    }

    /// <inheritdoc />
    public string Name => "postgres";

    /// <inheritdoc />
    /// <exception cref="InvalidDataException">The table or a mapped column does not exist, or the server failed a statement.</exception>
    /// <exception cref="IOException">The server cannot be reached.</exception>
    public EngineAggregation Aggregate(Roster roster, NumberPlan plan, CdrReaderOptions reader, AggregationOptions aggregation, CancellationToken cancellationToken = default)
    {
        SqlAggregation.CheckRequest(Name, roster, plan, reader, aggregation);
        try
        {
            using var connection = new NpgsqlConnection(_connectionString);
            connection.Open();
            var session = new Session(connection, _options.CommandTimeout);
            try
            {
                // Literals are written with only their quotes doubled: make sure backslashes are plain characters.
                session.Execute("SET standard_conforming_strings = on", cancellationToken);
                if (_options.WorkMem is string workMem) session.Execute($"SET work_mem = {Dialect.Literal(workMem)}", cancellationToken);
                bool hasType = DefineSource(session, reader.Columns, cancellationToken);
                var sql = new AggregationSql(Dialect, reader, aggregation, hasType);
                return SqlAggregation.Run(session, sql, roster, plan, [], NoScanRejects, cancellationToken);
            }
            finally
            {
                DropTemporaries(session, connection);
            }
        }
        catch (NpgsqlException ex) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("the postgres engine's query was cancelled", ex, cancellationToken);
        }
        catch (PostgresException ex)
        {
            throw new InvalidDataException($"postgres: {ex.MessageText} (SQLSTATE {ex.SqlState})", ex);
        }
        catch (NpgsqlException ex)
        {
            throw new IOException("postgres: " + ex.Message, ex);
        }
    }

    private static IReadOnlyDictionary<string, long> NoScanRejects() => new Dictionary<string, long>();

    /// <summary>
    /// Creates the temporary view <see cref="AggregationSql.Source"/> over the table, its mapped columns as text.
    /// Returns whether the table has a type column.
    /// </summary>
    private bool DefineSource(Session session, CdrColumnMap map, CancellationToken cancellationToken)
    {
        // regclass resolves the name as SQL does (search path, quoting) and prints it back qualified and quoted as
        // needed, so the name is never pasted into a statement as given.
        string qualified;
        var columns = new List<string>();
        using (var command = session.Command("SELECT CAST(CAST(@name AS text) AS regclass)::text, CAST(CAST(@name AS text) AS regclass)::oid"))
        {
            command.Parameters.AddWithValue("name", _table);
            uint oid;
            try
            {
                using var reader = command.ExecuteReader();
                reader.Read();
                qualified = reader.GetString(0);
                oid = reader.GetFieldValue<uint>(1);
            }
            catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidName or PostgresErrorCodes.InvalidSchemaName or PostgresErrorCodes.SyntaxError)
            {
                throw new InvalidDataException($"postgres: no CDR table {_table}: {ex.MessageText}", ex);
            }
            using var names = session.Command("SELECT attname FROM pg_attribute WHERE attrelid = @oid AND attnum > 0 AND NOT attisdropped ORDER BY attnum");
            names.Parameters.AddWithValue("oid", NpgsqlTypes.NpgsqlDbType.Oid, oid);
            using var rows = names.ExecuteReader();
            while (rows.Read()) columns.Add(rows.GetString(0));
        }
        var found = SqlSourceColumns.Find(columns, map, (field, name) => new InvalidDataException(
            $"postgres: table {qualified} has no column '{name}' for {field} (columns: {string.Join(", ", columns)}); map columns with --columns"));
        static string Text(string? column) => column is null ? "CAST(NULL AS text)" : $"CAST({PostgresDialect.Quote(column)} AS text)";
        session.Execute($"DROP VIEW IF EXISTS pg_temp.{AggregationSql.Source}", cancellationToken);
        session.Execute($"CREATE TEMPORARY VIEW {AggregationSql.Source} AS SELECT {found.SelectList(Text, "FALSE")} FROM {qualified}", cancellationToken);
        return found.Type is not null;
    }

    // The session's temporary tables go when the connection closes; a pooled connection stays open, so drop them
    // now rather than leave a month of parsed rows in the server until the connection's next use.
    private static void DropTemporaries(Session session, NpgsqlConnection connection)
    {
        if (connection.FullState != System.Data.ConnectionState.Open) return;
        try
        {
            foreach (string table in AggregationSql.TempTables) session.Execute(Dialect.DropTable(table), CancellationToken.None);
            session.Execute($"DROP VIEW IF EXISTS pg_temp.{AggregationSql.Source}", CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // The run's own error (or result) matters more; closing the connection drops them anyway.
        }
    }

    /// <summary><see cref="ISqlSession"/> over an open Npgsql connection; a cancelled token cancels the running statement.</summary>
    private sealed class Session(NpgsqlConnection connection, TimeSpan? timeout) : ISqlSession
    {
        public NpgsqlCommand Command(string sql)
        {
            var command = new NpgsqlCommand(sql, connection)
            {
                CommandTimeout = timeout is TimeSpan t ? (int)Math.Ceiling(t.TotalSeconds) : 0,
            };
            return command;
        }

        public void Execute(string sql, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var command = Command(sql);
            using (cancellationToken.Register(command.Cancel)) command.ExecuteNonQuery();
            cancellationToken.ThrowIfCancellationRequested();
        }

        public DbDataReader Query(string sql, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var command = Command(sql);
            // Npgsql streams the rows as the caller reads them; the command goes with the reader.
            using (cancellationToken.Register(command.Cancel)) return command.ExecuteReader(System.Data.CommandBehavior.SingleResult);
        }

        public void UploadNumbers(string table, IEnumerable<long> keys, CancellationToken cancellationToken)
        {
            Execute($"{Dialect.DropTable(table)};\nCREATE TEMPORARY TABLE {table} (number BIGINT)", cancellationToken);
            // Text COPY: the one bulk path every PostgreSQL and Greenplum version takes.
            using (var writer = connection.BeginTextImport($"COPY {table} (number) FROM STDIN"))
            {
                int n = 0;
                foreach (long key in keys)
                {
                    if ((++n & 0xFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
                    writer.Write(key.ToString(CultureInfo.InvariantCulture));
                    writer.Write('\n');
                }
            }
            Execute($"ANALYZE {table}", cancellationToken);
        }
    }
}
