using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CallGraph.Cli.Infrastructure;
using CallGraph.Evaluation;

namespace CallGraph.Cli.Commands;

/// <summary>
/// <c>callgraph evaluate</c>: scores an analyze output against a generated world's truth, or with <c>--suite</c>
/// builds every world of the evaluation suite, runs the pipeline on each and prints one table.
/// </summary>
internal static class EvaluateCommand
{
    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };
    private static readonly JsonSerializerOptions SnakeCaseJson = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create()
    {
        var truth = new Option<DirectoryInfo?>("--truth") { Description = "Folder of a generated world (truth_members.csv, truth_groups.csv, …)." };
        var results = new Option<DirectoryInfo?>("--results") { Description = "Output folder of `callgraph analyze`." };
        var json = new Option<string?>("--json")
        {
            Description = "Print one JSON object instead of text; with a FILE, write the JSON there (with --suite: the rows of the table).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var suite = new Option<bool>("--suite") { Description = "Run the evaluation suite: every generated world configuration and the real network, under each seed, with default options; prints one markdown table." };
        var seeds = new Option<string>("--seeds") { Description = "Suite: comma-separated seeds.", DefaultValueFactory = _ => "1,2,3" };
        var cdrs = new Option<long>("--cdrs") { Description = "Suite: CDR rows of a generated world (some configurations scale it).", DefaultValueFactory = _ => CallGraph.Evaluation.SuiteOptions.DefaultCdrs };
        var shared = new Option<DirectoryInfo?>("--shared") { Description = "Suite: folder holding email-eu-core/ (default: ../shared/data from the current folder, then from the repository root)." };
        var worlds = new Option<string?>("--worlds") { Description = "Suite: only these worlds, comma-separated (default: all)." };
        var work = new Option<DirectoryInfo?>("--work") { Description = "Suite: build the worlds in this folder and keep them with their results (default: a temporary folder, removed)." };
        var labelSample = new Option<int>("--label-sample") { Description = "Suite: labelled members sampled from half of each world's groups to fit the weights, measured on the other half (0: leave the measurement out).", DefaultValueFactory = _ => HeldOutLabels.DefaultSample };
        var quiet = QuietOption.ProgressOnly();
        var command = new Command("evaluate", "Precision, recall, F1 and ROC AUC of the fake verdicts, share error and circle precision against a generated world's truth; with --suite, the whole evaluation suite as one table.");
        foreach (var o in new Option[] { truth, results, json, suite, seeds, cdrs, shared, worlds, work, labelSample, quiet }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            bool jsonGiven = parse.GetResult(json) is not null;
            string? jsonFile = parse.GetValue(json);
            if (parse.GetValue(suite)) return RunSuite(parse, jsonGiven, jsonFile, seeds, cdrs, shared, worlds, work, labelSample, parse.GetValue(quiet));

            var t = parse.GetValue(truth) ?? throw new UsageException("--truth is required (or --suite)");
            var r = parse.GetValue(results) ?? throw new UsageException("--results is required (or --suite)");
            foreach (var d in new[] { t, r }) if (!d.Exists) throw new DirectoryNotFoundException($"{d.FullName}: no such folder");
            static Func<string, TextReader?> Opener(DirectoryInfo dir) => name =>
            {
                string path = Path.Combine(dir.FullName, name);
                return File.Exists(path) ? new StreamReader(path) : null;
            };
            EvaluationReport report;
            try
            {
                report = WorldEvaluation.Evaluate(Opener(t), Opener(r));
            }
            catch (CallGraph.Ingest.DataException ex) when (ex.Line == 0)
            {
                throw new CallGraph.Ingest.DataException(Path.Combine(ex.Source.StartsWith("truth", StringComparison.Ordinal) ? t.FullName : r.FullName, ex.Source), 0, 0, ex.Reason);
            }
            var o = parse.InvocationConfiguration.Output;
            if (jsonGiven)
            {
                string text = JsonSerializer.Serialize(report, IndentedJson);
                if (jsonFile is null) o.WriteLine(text); else File.WriteAllText(jsonFile, text + "\n");
                return ExitCodes.Ok;
            }
            var ci = CultureInfo.InvariantCulture;
            o.WriteLine(string.Format(ci, "scored roster entries with truth: {0:N0}", report.ScoredMembers));
            o.WriteLine("fake detection            precision  recall      F1   ROC AUC");
            o.WriteLine(string.Format(ci, "  coupling score          {0,9:0.000} {1,7:0.000} {2,7:0.000} {3,9:0.000}", report.Fake.Precision, report.Fake.Recall, report.Fake.F1, report.FakeRocAuc));
            o.WriteLine(string.Format(ci, "  rule: <2 colleagues     {0,9:0.000} {1,7:0.000} {2,7:0.000}", report.Baseline.Precision, report.Baseline.Recall, report.Baseline.F1));
            o.WriteLine("recall by fake kind       coupling   rule");
            foreach (var (kind, recall) in report.FakeRecallByKind)
                o.WriteLine(string.Format(ci, "  {0,-22}  {1,7:0.000} {2,6:0.000}", kind, recall, report.BaselineRecallByKind.GetValueOrDefault(kind)));
            foreach (var (kind, flagged) in report.GenuineFlaggedByKind)
                o.WriteLine(string.Format(ci, "  genuine {0,-14}  {1,7:0.000} wrongly called fake", kind, flagged));
            o.WriteLine(string.Format(ci, "market share: mean absolute error {0:0.0000} over {1:N0} groups", report.ShareMeanAbsoluteError, report.ShareGroups));
            o.WriteLine(string.Format(ci, "prospects: {0:N0}, of which truly the group's competitor-network people {1:0.0%}", report.Prospects, report.ProspectsThatAreCompetitorMembers));
            o.WriteLine(string.Format(ci, "competitor members found: precision {0:0.000}, recall {1:0.000}", report.CompetitorMembers.Precision, report.CompetitorMembers.Recall));
            o.WriteLine(string.Format(ci, "potential members found:  precision {0:0.000}, recall {1:0.000}", report.PotentialMembers.Precision, report.PotentialMembers.Recall));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static int RunSuite(ParseResult parse, bool jsonGiven, string? jsonFile, Option<string> seedsOption, Option<long> cdrsOption,
        Option<DirectoryInfo?> sharedOption, Option<string?> worldsOption, Option<DirectoryInfo?> workOption, Option<int> labelSampleOption, bool quiet)
    {
        var stdout = parse.InvocationConfiguration.Output;
        var stderr = parse.InvocationConfiguration.Error;
        var seeds = new List<ulong>();
        foreach (var part in parse.GetValue(seedsOption)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!ulong.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out ulong s)) throw new UsageException($"--seeds: '{part}' is not a seed");
            seeds.Add(s);
        }
        if (seeds.Count == 0) throw new UsageException("--seeds: give at least one seed");
        long cdrs = parse.GetValue(cdrsOption);
        if (cdrs < 1000) throw new UsageException("--cdrs must be at least 1000");
        int labelSample = parse.GetValue(labelSampleOption);
        if (labelSample < 0) throw new UsageException("--label-sample must be 0 or more");
        IReadOnlyList<string>? worlds = parse.GetValue(worldsOption) is { } w
            ? w.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : null;
        if (worlds is not null)
            foreach (var name in worlds)
                if (!EvaluationSuite.WorldNames.Contains(name, StringComparer.OrdinalIgnoreCase))
                    throw new UsageException($"--worlds: unknown world '{name}' (known: {string.Join(", ", EvaluationSuite.WorldNames)})");

        string? shared = parse.GetValue(sharedOption)?.FullName ?? DefaultShared();
        var keep = parse.GetValue(workOption);
        string workDir = keep?.FullName ?? Path.Combine(Path.GetTempPath(), "callgraph-suite-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(workDir);
        IReadOnlyList<SuiteRow> rows;
        try
        {
            var progress = new LineProgress(line => { if (!quiet) stderr.WriteLine("evaluate --suite: " + line); });
            rows = EvaluationSuite.Run(new SuiteOptions { Seeds = seeds, Cdrs = cdrs, SharedData = shared, WorkDirectory = workDir, KeepWorlds = keep is not null, Worlds = worlds, LabelSample = labelSample }, progress);
        }
        finally
        {
            if (keep is null && Directory.Exists(workDir)) Directory.Delete(workDir, recursive: true);
        }
        if (jsonGiven)
        {
            string text = JsonSerializer.Serialize(rows, SnakeCaseJson);
            if (jsonFile is null)
            {
                stdout.WriteLine(text);
                return ExitCodes.Ok;
            }
            File.WriteAllText(jsonFile, text + "\n");
        }
        stdout.Write(EvaluationSuite.Markdown(rows));
        return ExitCodes.Ok;
    }

    /// <summary>../shared/data from the current folder, else from the repository root (the folder holding CallGraph.sln), else null.</summary>
    private static string? DefaultShared()
    {
        string fromCwd = Path.GetFullPath(Path.Combine("..", "shared", "data"));
        if (Directory.Exists(fromCwd)) return fromCwd;
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (!File.Exists(Path.Combine(dir.FullName, "CallGraph.sln"))) continue;
                string candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
                if (Directory.Exists(candidate)) return candidate;
                break;
            }
        }
        return null;
    }

    /// <summary>Reports on the calling thread, in order.</summary>
    private sealed class LineProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
