using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using CallGraph.Aggregation;
using CallGraph.Ingest;
using CallGraph.Numbers;
using CallGraph.Rosters;

namespace CallGraph.Engines.Sql;

/// <summary>
/// Runs <see cref="AggregationSql"/> in a session whose <see cref="AggregationSql.Source"/> is defined, and turns the
/// engine's result rows into the aggregate and the read's counts. Only the members, a list of home-network callers
/// and the aggregate rows cross between .NET and the engine; the CDRs stay in it.
/// </summary>
public static class SqlAggregation
{
    /// <summary>
    /// The checks every SQL engine makes on a request before it opens its connection: no null argument, and telephone
    /// numbers rather than opaque ids (the SQL normalises numbers; an id has nothing to normalise).
    /// </summary>
    /// <exception cref="NotSupportedException">The plan or the reader options name subscribers by opaque ids.</exception>
    public static void CheckRequest(string engine, Roster roster, NumberPlan plan, CdrReaderOptions reader, AggregationOptions aggregation)
    {
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(aggregation);
        if (plan.Ids == SubscriberIdKind.Opaque || reader.Ids == SubscriberIdKind.Opaque)
            throw new NotSupportedException($"the {engine} engine takes telephone numbers, not opaque subscriber ids (--ids opaque)");
    }

    /// <summary>
    /// Uploads the members, runs the statements and builds the aggregate of <paramref name="roster"/>.
    /// </summary>
    /// <param name="session">The engine's connection, with <see cref="AggregationSql.Source"/> defined.</param>
    /// <param name="sql">The statements of the run.</param>
    /// <param name="roster">The members.</param>
    /// <param name="plan">Decides which non-member callers are on the home network.</param>
    /// <param name="files">Per-input counts the engine could tell (may be empty).</param>
    /// <param name="scanRejects">
    /// Rows the engine's own reading rejected before the parse (a CSV reader's malformed lines), by reason name;
    /// called once the parse has scanned the source.
    /// </param>
    /// <param name="cancellationToken">Stops between statements and while rows are read.</param>
    /// <exception cref="NotSupportedException">The plan names subscribers by opaque ids.</exception>
    public static EngineAggregation Run(ISqlSession session, AggregationSql sql, Roster roster, NumberPlan plan,
        IReadOnlyList<IngestFileReport> files, Func<IReadOnlyDictionary<string, long>> scanRejects, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(scanRejects);
        if (plan.Ids == SubscriberIdKind.Opaque) throw new NotSupportedException("the SQL engines take telephone numbers, not opaque subscriber ids (--ids opaque)");
        var clock = Stopwatch.StartNew();
        session.UploadNumbers(AggregationSql.Members, MemberKeys(roster), cancellationToken);

        session.Execute(sql.CreateParsed(), cancellationToken);
        var rejects = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (reason, count) in scanRejects()) if (count > 0) rejects[reason] = count;
        long outside = 0, valid = 0;
        using (var reader = session.Query(sql.CountOutcomes(), cancellationToken))
        {
            while (reader.Read())
            {
                string outcome = reader.GetString(0);
                long n = Int64(reader, 1);
                if (outcome == AggregationSql.OutsideOutcome) outside = n;
                else if (outcome == AggregationSql.ValidOutcome) valid = n;
                else rejects[outcome] = rejects.GetValueOrDefault(outcome) + n;
            }
        }
        long rejected = rejects.Values.Sum(), rowsRead = rejected + outside + valid;
        if (sql.Reader.MaxRejects.IsExceeded(rejected, rowsRead))
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"rejected {rejected:N0} of {rowsRead:N0} rows, more than --max-rejects {sql.Reader.MaxRejects}; by reason: {string.Join(", ", rejects.Select(r => $"{r.Key} {r.Value:N0}"))}"));
        session.Execute(sql.CreateEvents(), cancellationToken);
        session.Execute(sql.Drop(AggregationSql.Parsed), cancellationToken); // its rows are counted and deduplicated: free them before the joins
        long accepted;
        long? first = null, last = null;
        using (var reader = session.Query(sql.CountEvents(), cancellationToken))
        {
            reader.Read();
            accepted = Int64(reader, 0);
            if (!reader.IsDBNull(1)) { first = Int64(reader, 1); last = Int64(reader, 2); }
        }
        session.Execute(sql.CreateTouching(), cancellationToken);
        long touching = ScalarInt64(session, sql.CountTouching(), cancellationToken);

        var home = new List<long>();
        using (var reader = session.Query(sql.NonMemberCallers(), cancellationToken))
        {
            while (reader.Read())
            {
                long key = Int64(reader, 0);
                if (plan.IsHomeNetwork(SqlNumberKey.ToNumber(key))) home.Add(key);
            }
        }
        home.Sort(); // the upload's order does not matter to the result; sorted keeps the session's work the same run to run
        session.UploadNumbers(AggregationSql.HomeCallers, home, cancellationToken);
        session.Execute(sql.CreateSides(), cancellationToken);
        session.Execute(sql.CreateCellKeys(), cancellationToken);

        var builder = new CallAggregateBuilder(roster);
        builder.AddCounts(accepted, touching);
        AggregateRows.ReadPairs(session.Query(sql.SelectPairs(), cancellationToken), builder, cancellationToken);
        AggregateRows.ReadCells(session.Query(sql.SelectCells(), cancellationToken), builder, cancellationToken);
        AggregateRows.ReadProfiles(session.Query(sql.SelectProfiles(), cancellationToken), builder, cancellationToken);
        var aggregate = builder.Build();

        long duplicates = valid - accepted;
        var report = new IngestReport(rowsRead, accepted, rejected, duplicates, notCheckedForDuplicates: 0, outside,
            rejects, first, last, bytesRead: 0, files, clock.Elapsed);
        return new EngineAggregation(aggregate, report);
    }

    /// <summary>The distinct member numbers of <paramref name="roster"/> as SQL keys, sorted.</summary>
    public static IReadOnlyList<long> MemberKeys(Roster roster)
    {
        ArgumentNullException.ThrowIfNull(roster);
        var keys = new SortedSet<long>();
        for (int e = 0; e < roster.EntryCount; e++) keys.Add(SqlNumberKey.From(roster.NumberOf(e)));
        return keys.ToList();
    }

    private static long ScalarInt64(ISqlSession session, string sql, CancellationToken cancellationToken)
    {
        using var reader = session.Query(sql, cancellationToken);
        reader.Read();
        return Int64(reader, 0);
    }

    /// <summary>A column as a 64-bit integer, whatever integer type the driver gives.</summary>
    internal static long Int64(DbDataReader reader, int column) => Convert.ToInt64(reader.GetValue(column), CultureInfo.InvariantCulture);
}
