using CallGraph.Ingest;
using CallGraph.Numbers;
using CallGraph.Rosters;

namespace CallGraph.Aggregation;

/// <summary>
/// Where the heavy part of a run happens: reading the CDRs and folding them into per-(member, other party) pair
/// statistics, per-member time profiles and cells, by the rules of <c>docs/aggregation.md</c>. The in-process
/// reader is one engine; a database (DuckDB, ClickHouse, PostgreSQL) that holds the CDRs is another: it runs the
/// aggregation as SQL and sends back only the aggregate rows, which the engine turns into a
/// <see cref="CallAggregate"/> with a <see cref="CallAggregateBuilder"/>. Everything after the aggregate is the
/// same for every engine, so an engine that follows the rules gives byte-identical outputs.
/// </summary>
public interface IAggregationEngine
{
    /// <summary>A short name for messages and summaries (<c>duckdb</c>, <c>clickhouse</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Aggregates the engine's CDRs for the members of <paramref name="roster"/>. Rows that break a reading rule
    /// are counted as rejected (by reason where the engine can tell), exact duplicates and rows outside the
    /// options' time window are counted and left out, as the in-process reader does.
    /// </summary>
    /// <param name="roster">The members; numbers are sent to the engine, CDRs never leave it.</param>
    /// <param name="plan">Numbering plan: which numbers are on the home network (the cell rule needs it).</param>
    /// <param name="reader">Time format, window, plausible years and column names.</param>
    /// <param name="aggregation">Working hours.</param>
    /// <param name="cancellationToken">Stops the query.</param>
    EngineAggregation Aggregate(Roster roster, NumberPlan plan, CdrReaderOptions reader, AggregationOptions aggregation, CancellationToken cancellationToken = default);
}

/// <summary>What an engine returns: the aggregate and the counts of what it read.</summary>
/// <param name="Aggregate">The pairs, profiles and cells of every roster entry.</param>
/// <param name="Ingest">Rows read, accepted, rejected, duplicates and outside the window.</param>
public sealed record EngineAggregation(CallAggregate Aggregate, IngestReport Ingest);
