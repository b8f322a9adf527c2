using CallGraph.Aggregation;
using CallGraph.Analysis;
using CallGraph.Ingest;

namespace CallGraph.Tests.Options;

/// <summary>Each options record refuses its out-of-range values itself, naming the property.</summary>
public class OptionsValidationTests
{
    public static TheoryData<string, Func<CallGraphOptions, CallGraphOptions>> Bad => new()
    {
        { "GenuineThreshold", o => o with { Analysis = o.Analysis with { Coupling = o.Analysis.Coupling with { GenuineThreshold = double.NaN } } } },
        { "FakeThreshold", o => o with { Analysis = o.Analysis with { Coupling = o.Analysis.Coupling with { GenuineThreshold = 0.3, FakeThreshold = 0.4 } } } },
        { "FakeThreshold", o => o with { Analysis = o.Analysis with { Coupling = o.Analysis.Coupling with { FakeThreshold = -1 } } } },
        { "GenuineThreshold", o => o with { Analysis = o.Analysis with { Coupling = o.Analysis.Coupling with { GenuineThreshold = 5, FakeThreshold = 4 } } } },
        { "MinGroupSize", o => o with { Analysis = o.Analysis with { Coupling = o.Analysis.Coupling with { MinGroupSize = 0 } } } },
        { "MinGroupSize", o => o with { Analysis = o.Analysis with { Coupling = o.Analysis.Coupling with { MinGroupSize = -1 } } } },
        { "MinActiveEvents", o => o with { Analysis = o.Analysis with { Coupling = o.Analysis.Coupling with { MinActiveEvents = -5 } } } },
        { "TiesWeight", o => o with { Analysis = o.Analysis with { Coupling = o.Analysis.Coupling with { TiesWeight = double.PositiveInfinity } } } },
        { "EmployeeLikelihoodThreshold", o => o with { Analysis = o.Analysis with { Circle = o.Analysis.Circle with { EmployeeLikelihoodThreshold = double.NaN } } } },
        { "EmployeeLikelihoodThreshold", o => o with { Analysis = o.Analysis with { Circle = o.Analysis.Circle with { EmployeeLikelihoodThreshold = -1 } } } },
        { "Coefficient", o => o with { Analysis = o.Analysis with { Circle = o.Analysis.Circle with { Coefficient = 1e308 } } } },
        { "Coefficient", o => o with { Analysis = o.Analysis with { Circle = o.Analysis.Circle with { Coefficient = -5 } } } },
        { "ProspectThreshold", o => o with { Analysis = o.Analysis with { Circle = o.Analysis.Circle with { ProspectThreshold = 1 } } } },
        { "Threads", o => o with { Analysis = o.Analysis with { Threads = 0 } } },
        { "Threads", o => o with { Reader = o.Reader with { Threads = 100_000 } } },
        { "AlertDropPoints", o => o with { AlertDropPoints = double.NaN } },
        { "AlertDropPoints", o => o with { AlertDropPoints = -5 } },
        { "WorkdayEndHour", o => o with { Aggregation = o.Aggregation with { WorkdayStartHour = 18, WorkdayEndHour = 9 } } },
        { "LatestYear", o => o with { Reader = o.Reader with { EarliestYear = 2000, LatestYear = 1999 } } },
        { "DuplicateWindowDays", o => o with { Reader = o.Reader with { DuplicateWindowDays = -1 } } },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void A_bad_value_is_refused_naming_its_property(string property, Func<CallGraphOptions, CallGraphOptions> change)
    {
        var ex = Assert.Throws<InvalidOptionException>(() => change(new CallGraphOptions()).Validate());
        Assert.Equal(property, ex.ParamName);
        Assert.StartsWith(property + " ", ex.Message);
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        new CallGraphOptions().Validate();
        new CouplingOptions().Validate();
        new CircleOptions().Validate();
        new AnalysisOptions().Validate();
        new AggregationOptions().Validate();
        new CdrReaderOptions().Validate();
    }

    [Fact]
    public void The_pipeline_validates_its_options_before_reading()
    {
        var plan = CallGraph.Numbers.NumberPlan.Default;
        var roster = CallGraph.Rosters.Roster.Read(new StringReader("group_id,msisdn\nG1,13800138000\n"), "m.csv", plan);
        var bad = new CallGraphOptions { AlertDropPoints = double.NaN };
        Assert.Throws<InvalidOptionException>(() => CallGraphPipeline.Run([CdrSource.FromBytes("c.csv", "caller,callee,start_time,duration_s,type,cell_id\n"u8.ToArray())], roster, plan, bad));
    }

    [Fact]
    public void A_month_period_ends_at_the_clock_end_in_december_9999() =>
        Assert.Equal(long.MaxValue, PeriodAggregator.PeriodEnd(PeriodScheme.Month, CdrClock.FromDateTime(new DateTime(9999, 12, 1))));
}
