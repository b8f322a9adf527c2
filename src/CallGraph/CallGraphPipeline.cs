using CallGraph.Aggregation;
using CallGraph.Analysis;
using CallGraph.Calibration;
using CallGraph.Ingest;
using CallGraph.Numbers;
using CallGraph.Rosters;

namespace CallGraph;

/// <summary>Options of a whole run, from reading to trends.</summary>
public sealed record CallGraphOptions
{
    /// <summary>How CDR files are read.</summary>
    public CdrReaderOptions Reader { get; init; } = new();

    /// <summary>Working hours and other aggregation settings.</summary>
    public AggregationOptions Aggregation { get; init; } = new();

    /// <summary>Coupling, prospects and share settings.</summary>
    public AnalysisOptions Analysis { get; init; } = new();

    /// <summary>Split the run into months or weeks (trends and alerts need it).</summary>
    public PeriodScheme Period { get; init; } = PeriodScheme.None;

    /// <summary>A group whose share falls by more than this many points between periods raises an alert.</summary>
    public double AlertDropPoints { get; init; } = 5;

    /// <summary>Checks every nested options record and <see cref="AlertDropPoints"/> (a finite number of points, 0 to 100).</summary>
    /// <exception cref="InvalidOptionException">A value is out of range; its name is the property's.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Reader);
        ArgumentNullException.ThrowIfNull(Aggregation);
        ArgumentNullException.ThrowIfNull(Analysis);
        Reader.Validate();
        Aggregation.Validate();
        Analysis.Validate();
        if (!Enum.IsDefined(Period)) throw new InvalidOptionException(nameof(Period), "must be none, month or week");
        OptionChecks.Range(AlertDropPoints, 0, 100, nameof(AlertDropPoints));
    }
}

/// <summary>One period's analysis.</summary>
/// <param name="Label">Period label ("2026-06", "2026-W23").</param>
/// <param name="Result">The period's figures.</param>
public sealed record PeriodResult(string Label, AnalysisResult Result);

/// <summary>Everything one run produced.</summary>
/// <param name="Ingest">Rows read, accepted, rejected by reason, duplicates.</param>
/// <param name="Aggregate">The whole run's aggregate (graphs and exports draw from it).</param>
/// <param name="Result">The whole run's analysis.</param>
/// <param name="Periods">Per-period analyses, in time order (empty without periods).</param>
/// <param name="Trends">Per group and period figures with changes (empty without periods).</param>
/// <param name="Alerts">Groups whose share fell by more than the alert threshold.</param>
/// <param name="Rollups">Figures by branch and by account manager.</param>
/// <param name="Calibration">The coefficient fit, when a survey was given.</param>
public sealed record CallGraphRun(
    IngestReport Ingest,
    CallAggregate Aggregate,
    AnalysisResult Result,
    IReadOnlyList<PeriodResult> Periods,
    IReadOnlyList<TrendRow> Trends,
    IReadOnlyList<ShareAlert> Alerts,
    IReadOnlyList<RollupRow> Rollups,
    CalibrationResult? Calibration)
{
    /// <summary>The weight fit on the account managers' labels, when labels were given (the result is scored with its weights only when <see cref="WeightFitResult.BeatsDefault"/>).</summary>
    public WeightFitResult? WeightFit { get; init; }

    /// <summary>The weights the result was scored with.</summary>
    public SignalWeights Weights { get; init; } = SignalWeights.Default;
}

/// <summary>
/// The whole job in one call: read CDRs → aggregate → per-group graphs → coupling, circle and share →
/// calibration → periods and trends → rollups. Streams in, records out; no files, no console.
/// </summary>
/// <example>
/// <code>
/// var plan = NumberPlan.Default;
/// var roster = Roster.Read(new StreamReader("members.csv"), "members.csv", plan);
/// var run = CallGraphPipeline.Run(new[] { CdrSource.FromFile("cdr.csv.gz") }, roster, plan);
/// foreach (var m in run.Result.Members.Where(m => m.Verdict == Verdict.Fake))
///     Console.WriteLine($"{m.GroupId} {m.Msisdn}: {m.Reasons}");
/// </code>
/// </example>
public static class CallGraphPipeline
{
    /// <summary>
    /// Runs the job. <paramref name="survey"/>, when given, calibrates the coefficient (overriding the options' one).
    /// <paramref name="labels"/>, when given, fits the signal weights on them (<see cref="SignalWeightFit"/>) and, when
    /// the fitted weights rank the labels better than the options' weights in cross-validation, scores with them.
    /// </summary>
    public static CallGraphRun Run(
        IReadOnlyList<CdrSource> cdrs,
        Roster roster,
        NumberPlan plan,
        CallGraphOptions? options = null,
        IReadOnlyDictionary<string, GroupInfo>? groups = null,
        IReadOnlyList<SurveyRow>? survey = null,
        TextWriter? rejects = null,
        IProgress<IngestProgress>? progress = null,
        IReadOnlyList<MemberLabel>? labels = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cdrs);
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(plan);
        options = Prepare(options, plan);

        IngestReport ingest;
        CallAggregate aggregate;
        IReadOnlyList<PeriodAggregate> periods = Array.Empty<PeriodAggregate>();
        if (options.Period == PeriodScheme.None)
        {
            (aggregate, ingest) = ReadAndAggregate(cdrs, roster, plan, options, rejects, progress, cancellationToken);
        }
        else
        {
            var aggregator = new PeriodAggregator(roster, options.Period, options.Aggregation, plan);
            ingest = CdrReader.Read(cdrs, aggregator.CreateSink, options.Reader, rejects, progress, cancellationToken).Report;
            periods = aggregator.Complete();
            aggregate = periods.Count == 0
                ? new CallAggregator(roster, options.Aggregation).Complete()
                : periods.Select(p => p.Aggregate).Aggregate(CallAggregate.Merge);
        }

        return Finish(ingest, aggregate, periods, plan, options, groups, survey, labels);
    }

    /// <summary>
    /// Only the heavy step of <see cref="Run(IReadOnlyList{CdrSource}, Roster, NumberPlan, CallGraphOptions?, IReadOnlyDictionary{string, GroupInfo}?, IReadOnlyList{SurveyRow}?, TextWriter?, IProgress{IngestProgress}?, IReadOnlyList{MemberLabel}?, CancellationToken)"/>:
    /// reads the CDRs and folds them into the aggregate of the whole read, with the read's counts, exactly as a run does
    /// before it analyses. Aggregates of shards of a dump (days, files) merge into the aggregate of the whole dump
    /// (<see cref="CallAggregate.Merge"/>, <see cref="CallAggregateBuilder"/>), which <see cref="Run(CallAggregate, IngestReport, NumberPlan, CallGraphOptions?, IReadOnlyDictionary{string, GroupInfo}?, IReadOnlyList{SurveyRow}?, IReadOnlyList{MemberLabel}?)"/> analyses.
    /// </summary>
    /// <exception cref="InvalidOptionException">The options ask for periods (an aggregate covers the whole read).</exception>
    public static EngineAggregation Aggregate(
        IReadOnlyList<CdrSource> cdrs,
        Roster roster,
        NumberPlan plan,
        CallGraphOptions? options = null,
        TextWriter? rejects = null,
        IProgress<IngestProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cdrs);
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(plan);
        options = Prepare(options, plan, periodsRefused: "periods need the analysis of the CDRs; an aggregate covers the whole read");
        var (aggregate, ingest) = ReadAndAggregate(cdrs, roster, plan, options, rejects, progress, cancellationToken);
        return new EngineAggregation(aggregate, ingest);
    }

    /// <summary>The in-process read and aggregation of a whole run; <paramref name="options"/> are validated and carry the plan's id kind.</summary>
    private static (CallAggregate Aggregate, IngestReport Ingest) ReadAndAggregate(IReadOnlyList<CdrSource> cdrs, Roster roster, NumberPlan plan, CallGraphOptions options,
        TextWriter? rejects, IProgress<IngestProgress>? progress, CancellationToken cancellationToken)
    {
        var aggregation = options.Aggregation.ExpectedPairs is null
            ? options.Aggregation with { ExpectedPairs = CallAggregator.EstimatePairs(cdrs, roster) }
            : options.Aggregation;
        var aggregator = new CallAggregator(roster, aggregation, plan);
        var ingest = CdrReader.Read(cdrs, aggregator.CreateSink, options.Reader, rejects, progress, cancellationToken).Report;
        return (aggregator.Complete(), ingest);
    }

    /// <summary>
    /// Runs the job with the reading and aggregation done by <paramref name="engine"/> (a database that holds the
    /// CDRs; see <see cref="IAggregationEngine"/>); the rest is the same as for the in-process reader. Engines
    /// aggregate the whole run: <see cref="CallGraphOptions.Period"/> must be none.
    /// </summary>
    /// <exception cref="InvalidOptionException">The options ask for periods.</exception>
    public static CallGraphRun Run(
        IAggregationEngine engine,
        Roster roster,
        NumberPlan plan,
        CallGraphOptions? options = null,
        IReadOnlyDictionary<string, GroupInfo>? groups = null,
        IReadOnlyList<SurveyRow>? survey = null,
        IReadOnlyList<MemberLabel>? labels = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(plan);
        options = Prepare(options, plan, periodsRefused: $"periods need the in-process reader; the {engine.Name} engine aggregates the whole run");
        var done = engine.Aggregate(roster, plan, options.Reader, options.Aggregation, cancellationToken);
        if (!ReferenceEquals(done.Aggregate.Roster, roster)) throw new InvalidOperationException($"the {engine.Name} engine returned an aggregate of another roster");
        return Finish(done.Ingest, done.Aggregate, Array.Empty<PeriodAggregate>(), plan, options, groups, survey, labels);
    }

    /// <summary>
    /// Runs the job from an aggregate made earlier (merged partial aggregates, see <see cref="CallAggregateBuilder"/>)
    /// and the counts of the reads that made it. Periods are not available from an aggregate.
    /// </summary>
    /// <exception cref="InvalidOptionException">The options ask for periods.</exception>
    public static CallGraphRun Run(
        CallAggregate aggregate,
        IngestReport ingest,
        NumberPlan plan,
        CallGraphOptions? options = null,
        IReadOnlyDictionary<string, GroupInfo>? groups = null,
        IReadOnlyList<SurveyRow>? survey = null,
        IReadOnlyList<MemberLabel>? labels = null)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        ArgumentNullException.ThrowIfNull(ingest);
        ArgumentNullException.ThrowIfNull(plan);
        options = Prepare(options, plan, periodsRefused: "periods need the CDRs; an aggregate covers the whole run");
        return Finish(ingest, aggregate, Array.Empty<PeriodAggregate>(), plan, options, groups, survey, labels);
    }

    /// <summary>
    /// The options every entry point runs with: validated (null means the defaults), the reader told what names
    /// subscribers (the plan's id kind). With <paramref name="periodsRefused"/> (why), periods are refused: that entry
    /// point aggregates the whole run.
    /// </summary>
    private static CallGraphOptions Prepare(CallGraphOptions? options, NumberPlan plan, string? periodsRefused = null)
    {
        options ??= new CallGraphOptions();
        options.Validate();
        if (periodsRefused is not null && options.Period != PeriodScheme.None)
            throw new InvalidOptionException(nameof(CallGraphOptions.Period), periodsRefused);
        return options with { Reader = options.Reader with { Ids = plan.Ids, Subscribers = plan.Subscribers } };
    }

    /// <summary>Everything after the aggregate: analysis, weight fit, calibration, periods and trends, rollups.</summary>
    private static CallGraphRun Finish(IngestReport ingest, CallAggregate aggregate, IReadOnlyList<PeriodAggregate> periods, NumberPlan plan,
        CallGraphOptions options, IReadOnlyDictionary<string, GroupInfo>? groups, IReadOnlyList<SurveyRow>? survey, IReadOnlyList<MemberLabel>? labels)
    {
        var analysisOptions = options.Analysis;
        var result = GroupAnalyzer.Analyze(aggregate, plan, analysisOptions, groups);
        WeightFitResult? weightFit = null;
        if (labels is not null)
        {
            weightFit = SignalWeightFit.Fit(result.Members, labels, new SignalWeightFitOptions { Baseline = analysisOptions.Coupling.Weights });
            if (weightFit.BeatsDefault)
            {
                // Scored again from the same aggregate: the weights also decide which colleagues count as coupled.
                analysisOptions = analysisOptions with { Coupling = analysisOptions.Coupling.WithWeights(weightFit.Weights) };
                result = GroupAnalyzer.Analyze(aggregate, plan, analysisOptions, groups);
            }
        }
        CalibrationResult? calibration = null;
        double coefficient = options.Analysis.Circle.Coefficient, spread = options.Analysis.Circle.EstimateSpread;
        if (survey is not null)
        {
            calibration = CoefficientCalibration.Fit(result, survey);
            coefficient = calibration.Coefficient;
            if (!(coefficient >= 0 && coefficient <= CircleOptions.MaxCoefficient))
                throw new InvalidDataException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"the survey fits a coefficient of {coefficient:R}, outside [0, {CircleOptions.MaxCoefficient}]: check the surveyed competitor_members against the mined counts"));
            spread = calibration.EstimateSpread;
            result = GroupAnalyzer.WithCoefficient(result, coefficient, spread);
        }

        var periodResults = new List<PeriodResult>();
        var trends = (Rows: (IReadOnlyList<TrendRow>)Array.Empty<TrendRow>(), Alerts: (IReadOnlyList<ShareAlert>)Array.Empty<ShareAlert>());
        if (periods.Count > 0)
        {
            var analysis = analysisOptions with { Circle = analysisOptions.Circle with { Coefficient = coefficient, EstimateSpread = spread } };
            var perPeriod = periods.Select(p => GroupAnalyzer.Analyze(p.Aggregate, plan, analysis, groups)).ToList();
            periodResults.AddRange(periods.Select((p, i) => new PeriodResult(p.Label, perPeriod[i])));
            trends = Trends.Build(periods, perPeriod, plan, options.AlertDropPoints);
        }
        return new CallGraphRun(ingest, aggregate, result, periodResults, trends.Rows, trends.Alerts, Rollups.Build(result.Groups), calibration)
        {
            WeightFit = weightFit,
            Weights = analysisOptions.Coupling.Weights,
        };
    }
}
