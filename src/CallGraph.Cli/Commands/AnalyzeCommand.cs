using System.Buffers;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CallGraph.Aggregation;
using CallGraph.Analysis;
using CallGraph.Calibration;
using CallGraph.Cli.Infrastructure;
using CallGraph.Numbers;
using CallGraph.Graphs;
using CallGraph.Output;
using CallGraph.Reporting;

namespace CallGraph.Cli.Commands;

/// <summary><c>callgraph analyze</c>: the main job, from CDR dumps to verdicts, prospects and shares.</summary>
internal static class AnalyzeCommand
{
    public static Command Create()
    {
        var inputs = new AnalysisInputOptions(aggregates: true);
        var engines = new EngineOptions();
        var output = new Option<DirectoryInfo>("--out") { Description = "Output folder (created; files in it are replaced only when the run succeeds).", Required = true };
        var survey = new Option<FileInfo?>("--survey") { Description = "Survey CSV group_id,competitor_members: fits the correction coefficient on the surveyed groups and applies it." };
        var coefficient = new Option<double?>("--coefficient") { Description = "Correction coefficient to apply (estimated competitor members = mined count × K)." };
        var calibration = new Option<FileInfo?>("--calibration") { Description = "calibration.json from `callgraph calibrate`: applies its coefficient." };
        var labels = new Option<FileInfo?>("--labels") { Description = "Account managers' checked verdicts, CSV group_id,msisdn,label (genuine|fake): fits the signal weights on them, writes weights.json, and scores with the fitted weights when their cross-validated AUC beats the defaults'." };
        var weights = new Option<FileInfo?>("--weights") { Description = "weights.json from an earlier --labels run (or any JSON with a \"weights\" object): scores with its signal weights." };
        var period = new Option<PeriodScheme>("--period") { Description = "Compute every group figure per period too: none, month or week.", DefaultValueFactory = _ => PeriodScheme.None };
        var alertDrop = new Option<double>("--alert-drop") { Description = "Alert when a group's share falls by more than this many points between periods.", DefaultValueFactory = _ => 5 };
        var report = new Option<bool>("--report") { Description = "Also write report.html (self-contained) and graphs/<group>.json for the detail groups." };
        var quiet = QuietOption.Create();
        var json = new Option<bool>("--json") { Description = "Print the run's summary as JSON (the object summary.json holds) instead of the text summary; with --quiet, only the JSON." };
        var groupsDetail = new Option<string>("--groups-detail") { Description = "Groups that get their own page and graph: top:N (largest rosters), all, or G1,G2,…", DefaultValueFactory = _ => "top:100" };

        var command = new Command("analyze", "Score every roster member's coupling to its group, list competitor prospects and potential members, and estimate market share.");
        inputs.AddTo(command);
        engines.AddTo(command);
        foreach (var o in new Option[] { output, survey, coefficient, calibration, labels, weights, period, alertDrop, report, groupsDetail, quiet, json }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var stdout = QuietOption.SummaryWriter(parse, quiet);
            var stderr = parse.InvocationConfiguration.Error;
            var clock = Stopwatch.StartNew();
            var input = inputs.Build(parse, engines.ReadsTable(parse));
            int given = (parse.GetValue(survey) is null ? 0 : 1) + (parse.GetValue(coefficient) is null ? 0 : 1) + (parse.GetValue(calibration) is null ? 0 : 1);
            if (given > 1) throw new UsageException("give only one of --survey, --coefficient and --calibration");
            if (parse.GetValue(labels) is not null && parse.GetValue(weights) is not null)
                throw new UsageException("give only one of --labels and --weights (--labels compares its fit with the default weights)");

            var options = input.Options with { Period = parse.GetValue(period), AlertDropPoints = parse.GetValue(alertDrop) };
            ReportOptions? reportOptions = null;
            if (parse.GetValue(report))
            {
                reportOptions = new ReportOptions { GroupsDetail = parse.GetValue(groupsDetail)! };
                try
                {
                    reportOptions.SelectDetailGroups(Array.Empty<GroupSummary>());
                }
                catch (FormatException ex)
                {
                    throw new UsageException($"--groups-detail: {ex.Message}");
                }
                catch (InvalidDataException)
                {
                    // Named groups are checked against the results once they exist.
                }
            }
            if (parse.GetValue(coefficient) is double k)
            {
                options = WithCoefficient(options, k);
            }
            if (parse.GetValue(calibration) is { } calibrationFile)
            {
                CliFiles.RequireFile(calibrationFile);
                var fit = CoefficientCalibration.FromJson(File.ReadAllText(calibrationFile.FullName), calibrationFile.FullName);
                options = WithCoefficient(options, fit.Coefficient, fit.EstimateSpread);
            }
            if (parse.GetValue(weights) is { } weightsFile)
            {
                if (!weightsFile.Exists) throw new FileNotFoundException($"{weightsFile.FullName}: no such file");
                var read = SignalWeightFit.FromJson(File.ReadAllText(weightsFile.FullName), weightsFile.FullName);
                options = options with { Analysis = options.Analysis with { Coupling = options.Analysis.Coupling.WithWeights(read.Weights) } };
            }
            options.Validate();
            var surveyRows = parse.GetValue(survey) is { } surveyFile ? CliFiles.ReadSurvey(surveyFile) : null;
            // Read before the long run: a bad labels file fails at once, naming its line.
            IReadOnlyList<MemberLabel>? labelRows = null;
            if (parse.GetValue(labels) is { } labelsFile)
            {
                using var reader = CliFiles.OpenText(labelsFile);
                labelRows = SignalWeightFit.ReadLabels(reader, labelsFile.FullName, input.Roster);
            }

            input.Labels.CheckMapOutside(parse.GetValue(output)!.FullName);
            using var outDir = new OutputDirectory(parse.GetValue(output)!.FullName);
            var progress = ProgressReporter.For(stderr, parse.GetValue(quiet));
            CallGraphRun run;
            var engine = engines.Create(parse, input, options, parse.GetValue(inputs.Reading.Rejects) is not null);
            using var userRejects = inputs.Reading.OpenRejects(parse);
            using (var rejects = userRejects?.Writer ?? outDir.CreateText("rejects.csv"))
            {
                try
                {
                    run = input.Aggregates.Count > 0
                        ? AggregateCommand.AnalyzeMerged(input, options, surveyRows, labelRows)
                        : engine is null
                            ? CallGraphPipeline.Run(input.Cdrs, input.Roster, input.Plan, options, input.Groups, surveyRows, rejects, progress, labelRows, CliCancellation.Token)
                            : CallGraphPipeline.Run(engine, input.Roster, input.Plan, options, input.Groups, surveyRows, labelRows, CliCancellation.Token);
                }
                catch (Exception ex) when (outDir.WriteFailed(ex, onlyWhenStagingNamed: true) is IOException failure)
                {
                    // Writing rejects.csv into the staging folder failed (a full disk): name the target, not the staging path.
                    throw failure;
                }
                finally
                {
                    progress.Finish();
                }
            }
            // Rows rejected while aggregating went to `aggregate --rejects`, and an engine counts rejected rows
            // without listing them: neither leaves a reject file here.
            if ((run.Ingest.Rejected == 0 || input.Aggregates.Count > 0 || engine is not null) && outDir.Exists("rejects.csv")) outDir.Delete("rejects.csv");

            try
            {
                using (NumberDisplay.Use(input.Labels.Everywhere)) WriteAll(outDir, run, input);
                if (reportOptions is not null)
                    using (NumberDisplay.Use(input.Labels.Pictures)) WriteReport(outDir, run, reportOptions);
                CliCancellation.Token.ThrowIfCancellationRequested();
                outDir.Commit(CliCancellation.Token);
                userRejects?.Commit();
                input.Labels.WriteMap();
            }
            catch (Exception ex) when (outDir.WriteFailed(ex) is IOException failure)
            {
                throw failure;
            }
            foreach (string warning in RunSummary.WarningsOf(run)) stderr.WriteLine("callgraph: warning: " + TerminalText.Safe(warning));
            if (input.Plan.Subscribers is { IdsWithoutNetwork: > 0 } ids)
                stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"callgraph: {ids.IdsWithoutNetwork:N0} subscriber ids had no network (never prospects): give the CDRs caller_operator/callee_operator columns or --subscribers"));
            var seconds = clock.Elapsed.TotalSeconds;
            // The JSON is the asked-for output, not a summary line: --quiet leaves it alone.
            if (parse.GetValue(json)) parse.InvocationConfiguration.Output.Write(RunSummary.From(run, input).ToJson());
            else PrintSummary(stdout, run, outDir.Target, seconds);
            if (run.WeightFit is { } weightFit)
                foreach (string warning in weightFit.Warnings) stderr.WriteLine("callgraph: warning: weights: " + TerminalText.Safe(warning));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static CallGraphOptions WithCoefficient(CallGraphOptions o, double k, double spread = 0) =>
        o with { Analysis = o.Analysis with { Circle = o.Analysis.Circle with { Coefficient = k, EstimateSpread = spread } } };

    internal static void WriteAll(OutputDirectory outDir, CallGraphRun run, AnalysisInputOptions.Inputs input)
    {
        var r = run.Result;
        // The files are independent: the two big ones and the small rest are formatted at the same time
        // (contents do not change). A failure shows as before: the big files' first, as an AggregateException;
        // the rest's as itself. The rest must be finished before a failure leaves (the folder is removed).
        var rest = Task.Run(() => WriteSmallFiles(outDir, run, input));
        try
        {
            Parallel.Invoke(
                () => { using var w = outDir.CreateText("members.csv"); ResultWriter.WriteMembers(w, r.Members); },
                () =>
                {
                    using (var w = outDir.CreateText("prospects.csv")) ResultWriter.WriteCircle(w, r.Prospects);
                    using (var w = outDir.CreateText("potential-members.csv")) ResultWriter.WriteCircle(w, r.PotentialMembers);
                    using (var w = outDir.CreateText("competitor-members.csv")) ResultWriter.WriteCircle(w, r.CompetitorLike);
                });
        }
        catch
        {
            Task.WaitAny(rest);
            throw;
        }
        rest.GetAwaiter().GetResult();
    }

    private static void WriteSmallFiles(OutputDirectory outDir, CallGraphRun run, AnalysisInputOptions.Inputs input)
    {
        using (var w = outDir.CreateText("groups.csv")) ResultWriter.WriteGroups(w, run.Result.Groups);
        using (var w = outDir.CreateText("rollup.csv")) ResultWriter.WriteRollups(w, run.Rollups);
        if (run.Periods.Count > 0)
        {
            using (var w = outDir.CreateText("trends.csv")) ResultWriter.WriteTrends(w, run.Trends);
            using (var w = outDir.CreateText("alerts.csv")) ResultWriter.WriteAlerts(w, run.Alerts);
        }
        if (run.Calibration is not null)
            File.WriteAllText(outDir.PathOf("calibration.json"), CoefficientCalibration.ToJson(run.Calibration), ResultWriter.Utf8);
        if (run.WeightFit is not null)
            File.WriteAllText(outDir.PathOf("weights.json"), SignalWeightFit.ToJson(run.WeightFit), ResultWriter.Utf8);
        var roster = input.Roster;
        if (roster.Issues.Count > 0 || roster.NumbersOnSeveralRosters.Count > 0)
        {
            using var w = outDir.CreateText("roster-issues.csv");
            w.Write("source,line,group_id,msisdn,issue\n");
            foreach (var i in roster.Issues)
                w.Write(CsvText.Line(CsvText.Neutralise(Path.GetFileName(i.Source)), CsvText.Number(i.Line), CsvText.Neutralise(i.GroupId), CsvText.Neutralise(input.Labels.RawText(i.Raw)), CsvText.Neutralise(i.Reason)) + "\n");
            foreach (var n in roster.NumbersOnSeveralRosters)
            {
                // The number's entries, in entry order: its groups in id order.
                var groups = new List<string>();
                for (int e = roster.FirstEntryOf(n); e >= 0; e = roster.NextEntryOfSameNumber(e)) groups.Add(roster.Groups[roster.GroupOf(e)].GroupId);
                w.Write(CsvText.Line("", "", "", n.ToString(), CsvText.Neutralise("on several rosters: " + string.Join(" ", groups))) + "\n");
            }
        }
        File.WriteAllText(outDir.PathOf("summary.json"), RunSummary.From(run, input).ToJson(), ResultWriter.Utf8);
    }

    /// <summary>graphs/&lt;group&gt;.json for the detail groups, then report.html built from the same model.</summary>
    private static void WriteReport(OutputDirectory outDir, CallGraphRun run, ReportOptions options)
    {
        var model = ReportModel.FromAnalysis(run.Result, run.Aggregate, options, run.Rollups, run.Trends, run.Alerts) with
        {
            GeneratedFrom = "callgraph analyze",
            RunFacts = RunFacts(RunSummary.From(run, null)),
            Calibration = run.Calibration,
        };
        foreach (var (groupId, graph) in model.Graphs.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            using var w = outDir.CreateText(ReportLoader.GraphFile(groupId));
            GraphExport.WriteJson(w, graph);
        }
        using var html = outDir.CreateText("report.html");
        HtmlReport.Write(html, model, options);
    }

    private static List<KeyValuePair<string, string>> RunFacts(RunSummary s)
    {
        var ci = CultureInfo.InvariantCulture;
        return new List<KeyValuePair<string, string>>
        {
            new("rows read", s.RowsRead.ToString("N0", ci)),
            new("rows accepted", s.RowsAccepted.ToString("N0", ci)),
            new("rows rejected", s.RowsRejected.ToString("N0", ci)),
            new("duplicates", s.Duplicates.ToString("N0", ci)),
            new("first CDR", s.FirstStart ?? ""),
            new("last CDR", s.LastStart ?? ""),
            new("coefficient", CsvText.Number(s.Coefficient)),
        };
    }

    /// <summary>The one line comparing the fitted weights with the defaults, and which scored the run.</summary>
    internal static string WeightsLine(WeightFitResult w)
    {
        var ci = CultureInfo.InvariantCulture;
        static string Auc(double? v) => v is double d ? d.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";
        string verdict = w.BeatsDefault ? "scored with the fitted weights"
            : !w.Fitted ? "no fit, scored with the default weights"
            : "scored with the default weights (the fit does not beat them)";
        return string.Format(ci, "weights: {0} labels ({1} genuine, {2} fake), cross-validated AUC fitted {3} vs default {4} over {5} folds: {6} (weights.json)",
            w.N, w.Genuine, w.Fake, Auc(w.CvAucFitted), Auc(w.CvAucDefault), w.Folds, verdict);
    }

    private static void PrintSummary(TextWriter o, CallGraphRun run, string outDir, double seconds)
    {
        var s = RunSummary.From(run, null);
        var ci = CultureInfo.InvariantCulture;
        o.WriteLine(string.Format(ci, "rows read {0:N0}: accepted {1:N0}, rejected {2:N0}, duplicates {3:N0}, outside window {4:N0}", s.RowsRead, s.RowsAccepted, s.RowsRejected, s.Duplicates, s.OutsideWindow));
        if (s.NotCheckedForDuplicates > 0)
            o.WriteLine(string.Format(ci, "warning: {0:N0} rows started more than the --dedup-window before an earlier row and were not checked for duplicates (the dump is not in day order; --dedup-window all checks every row)", s.NotCheckedForDuplicates));
        o.WriteLine(string.Format(ci, "groups {0:N0} ({1:N0} scored), roster entries {2:N0}: genuine {3:N0}, suspect {4:N0}, fake {5:N0} (inactive {6:N0}), purity {7}",
            s.Groups, s.ScoredGroups, s.RosterEntries, s.Genuine, s.Suspect, s.Fake, s.Inactive, s.ScoredGroups == 0 ? "not scored" : s.Purity.ToString("0.0%", ci)));
        o.WriteLine(string.Format(ci, "prospects {0:N0}, potential members {1:N0}, potential competitor members {2:N0}, coefficient {3}, market share {4}",
            s.Prospects, s.PotentialMembers, s.PotentialCompetitorMembers, CsvText.Number(s.Coefficient), s.MarketShare is double ms ? ms.ToString("0.0%", ci) : "n/a"));
        if (run.Calibration is { } c)
            o.WriteLine(string.Format(ci, "calibration: k = {0} on {1} surveyed groups, R² {2}, 95% CI {3}{4}", CsvText.Number(c.Coefficient), c.N, CsvText.Number(c.RSquared),
                double.IsFinite(c.Low95) && double.IsFinite(c.High95) ? $"[{CsvText.Number(c.Low95)}, {CsvText.Number(c.High95)}]" : "undefined",
                c.Warnings.Count > 0 ? "; " + TerminalText.Safe(string.Join("; ", c.Warnings)) : ""));
        if (run.WeightFit is { } w) o.WriteLine(WeightsLine(w));
        if (run.Alerts.Count > 0) o.WriteLine(string.Format(ci, "share alerts: {0:N0} groups (alerts.csv)", run.Alerts.Count));
        o.WriteLine(string.Format(ci, "results in {0} ({1:0.00} s, of which reading {2:0.00} s)", outDir, seconds, run.Ingest.Elapsed.TotalSeconds));
    }
}

/// <summary>summary.json: the run in figures; deterministic (no timings, no absolute paths).</summary>
internal sealed record RunSummary(
    long RowsRead, long RowsAccepted, long RowsRejected, long Duplicates, long NotCheckedForDuplicates, long OutsideWindow,
    IReadOnlyDictionary<string, long> RejectsByReason, string? FirstStart, string? LastStart,
    int Groups, int ScoredGroups, int RosterEntries, int RosterIssues, int NumbersOnSeveralRosters,
    int Genuine, int Suspect, int Fake, int Inactive, double Purity, int EstimatedTrueSize,
    int Prospects, int PotentialMembers, int PotentialCompetitorMembers, double Coefficient,
    double EstimatedCompetitorMembers, double? MarketShare, long Pairs, long CdrsTouchingMembers,
    IReadOnlyList<string> Periods, int Alerts, string HomeOperator, IReadOnlyList<string> Warnings)
{
    /// <summary>Serializer options (build-time <see cref="RunSummaryJson"/>) giving the text <see cref="ToJson"/> writes by hand; tests compare the two.</summary>
    public static JsonSerializerOptions Json => RunSummaryJson.Default.Options;

    /// <summary>
    /// summary.json's text: what the serializer writes with <see cref="Json"/>, written field by field
    /// because the serializer's first use (building its metadata, compiling its generic code) took ~25 ms.
    /// </summary>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("rows_read", RowsRead);
            w.WriteNumber("rows_accepted", RowsAccepted);
            w.WriteNumber("rows_rejected", RowsRejected);
            w.WriteNumber("duplicates", Duplicates);
            w.WriteNumber("not_checked_for_duplicates", NotCheckedForDuplicates);
            w.WriteNumber("outside_window", OutsideWindow);
            if (RejectsByReason is null) w.WriteNull("rejects_by_reason");
            else
            {
                w.WriteStartObject("rejects_by_reason");
                foreach (var (reason, count) in RejectsByReason) w.WriteNumber(reason, count);
                w.WriteEndObject();
            }
            w.WriteString("first_start", FirstStart);
            w.WriteString("last_start", LastStart);
            w.WriteNumber("groups", Groups);
            w.WriteNumber("scored_groups", ScoredGroups);
            w.WriteNumber("roster_entries", RosterEntries);
            w.WriteNumber("roster_issues", RosterIssues);
            w.WriteNumber("numbers_on_several_rosters", NumbersOnSeveralRosters);
            w.WriteNumber("genuine", Genuine);
            w.WriteNumber("suspect", Suspect);
            w.WriteNumber("fake", Fake);
            w.WriteNumber("inactive", Inactive);
            w.WriteNumber("purity", Purity);
            w.WriteNumber("estimated_true_size", EstimatedTrueSize);
            w.WriteNumber("prospects", Prospects);
            w.WriteNumber("potential_members", PotentialMembers);
            w.WriteNumber("potential_competitor_members", PotentialCompetitorMembers);
            w.WriteNumber("coefficient", Coefficient);
            w.WriteNumber("estimated_competitor_members", EstimatedCompetitorMembers);
            if (MarketShare is double share) w.WriteNumber("market_share", share);
            else w.WriteNull("market_share");
            w.WriteNumber("pairs", Pairs);
            w.WriteNumber("cdrs_touching_members", CdrsTouchingMembers);
            if (Periods is null) w.WriteNull("periods");
            else
            {
                w.WriteStartArray("periods");
                foreach (string period in Periods) w.WriteStringValue(period);
                w.WriteEndArray();
            }
            w.WriteNumber("alerts", Alerts);
            w.WriteString("home_operator", HomeOperator);
            if (Warnings is null) w.WriteNull("warnings");
            else
            {
                w.WriteStartArray("warnings");
                foreach (string warning in Warnings) w.WriteStringValue(warning);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    public static RunSummary From(CallGraphRun run, AnalysisInputOptions.Inputs? input)
    {
        var g = run.Result.Groups.Where(x => x.Scored).ToList();
        int genuine = g.Sum(x => x.Genuine), roster = g.Sum(x => x.Roster);
        double competitors = Math.Round(g.Sum(x => x.EstimatedCompetitorMembers), 2);
        var i = run.Ingest;
        return new RunSummary(i.RowsRead, i.Accepted, i.Rejected, i.Duplicates, i.NotCheckedForDuplicates, i.OutsideWindow, i.RejectsByReason,
            i.FirstStart is long f ? CsvText.Time(f) : null, i.LastStart is long l ? CsvText.Time(l) : null,
            run.Result.Groups.Count, g.Count, run.Result.Members.Count, input?.Roster.Issues.Count ?? 0, input?.Roster.NumbersOnSeveralRosters.Count ?? 0,
            genuine, g.Sum(x => x.Suspect), g.Sum(x => x.Fake), g.Sum(x => x.Inactive), roster == 0 ? 0 : Math.Round((double)genuine / roster, 4),
            g.Sum(x => x.EstimatedTrueSize), run.Result.Prospects.Count, run.Result.PotentialMembers.Count, g.Sum(x => x.PotentialCompetitorMembers),
            g.FirstOrDefault()?.Coefficient ?? 1, competitors, genuine + competitors > 0 ? Math.Round(genuine / (genuine + competitors), 4) : null,
            run.Aggregate.PairCount, run.Aggregate.CdrsTouchingMembers, run.Periods.Select(p => p.Label).ToList(), run.Alerts.Count,
            input?.Plan.HomeOperator ?? "", WarningsOf(run));
    }

    /// <summary>What makes a run's figures meaningless or doubtful, said on stderr and in summary.json: no (or one) accepted CDR, and the calibration's warnings.</summary>
    public static IReadOnlyList<string> WarningsOf(CallGraphRun run)
    {
        var warnings = new List<string>();
        var i = run.Ingest;
        if (i.Accepted <= 1)
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"only {i.Accepted} CDR{(i.Accepted == 1 ? "" : "s")} accepted of {i.RowsRead} rows read: every member looks inactive and every figure is empty; check the files' format (delimiter, line ends, columns, --from/--to)"));
        if (run.Calibration is { } c)
            foreach (string w in c.Warnings) warnings.Add("calibration: " + w);
        return warnings;
    }
}

/// <summary>summary.json as the serializer writes it, generated at build time: the reference <see cref="RunSummary.ToJson"/> is checked against.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(RunSummary))]
internal sealed partial class RunSummaryJson : JsonSerializerContext;
