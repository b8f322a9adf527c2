using CallGraph.Aggregation;
using CallGraph.Ingest;
using CallGraph.Numbers;
using CallGraph.Rosters;

namespace CallGraph.Engines.ClickHouse.Tests;

/// <summary>What the engine refuses before it talks to a server (these run without one).</summary>
public class EngineArgumentTests
{
    // Nothing listens on the discard port: a test that reached the network would fail with ClickHouseException.
    private static readonly ClickHouseEngine Engine = new(new Uri("http://127.0.0.1:9/"), "cdr");

    private static readonly Roster Members = new([("g", NumberNormalizer.Normalize("13800000001"))]);

    [Fact]
    public void Opaque_subscriber_ids_are_refused()
    {
        var opaque = new NumberPlan(new SubscriberNetworks(OperatorTable.BuiltIn, NumberPlan.DefaultHomeOperator));
        Assert.Throws<NotSupportedException>(() => Engine.Aggregate(Members, opaque, new CdrReaderOptions(), new AggregationOptions()));
        Assert.Throws<NotSupportedException>(() =>
            Engine.Aggregate(Members, NumberPlan.Default, new CdrReaderOptions { Ids = SubscriberIdKind.Opaque }, new AggregationOptions()));
    }

    [Fact]
    public void Invalid_options_are_refused_by_name()
    {
        var bad = Assert.Throws<InvalidOptionException>(() =>
            Engine.Aggregate(Members, NumberPlan.Default, new CdrReaderOptions(), new AggregationOptions { WorkdayStartHour = 18, WorkdayEndHour = 9 }));
        Assert.Equal(nameof(AggregationOptions.WorkdayEndHour), bad.ParamName);
    }

    [Fact]
    public void An_unreachable_server_is_a_clickhouse_error_naming_it()
    {
        var error = Assert.Throws<ClickHouseException>(() => Engine.Aggregate(Members, NumberPlan.Default, new CdrReaderOptions(), new AggregationOptions()));
        Assert.Contains("127.0.0.1:9", error.Message, StringComparison.Ordinal);
    }
}
