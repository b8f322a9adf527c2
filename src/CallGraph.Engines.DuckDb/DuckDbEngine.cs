using System.Data.Common;
using System.Globalization;
using System.Text;
using CallGraph.Aggregation;
using CallGraph.Engines.Sql;
using CallGraph.Ingest;
using CallGraph.Numbers;
using CallGraph.Rosters;
using DuckDB.NET.Data;

namespace CallGraph.Engines.DuckDb;

/// <summary>
/// The aggregation run by an embedded DuckDB over CDR files it scans itself: CSV or TSV (gzip told by its bytes)
/// through <c>read_csv</c> with every column as text, so a malformed row is counted as a reject rather than failing
/// the scan, and Parquet through <c>read_parquet</c>. The SQL is <see cref="AggregationSql"/>; the CDRs never leave
/// DuckDB, only the aggregate rows do. DuckDB works under <see cref="DuckDbEngineOptions.MemoryLimit"/> and spills
/// to a temporary folder past it. Rejected rows are counted by reason but not listed (no reject file).
/// </summary>
public sealed class DuckDbEngine : IAggregationEngine
{
    private readonly IReadOnlyList<string> _files;
    private readonly DuckDbEngineOptions _options;
    private static readonly DuckDbDialect Dialect = new();

    // A null marker no CDR field holds, so an empty field reads as '' and only a missing one (a short row's
    // padding) as NULL.
    private const string NoNullText = "\u0001cg-null\u0001";

    // The name of the spare column read past the header's (see DefineSource); no dump's header is likely to use it.
    private const string SpareColumn = "cg_spare_field";

    // The in-process reader's longest line (CdrReaderOptions.MaxLineBytes' default, 1 MiB); longer lines are line_too_long.
    private const int MaxLineBytes = 1 << 20;

    /// <summary>An engine over <paramref name="files"/> (read in the order given, as one dump).</summary>
    /// <exception cref="ArgumentException">No file is given.</exception>
    public DuckDbEngine(IReadOnlyList<string> files, DuckDbEngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0) throw new ArgumentException("the DuckDB engine needs at least one CDR file", nameof(files));
        _files = files;
        _options = options ?? new DuckDbEngineOptions();
    }

    /// <inheritdoc />
    public string Name => "duckdb";

    /// <inheritdoc />
    public EngineAggregation Aggregate(Roster roster, NumberPlan plan, CdrReaderOptions reader, AggregationOptions aggregation, CancellationToken cancellationToken = default)
    {
        SqlAggregation.CheckRequest(Name, roster, plan, reader, aggregation);
        foreach (string file in _files)
            if (!File.Exists(file)) throw new FileNotFoundException($"{file}: no such file", file);

        string tempDirectory = _options.TempDirectory ?? Path.Combine(Path.GetTempPath(), "callgraph-duckdb-" + Guid.NewGuid().ToString("N"));
        bool ownTemp = _options.TempDirectory is null;
        try
        {
            using var connection = new DuckDBConnection("DataSource=:memory:");
            connection.Open();
            var session = new Session(connection);
            session.Execute($"SET memory_limit = {Dialect.Literal(_options.MemoryLimit)}", cancellationToken);
            session.Execute($"SET temp_directory = {Dialect.Literal(tempDirectory)}", cancellationToken);
            session.Execute("SET preserve_insertion_order = false", cancellationToken); // no row order is needed: every result is aggregated
            if (_options.Threads is int threads) session.Execute($"SET threads = {threads.ToString(CultureInfo.InvariantCulture)}", cancellationToken);

            var source = DefineSource(session, reader, cancellationToken);
            var sql = new AggregationSql(Dialect, reader, aggregation, source.HasType);
            return Wrap(() => SqlAggregation.Run(session, sql, roster, plan, [], () => source.ScanRejects(session, cancellationToken), cancellationToken));
        }
        finally
        {
            if (ownTemp && Directory.Exists(tempDirectory)) Directory.Delete(tempDirectory, recursive: true);
        }
    }

    private static T Wrap<T>(Func<T> run)
    {
        try
        {
            return run();
        }
        catch (DuckDBException ex)
        {
            throw new InvalidDataException("duckdb: " + FirstLine(ex.Message), ex);
        }
    }

    private static string FirstLine(string message)
    {
        int end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    /// <summary>What the source view reads, and where the CSV reader's own rejects are.</summary>
    private sealed record SourceView(bool HasType, bool HasCsv)
    {
        /// <summary>
        /// Lines the CSV reader could not split into the header's fields, by reason: too many fields is
        /// field_count (a short row is padded and counted by the parse), an unclosed quote bad_quote, an
        /// over-long line line_too_long.
        /// </summary>
        public SortedDictionary<string, long> ScanRejects(Session session, CancellationToken cancellationToken)
        {
            var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
            if (!HasCsv) return counts;
            // A line can hold several errors: count each line once, under its first error.
            const string query = """
                SELECT error_type, count(*) FROM (
                  SELECT scan_id, file_id, line, min(CAST(error_type AS VARCHAR)) AS error_type FROM reject_errors GROUP BY ALL) e
                GROUP BY error_type
                """;
            using var reader = session.Query(query, cancellationToken);
            while (reader.Read())
            {
                string reason = reader.GetString(0) switch
                {
                    "UNQUOTED VALUE" => RejectReason.BadQuote.Name(),
                    "LINE SIZE OVER MAXIMUM" => RejectReason.LineTooLong.Name(),
                    _ => RejectReason.FieldCount.Name(),
                };
                counts[reason] = counts.GetValueOrDefault(reason) + Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
            }
            return counts;
        }
    }

    /// <summary>Creates the view <see cref="AggregationSql.Source"/> over the files, mapping the header's columns to the CDR fields.</summary>
    private SourceView DefineSource(Session session, CdrReaderOptions reader, CancellationToken cancellationToken)
    {
        var parquet = _files.Where(IsParquet).ToList();
        var csv = _files.Where(f => !IsParquet(f)).ToList();
        var selects = new List<string>();
        bool hasType = false;
        if (csv.Count > 0)
        {
            bool gzip = IsGzip(csv[0]);
            if (csv.Any(f => IsGzip(f) != gzip)) throw new NotSupportedException("the duckdb engine reads gzip and plain CSV files in separate runs");
            string files = "[" + string.Join(", ", csv.Select(Dialect.Literal)) + "]";
            var (delimiter, header) = CsvHeaderLine.Read(csv[0], gzip, reader.Delimiter);
            string dialect = $"delim = {Dialect.Literal(delimiter.ToString())}, quote = '\"', escape = '\"', compression = {(gzip ? "'gzip'" : "'none'")}";
            var map = MapColumns(header, reader.Columns, csv[0]);
            hasType = map.Type is not null;
            // One spare column past the header's: a row with one field too many reads into it, and the reader
            // tolerates that field when it is empty (a trailing delimiter). Two or more too many is the CSV reader's reject.
            string columns = "{" + string.Join(", ", header.Append(SpareColumn).Select(h => $"{Dialect.Literal(h)}: 'VARCHAR'")) + "}";
            string scan = $"""
                read_csv({files}, header = true, auto_detect = false, columns = {columns}, {dialect},
                  null_padding = true, nullstr = {Dialect.Literal(NoNullText)}, max_line_size = {MaxLineBytes.ToString(CultureInfo.InvariantCulture)},
                  ignore_errors = true, store_rejects = true)
                """;
            string blank = string.Join(" AND ", header.Select(h => $"{Quote(h)} IS NULL"));
            string wrongCount = $"({Quote(header[^1])} IS NULL OR coalesce({Quote(SpareColumn)}, '') <> '')";
            selects.Add(SourceSelect(map, wrongCount, scan, $"NOT ({blank})"));
        }
        if (parquet.Count > 0)
        {
            string files = "[" + string.Join(", ", parquet.Select(Dialect.Literal)) + "]";
            string scan = $"read_parquet({files})";
            var header = Columns(session, $"SELECT * FROM {scan}", cancellationToken);
            var map = MapColumns(header, reader.Columns, parquet[0]);
            if (csv.Count > 0 && (map.Type is not null) != hasType) throw new NotSupportedException("the duckdb engine needs the CSV and Parquet files to agree on having a type column");
            hasType = map.Type is not null;
            selects.Add(SourceSelect(map, "FALSE", scan, "TRUE"));
        }
        session.Execute($"CREATE OR REPLACE TEMP VIEW {AggregationSql.Source} AS " + string.Join("\nUNION ALL\n", selects), cancellationToken);
        return new SourceView(hasType, csv.Count > 0);
    }

    private static string SourceSelect(ColumnMap map, string wrongFieldCount, string scan, string where)
    {
        static string Text(string? column) => column is null ? "CAST(NULL AS VARCHAR)" : $"CAST({Quote(column)} AS VARCHAR)";
        return $"""
            SELECT {Text(map.Caller)} AS caller_raw, {Text(map.Callee)} AS callee_raw, {Text(map.Start)} AS start_raw,
              {Text(map.Duration)} AS duration_raw, {Text(map.Type)} AS type_raw, {Text(map.Cell)} AS cell_raw, {wrongFieldCount} AS wrong_field_count
            FROM {scan} WHERE {where}
            """;
    }

    /// <summary>The header columns that hold each CDR field (null when the dump has none).</summary>
    private sealed record ColumnMap(string Caller, string Callee, string Start, string Duration, string? Type, string? Cell);

    private static ColumnMap MapColumns(IReadOnlyList<string> header, CdrColumnMap map, string file)
    {
        string? Find(string? name, string field, bool required)
        {
            if (string.IsNullOrWhiteSpace(name)) return null;
            string? found = header.FirstOrDefault(h => string.Equals(h.Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase));
            if (found is null && required)
                throw new DataException(file, 1, 0, $"missing required column '{name}' for {field} (header has: {string.Join(", ", header)}); map columns with --columns");
            return found;
        }
        return new ColumnMap(Find(map.Caller, "caller", true)!, Find(map.Callee, "callee", true)!, Find(map.StartTime, "start_time", true)!,
            Find(map.Duration, "duration_s", true)!, Find(map.Type, "type", false), Find(map.Cell, "cell_id", false));
    }

    private static List<string> Columns(Session session, string select, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        using var reader = session.Query("DESCRIBE " + select, cancellationToken);
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static bool IsParquet(string path) => StartsWith(path, "PAR1"u8);

    private static bool IsGzip(string path) => StartsWith(path, [0x1F, 0x8B]);

    private static bool StartsWith(string path, ReadOnlySpan<byte> magic)
    {
        Span<byte> head = stackalloc byte[4];
        using var stream = File.OpenRead(path);
        int read = stream.ReadAtLeast(head, magic.Length, throwOnEndOfStream: false);
        return read >= magic.Length && head[..magic.Length].SequenceEqual(magic);
    }

    /// <summary><see cref="ISqlSession"/> over a DuckDB connection; a cancelled token interrupts the running statement.</summary>
    internal sealed class Session(DuckDBConnection connection) : ISqlSession
    {
        public void Execute(string sql, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using (cancellationToken.Register(command.Cancel)) command.ExecuteNonQuery();
            cancellationToken.ThrowIfCancellationRequested();
        }

        public DbDataReader Query(string sql, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using (cancellationToken.Register(command.Cancel)) return command.ExecuteReader();
        }

        public void UploadNumbers(string table, IEnumerable<long> keys, CancellationToken cancellationToken)
        {
            Execute($"CREATE OR REPLACE TABLE {table} (number BIGINT)", cancellationToken);
            using var appender = connection.CreateAppender(table);
            foreach (long key in keys) appender.CreateRow().AppendValue(key).EndRow();
        }
    }
}
