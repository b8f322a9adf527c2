using System.Globalization;
using CallGraph.Ingest;
using CallGraph.Rosters;

namespace CallGraph.Aggregation;

/// <summary>How a run is split into periods.</summary>
public enum PeriodScheme
{
    /// <summary>One period: the whole dump.</summary>
    None,

    /// <summary>Calendar months.</summary>
    Month,

    /// <summary>ISO weeks (Monday to Sunday).</summary>
    Week,
}

/// <summary>One period's aggregate.</summary>
/// <param name="Label">"2026-06" for a month, "2026-W23" for an ISO week.</param>
/// <param name="Start">Period start, seconds since 1970 on the dump clock.</param>
/// <param name="Aggregate">The period's CDRs only.</param>
public sealed record PeriodAggregate(string Label, long Start, CallAggregate Aggregate);

/// <summary>
/// Aggregates each period separately in the same single pass: every CDR goes to its period's
/// <see cref="CallAggregator"/>. The whole run is the merge of the periods (exact, see
/// <see cref="CallAggregate.Merge"/>), so splitting never changes the totals.
/// </summary>
public sealed class PeriodAggregator
{
    private readonly Roster _roster;
    private readonly AggregationOptions _options;
    private readonly PeriodScheme _scheme;
    private readonly Numbers.NumberPlan? _plan;
    private readonly Dictionary<long, CallAggregator> _byPeriod = new();
    private readonly List<Router> _routers = new();

    /// <summary>Creates the aggregator.</summary>
    public PeriodAggregator(Roster roster, PeriodScheme scheme, AggregationOptions? options = null, Numbers.NumberPlan? plan = null)
    {
        _plan = plan;
        _roster = roster ?? throw new ArgumentNullException(nameof(roster));
        _options = options ?? new AggregationOptions();
        _scheme = scheme;
    }

    /// <summary>A sink for one worker thread.</summary>
    public ICdrSink CreateSink()
    {
        var r = new Router(this);
        lock (_routers) _routers.Add(r);
        return r;
    }

    /// <summary>Finishes every period, in time order.</summary>
    public IReadOnlyList<PeriodAggregate> Complete()
    {
        var result = new List<PeriodAggregate>();
        foreach (var (start, aggregator) in _byPeriod.OrderBy(p => p.Key))
            result.Add(new PeriodAggregate(Label(_scheme, start), start, aggregator.Complete()));
        return result;
    }

    /// <summary>Start of the period containing <paramref name="seconds"/>.</summary>
    public static long PeriodStart(PeriodScheme scheme, long seconds)
    {
        switch (scheme)
        {
            case PeriodScheme.Month:
                var t = CdrClock.ToDateTime(seconds);
                return CdrClock.FromDateTime(new DateTime(t.Year, t.Month, 1));
            case PeriodScheme.Week:
                long day = (long)Math.Floor(seconds / 86400.0);
                return (day - CdrClock.DayOfWeek(seconds)) * 86400;
            default:
                return 0;
        }
    }

    /// <summary>End (exclusive) of the period that starts at <paramref name="start"/>.</summary>
    public static long PeriodEnd(PeriodScheme scheme, long start) => scheme switch
    {
        PeriodScheme.Month => CdrClock.ToDateTime(start) is var t && t.Year == 9999 && t.Month == 12 ? long.MaxValue : CdrClock.FromDateTime(t.AddMonths(1)),
        PeriodScheme.Week => start + 7 * 86400,
        _ => long.MaxValue,
    };

    /// <summary>Human label of a period start.</summary>
    public static string Label(PeriodScheme scheme, long start)
    {
        var t = CdrClock.ToDateTime(start);
        return scheme switch
        {
            PeriodScheme.Month => t.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            PeriodScheme.Week => string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(t)}-W{ISOWeek.GetWeekOfYear(t):00}"),
            _ => "all",
        };
    }

    private ICdrSink SinkFor(long periodStart, Dictionary<long, ICdrSink> local)
    {
        CallAggregator? aggregator;
        lock (_byPeriod)
        {
            if (!_byPeriod.TryGetValue(periodStart, out aggregator))
                _byPeriod[periodStart] = aggregator = new CallAggregator(_roster, _options, _plan);
        }
        var sink = aggregator.CreateSink();
        local[periodStart] = sink;
        return sink;
    }

    private sealed class Router(PeriodAggregator owner) : ICdrSink
    {
        private readonly Dictionary<long, ICdrSink> _sinks = new();
        private long _lastStart = long.MinValue, _lastEnd = long.MinValue;
        private ICdrSink? _last;

        public void Add(in Cdr cdr)
        {
            // Dumps are mostly in time order: remember the last period's bounds to skip the lookup.
            if (_last is null || cdr.StartSeconds < _lastStart || cdr.StartSeconds >= _lastEnd)
            {
                long key = PeriodStart(owner._scheme, cdr.StartSeconds);
                if (!_sinks.TryGetValue(key, out var sink)) sink = owner.SinkFor(key, _sinks);
                _last = sink;
                _lastStart = key;
                _lastEnd = PeriodEnd(owner._scheme, key);
                if (owner._scheme == PeriodScheme.None) _lastStart = long.MinValue; // one period: every time belongs to it
            }
            _last.Add(cdr);
        }
    }
}
