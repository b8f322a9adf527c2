using System.Diagnostics;
using System.Globalization;
using System.Text;
using CallGraph.Aggregation;
using CallGraph.Ingest;
using CallGraph.Numbers;
using CallGraph.Rosters;

namespace CallGraph.Engines.ClickHouse;

/// <summary>
/// Runs the aggregation inside ClickHouse, over its HTTP interface (any server version from 18.16 on): the CDRs stay
/// in a table, the roster's numbers go to the server as a temporary table of the run's session, and only aggregate rows come
/// back. The table is usually a <c>Distributed</c> table over a cluster's shards: every step of the SQL is written so
/// that it runs on the shards (<c>GLOBAL IN</c> ships the roster to each) and merges exactly, duplicates on different
/// shards included.
/// </summary>
/// <remarks>
/// The table holds the CDR fields as raw text (<c>String</c>, or types that print as the CSV would hold them) under the
/// names of a <see cref="CdrColumnMap"/>; the SQL applies the in-process reader's rules to them, so a row is rejected,
/// with the same reason, exactly when the reader would reject it. Differences from the in-process reader: exact
/// duplicates are found over the whole table, as with <see cref="CdrReaderOptions.DuplicateWindowDays"/> null (the
/// reader's default window of one day gives the same count on a dump in day order); telephone numbers only, not opaque
/// ids. A table has no malformed lines, so <c>field_count</c>, <c>bad_quote</c> and <c>line_too_long</c> never occur.
/// </remarks>
public sealed class ClickHouseEngine : IAggregationEngine
{
    private readonly HttpClient _client;
    private readonly CdrColumnMap? _columns;

    /// <summary>An engine reading <paramref name="table"/> on the server at <paramref name="endpoint"/>.</summary>
    /// <param name="endpoint">The HTTP interface, e.g. <c>http://localhost:8123</c>; user and password may go in its query (<c>?user=…&amp;password=…</c>).</param>
    /// <param name="table">The CDR table, <c>name</c> or <c>database.name</c>; usually a <c>Distributed</c> table.</param>
    /// <param name="columns">Which columns hold each CDR field; null takes the reader options' <see cref="CdrReaderOptions.Columns"/>.</param>
    /// <param name="http">The client to send queries with (its timeout applies to each query); null makes one without a timeout.</param>
    public ClickHouseEngine(Uri endpoint, string table, CdrColumnMap? columns = null, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        Endpoint = endpoint;
        Table = table;
        _columns = columns;
        _client = http ?? SharedClient;
    }

    private static readonly HttpClient SharedClient = new() { Timeout = Timeout.InfiniteTimeSpan };

    /// <inheritdoc />
    public string Name => "clickhouse";

    /// <summary>The server's HTTP interface.</summary>
    public Uri Endpoint { get; }

    /// <summary>The CDR table.</summary>
    public string Table { get; }

    /// <inheritdoc />
    /// <exception cref="ClickHouseException">The server refused a query (a missing table, a server error).</exception>
    /// <exception cref="InvalidOperationException">The table lacks a required column.</exception>
    /// <exception cref="DataException">More rows were rejected than <see cref="CdrReaderOptions.MaxRejects"/> allows.</exception>
    /// <exception cref="NotSupportedException">The options ask for opaque ids.</exception>
    /// <exception cref="FormatException">The reader's <see cref="CdrReaderOptions.TimeFormat"/> is not a valid pattern.</exception>
    public EngineAggregation Aggregate(Roster roster, NumberPlan plan, CdrReaderOptions reader, AggregationOptions aggregation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(aggregation);
        reader.Validate();
        aggregation.Validate();
        if (plan.Ids != SubscriberIdKind.Phone || reader.Ids != SubscriberIdKind.Phone)
            throw new NotSupportedException("the ClickHouse engine reads telephone numbers, not opaque subscriber ids");
        var clock = Stopwatch.StartNew();
        // One session per run: the roster lives in its temporary table, which GLOBAL IN ships to every shard.
        var session = new ClickHouseHttp(_client, Endpoint, "callgraph-" + Guid.NewGuid().ToString("N"));
        var columns = CdrTableColumns.Resolve(_columns ?? reader.Columns, TableColumns(session, cancellationToken), Table);
        var sql = new CdrSql(Table, columns, reader, aggregation);
        session.Execute($"CREATE TEMPORARY TABLE {CdrSql.RosterTable} (key UInt64)", cancellationToken);
        try
        {
            session.Insert(CdrSql.RosterTable, RosterRows(roster), cancellationToken);
            var counts = Counts(session, sql, cancellationToken);
            // The reader's limit, checked on the whole table (the reader also checks it along the way, to stop early).
            if (reader.MaxRejects.IsExceeded(counts.Rejected, counts.RowsRead))
                throw new DataException(Table, 0, 0, string.Create(CultureInfo.InvariantCulture,
                    $"rejected {counts.Rejected:N0} of {counts.RowsRead:N0} rows, more than --max-rejects {reader.MaxRejects}; by reason: {string.Join(", ", counts.ByReason.Select(r => $"{r.Key} {r.Value:N0}"))}"));
            var builder = new CallAggregateBuilder(roster);
            long touching = AddAggregateRows(session, builder, sql, plan, cancellationToken);
            builder.AddCounts(counts.Accepted, touching);
            var aggregate = builder.Build();
            var ingest = new IngestReport(counts.RowsRead, counts.Accepted, counts.Rejected, counts.Duplicates, notCheckedForDuplicates: 0, counts.OutsideWindow,
                counts.ByReason, counts.FirstStart, counts.LastStart, bytesRead: 0,
                [new IngestFileReport(Table, counts.RowsRead, counts.Accepted, counts.Rejected, counts.Duplicates, counts.OutsideWindow, 0)], clock.Elapsed);
            return new EngineAggregation(aggregate, ingest);
        }
        finally
        {
            // The session would drop it when it expires; dropping now frees the server's memory at once.
            try { session.Execute($"DROP TEMPORARY TABLE IF EXISTS {CdrSql.RosterTable}", CancellationToken.None); }
            catch (ClickHouseException) { } // the run's own error, if any, is the one to report
        }
    }

    private List<string> TableColumns(ClickHouseHttp session, CancellationToken cancellationToken)
    {
        var names = session.Rows("DESCRIBE TABLE " + CdrSql.QuoteTable(Table), cancellationToken).Select(r => r[0]).ToList();
        if (names.Count == 0) throw new ClickHouseException($"table {Table} has no columns");
        return names;
    }

    /// <summary>The roster's distinct number keys, sorted, as TabSeparated rows of <see cref="CdrSql.RosterTable"/>.</summary>
    private static byte[] RosterRows(Roster roster)
    {
        var keys = new HashSet<ulong>();
        for (int e = 0; e < roster.EntryCount; e++) keys.Add(roster.NumberOf(e).Key);
        var text = new StringBuilder(keys.Count * 20);
        foreach (ulong key in keys.Order()) text.Append(key.ToString(CultureInfo.InvariantCulture)).Append('\n');
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    private sealed record IngestCounts(long RowsRead, long Accepted, long Rejected, long Duplicates, long OutsideWindow,
        SortedDictionary<string, long> ByReason, long? FirstStart, long? LastStart);

    private static IngestCounts Counts(ClickHouseHttp session, CdrSql sql, CancellationToken cancellationToken)
    {
        long rows = 0, accepted = 0, rejected = 0, duplicates = 0, outside = 0;
        long? first = null, last = null;
        var byReason = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var r in session.Rows(sql.CountsQuery(), cancellationToken))
        {
            int reject = ParseInt(r, 0);
            bool isOutside = ParseInt(r, 1) != 0;
            long count = ParseLong(r, 2);
            rows += count;
            if (reject != CdrSql.Accepted)
            {
                rejected += count;
                string reason = ((RejectReason)reject).Name();
                byReason[reason] = byReason.GetValueOrDefault(reason) + count;
            }
            else if (isOutside) outside += count;
            else
            {
                long distinct = ParseLong(r, 3);
                accepted += distinct;
                duplicates += count - distinct;
                first = ParseLong(r, 4);
                last = ParseLong(r, 5);
            }
        }
        return new IngestCounts(rows, accepted, rejected, duplicates, outside, byReason, first, last);
    }

    /// <summary>Adds the aggregate query's rows to <paramref name="builder"/>; returns the count of CDRs touching a member.</summary>
    private static long AddAggregateRows(ClickHouseHttp session, CallAggregateBuilder builder, CdrSql sql, NumberPlan plan, CancellationToken cancellationToken)
    {
        long touching = 0;
        // A cell whose ownership depends on the caller's network adds its bit to the pair only when the number plan says
        // the caller is not on the home network; those bits reach the builder after the stream, the pairs as they come.
        var conditionalBits = new Dictionary<(ulong Member, ulong Other), uint>();
        foreach (var r in session.Rows(sql.AggregateQuery(), cancellationToken))
        {
            int kind = ParseInt(r, 0);
            var member = new PhoneNumber(ParseULong(r, 1));
            ulong key2 = ParseULong(r, 2);
            switch (kind)
            {
                case 0:
                    builder.AddPair(member, new PairStats
                    {
                        Other = key2,
                        OutCalls = ParseInt(r, 4),
                        InCalls = ParseInt(r, 5),
                        OutSms = ParseInt(r, 6),
                        InSms = ParseInt(r, 7),
                        WorkHourEvents = ParseInt(r, 8),
                        Seconds = ParseLong(r, 9),
                        First = (uint)ParseULong(r, 10),
                        Last = (uint)ParseULong(r, 11),
                        CellBits = (uint)ParseULong(r, 12),
                    });
                    touching += ParseLong(r, 13);
                    break;
                case 1:
                    ulong cell = ParseULong(r, 3);
                    if (key2 != 0)
                    {
                        // The member was called by a non-member: the cell is the member's unless the caller's network recorded the call.
                        if (plan.IsHomeNetwork(new PhoneNumber(key2))) break;
                        var pair = (member.Key, key2);
                        conditionalBits[pair] = conditionalBits.GetValueOrDefault(pair) | (1u << (int)(cell & 31));
                    }
                    builder.AddCell(member, cell, ParseInt(r, 13), ParseInt(r, 8));
                    break;
                case 2:
                    builder.AddProfile(member, (int)key2, ParseInt(r, 13));
                    break;
                default:
                    throw new ClickHouseException($"unexpected aggregate row kind {kind}");
            }
        }
        foreach (var ((member, other), bits) in conditionalBits) builder.AddCellBits(new PhoneNumber(member), other, bits);
        return touching;
    }

    private static string Field(string[] row, int index) =>
        index < row.Length ? row[index] : throw new ClickHouseException($"ClickHouse returned a row of {row.Length} fields, expected at least {index + 1}: {string.Join('\t', row)}");

    private static long ParseLong(string[] row, int index) =>
        long.TryParse(Field(row, index), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) ? v
        : throw new ClickHouseException($"ClickHouse returned '{row[index]}' where a number was expected: {string.Join('\t', row)}");

    private static ulong ParseULong(string[] row, int index) =>
        ulong.TryParse(Field(row, index), NumberStyles.None, CultureInfo.InvariantCulture, out ulong v) ? v
        : throw new ClickHouseException($"ClickHouse returned '{row[index]}' where a number was expected: {string.Join('\t', row)}");

    private static int ParseInt(string[] row, int index) => checked((int)ParseLong(row, index));
}
