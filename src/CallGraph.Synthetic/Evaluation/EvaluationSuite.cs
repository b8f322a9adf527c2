using System.Globalization;
using System.Text;
using CallGraph.Calibration;
using CallGraph.Ingest;
using CallGraph.Numbers;
using CallGraph.Output;
using CallGraph.Rosters;
using CallGraph.Synthetic;

namespace CallGraph.Evaluation;

/// <summary>What the evaluation suite runs.</summary>
public sealed record SuiteOptions
{
    /// <summary>Seeds; every world is built once per seed.</summary>
    public IReadOnlyList<ulong> Seeds { get; init; } = new ulong[] { 1, 2, 3 };

    /// <summary>CDR rows of a generated world (a configuration may scale it).</summary>
    public long Cdrs { get; init; } = DefaultCdrs;

    /// <summary>CDR rows of a generated world by default: about 120 groups, 25 of them surveyed, so that calibration rests on enough groups.</summary>
    public const long DefaultCdrs = 1_000_000;

    /// <summary>Folder holding <c>email-eu-core/</c>; null or absent makes those rows say "data not found".</summary>
    public string? SharedData { get; init; }

    /// <summary>Folder the worlds are built in (one subfolder per world, removed after scoring unless <see cref="KeepWorlds"/>).</summary>
    public required string WorkDirectory { get; init; }

    /// <summary>Keep every built world and its results on disk.</summary>
    public bool KeepWorlds { get; init; }

    /// <summary>Only these worlds (by name); null runs them all.</summary>
    public IReadOnlyList<string>? Worlds { get; init; }

    /// <summary>The pipeline's options (default: the defaults, as a new user runs it).</summary>
    public CallGraphOptions? Pipeline { get; init; }

    /// <summary>Labelled members sampled for the held-out weight fit of every world (<see cref="HeldOutLabels"/>); 0 leaves it out.</summary>
    public int LabelSample { get; init; } = HeldOutLabels.DefaultSample;
}

/// <summary>
/// The evaluation suite: builds every world (generated configurations under several seeds, and the real
/// email-eu-core network converted twice), runs the in-process pipeline with default options and the world's
/// survey, scores the outputs against the planted truth and the raw-row prospect rule, and prints one table.
/// </summary>
public static class EvaluationSuite
{
    /// <summary>Name of the real-network world (every person on the home network).</summary>
    public const string EmailWorld = "email-eu-core";

    /// <summary>Name of the real-network world with ~30% of people on competitor networks, for market share.</summary>
    public const string EmailShareWorld = "email-eu-core-share";

    /// <summary>Every world name, in table order.</summary>
    public static IReadOnlyList<string> WorldNames { get; } = WorldConfigs.All.Select(c => c.Name).Append(EmailWorld).Append(EmailShareWorld).ToArray();

    /// <summary>Runs the suite; <paramref name="progress"/> hears one line per world as it starts.</summary>
    public static IReadOnlyList<SuiteRow> Run(SuiteOptions options, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var names = options.Worlds ?? WorldNames;
        foreach (var n in names)
            if (!WorldNames.Contains(n, StringComparer.OrdinalIgnoreCase)) throw new ArgumentException($"unknown world '{n}' (known: {string.Join(", ", WorldNames)})", nameof(options));
        var rows = new List<SuiteRow>();
        foreach (var name in WorldNames.Where(w => names.Contains(w, StringComparer.OrdinalIgnoreCase)))
        {
            foreach (var seed in options.Seeds)
            {
                string seedText = seed.ToString(CultureInfo.InvariantCulture);
                progress?.Report($"{name} seed {seedText}");
                string dir = Path.Combine(options.WorkDirectory, $"{name}-{seedText}");
                try
                {
                    if (!Build(name, seed, options, dir))
                    {
                        rows.Add(SuiteRow.Empty(name, seedText, "data not found"));
                        continue;
                    }
                    rows.Add(Evaluate(name, seedText, dir, options.Pipeline, options.KeepWorlds, options.LabelSample));
                }
                catch (Exception ex) when (ex is DataException or InvalidDataException or InvalidOperationException or ArgumentException or IOException)
                {
                    // One world that cannot be run or scored must not hide the others: its row says why.
                    rows.Add(SuiteRow.Empty(name, seedText, "error: " + ex.Message.ReplaceLineEndings(" ").Replace('|', '/')));
                }
                finally
                {
                    if (!options.KeepWorlds && Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
                }
            }
        }
        return rows;
    }

    /// <summary>Builds one world into <paramref name="dir"/>; false when its data is not available.</summary>
    private static bool Build(string name, ulong seed, SuiteOptions options, string dir)
    {
        if (WorldConfigs.Find(name) is { } config)
        {
            WorldGenerator.Write(config.Options(options.Cdrs, seed), new DirectoryWorldOutput(dir));
            return true;
        }
        string? data = options.SharedData is null ? null : Path.Combine(options.SharedData, "email-eu-core");
        string? edges = data is null ? null : Path.Combine(data, "email-Eu-core.txt");
        string? labels = data is null ? null : Path.Combine(data, "email-Eu-core-department-labels.txt");
        if (edges is null || labels is null || !File.Exists(edges) || !File.Exists(labels)) return false;
        using var e = new StreamReader(edges);
        using var l = new StreamReader(labels);
        var convert = new EdgeListWorldOptions(seed, CompetitorShare: string.Equals(name, EmailShareWorld, StringComparison.OrdinalIgnoreCase) ? 0.30 : 0);
        EdgeListWorld.Write(e, l, convert, new DirectoryWorldOutput(dir));
        return true;
    }

    /// <summary>
    /// Runs the pipeline on the world in <paramref name="dir"/> (its cdr file, roster, groups, prefixes and survey)
    /// and scores it. The outputs are written with the project's writers and read back by column name. With
    /// <paramref name="labelSample"/> above 0, also measures weights fitted on that many labelled members of half the
    /// groups against the defaults on the other half (<see cref="SuiteRow.Labels"/>).
    /// </summary>
    public static SuiteRow Evaluate(string name, string seed, string dir, CallGraphOptions? pipeline = null, bool keepResults = false, int labelSample = 0)
    {
        ArgumentNullException.ThrowIfNull(dir);
        string File_(string n) => Path.Combine(dir, n);
        var plan = File.Exists(File_(WorldFiles.Prefixes))
            ? new NumberPlan(new OperatorTable(ReadWith(File_(WorldFiles.Prefixes), r => OperatorTable.ReadPrefixes(r, WorldFiles.Prefixes))))
            : NumberPlan.Default;
        var roster = ReadWith(File_(WorldFiles.Members), r => Roster.Read(r, WorldFiles.Members, plan));
        var groups = File.Exists(File_(WorldFiles.Groups)) ? ReadWith(File_(WorldFiles.Groups), r => Roster.ReadGroups(r, WorldFiles.Groups)) : null;
        var survey = File.Exists(File_(WorldFiles.Survey)) ? ReadWith(File_(WorldFiles.Survey), r => CoefficientCalibration.ReadSurvey(r, WorldFiles.Survey)) : null;
        if (survey is { Count: 0 }) survey = null;
        string cdr = File.Exists(File_(WorldFiles.GzipCdr)) ? File_(WorldFiles.GzipCdr) : File_(WorldFiles.Cdr);

        var run = CallGraphPipeline.Run(new[] { CdrSource.FromFile(cdr) }, roster, plan, pipeline, groups, survey, TextWriter.Null);
        var results = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["members.csv"] = Write(w => ResultWriter.WriteMembers(w, run.Result.Members)),
            ["groups.csv"] = Write(w => ResultWriter.WriteGroups(w, run.Result.Groups)),
            ["prospects.csv"] = Write(w => ResultWriter.WriteCircle(w, run.Result.Prospects)),
        };
        if (run.Calibration is not null) results["calibration.json"] = CoefficientCalibration.ToJson(run.Calibration);
        if (keepResults)
        {
            string outDir = Path.Combine(dir, "results");
            Directory.CreateDirectory(outDir);
            foreach (var (file, text) in results) File.WriteAllText(Path.Combine(outDir, file), text, ResultWriter.Utf8);
        }

        IReadOnlyList<(string, string)> rule;
        using (var rosterText = OpenText(File_(WorldFiles.Members)))
        using (var cdrText = OpenText(cdr))
            rule = ProspectRule.Select(rosterText, cdrText, plan);

        TextReader? Truth(string n) => File.Exists(File_(n)) ? OpenText(File_(n)) : null;
        TextReader? Results(string n) => results.TryGetValue(n, out var text) ? new StringReader(text) : null;
        var row = SuiteEvaluation.Score(name, seed, Truth, Results, rule);
        if (labelSample > 0 && Truth("truth_members.csv") is { } truth)
        {
            using (truth)
            {
                // The world's name and seed seed the split and the sample: the same world is measured the same way.
                ulong labelSeed = SignalWeightFit.StableHash(name) ^ (ulong.TryParse(seed, NumberStyles.None, CultureInfo.InvariantCulture, out ulong s) ? s : SignalWeightFit.StableHash(seed));
                row = row with { Labels = HeldOutLabels.Measure(run, plan, (pipeline ?? new CallGraphOptions()).Analysis, groups, truth, labelSample, labelSeed) };
            }
        }
        return row;
    }

    private static string Write(Action<TextWriter> write)
    {
        var w = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        write(w);
        return w.ToString();
    }

    private static T ReadWith<T>(string path, Func<TextReader, T> read)
    {
        using var reader = OpenText(path);
        return read(reader);
    }

    private static StreamReader OpenText(string path)
    {
        Stream stream = File.OpenRead(path);
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) stream = new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionMode.Decompress);
        return new StreamReader(stream, Encoding.UTF8);
    }

    /// <summary>
    /// The suite's table in markdown: one row per world and seed, then one aggregate row per world (mean over
    /// its seeds). Absent figures print "–".
    /// </summary>
    public static string Markdown(IReadOnlyList<SuiteRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var signals = new List<string>();
        foreach (var r in rows) foreach (var s in r.SignalRocAuc) if (!signals.Contains(s.Key)) signals.Add(s.Key);
        var header = new List<string> { "world", "seed", "scored groups", "fake P", "fake R", "fake F1", "fake AUC" };
        header.AddRange(signals.Select(s => "AUC " + s));
        header.AddRange(["AUC default (held-out)", "AUC fitted (held-out)"]);
        header.AddRange(["hand rule F1", "prospects rule / listed", "missing", "extra", "share MAE (groups)", "mean-share MAE", "k", "R²", "interval coverage"]);
        var sb = new StringBuilder();
        void Line(IEnumerable<string> cells) => sb.Append("| ").Append(string.Join(" | ", cells)).Append(" |\n");
        Line(header);
        Line(header.Select((_, i) => i < 2 ? "---" : "---:"));
        foreach (var r in rows)
        {
            if (r.Note is not null)
            {
                Line(new[] { r.World, r.Seed, r.Note }.Concat(Enumerable.Repeat("", header.Count - 3)));
                continue;
            }
            var cells = new List<string> { r.World, r.Seed, Int(r.ScoredGroups), F(r.Fake?.Precision), F(r.Fake?.Recall), F(r.Fake?.F1), F(r.FakeRocAuc) };
            cells.AddRange(signals.Select(s => F(r.SignalRocAuc.FirstOrDefault(x => x.Key == s).Value)));
            cells.Add(F(r.Labels?.AucDefault));
            cells.Add(r.Labels is { Fitted: false } ? F(r.Labels.AucFitted) + " (no fit)" : F(r.Labels?.AucFitted));
            cells.Add(F(r.HandRule?.F1));
            cells.Add($"{Int(r.RuleProspects)} / {Int(r.ListedProspects)}");
            cells.Add(Int(r.ProspectsMissing));
            cells.Add(Int(r.ProspectsExtra));
            cells.Add(r.ShareMae is null ? "–" : $"{F(r.ShareMae)} ({Int(r.ShareGroups)})");
            cells.Add(F(r.MeanShareMae));
            cells.Add(F(r.CalibrationK, "0.00"));
            cells.Add(F(r.CalibrationR2, "0.00"));
            cells.Add(F(r.IntervalCoverage, "0.00"));
            Line(cells);
        }

        // One line per world: the mean over its seeds.
        sb.Append('\n');
        var aggHeader = new[] { "world (mean over seeds)", "seeds", "fake F1", "fake AUC", "best single signal AUC", "AUC default / fitted (held-out)", "hand rule F1", "prospects missing / extra", "share MAE", "mean-share MAE", "interval coverage" };
        Line(aggHeader);
        Line(aggHeader.Select((_, i) => i == 0 ? "---" : "---:"));
        foreach (var world in rows.Select(r => r.World).Distinct())
        {
            var ok = rows.Where(r => r.World == world && r.Note is null).ToList();
            if (ok.Count == 0)
            {
                Line(new[] { world, "0", rows.First(r => r.World == world).Note ?? "" }.Concat(Enumerable.Repeat("", aggHeader.Length - 3)));
                continue;
            }
            var best = signals
                .Select(s => (Name: s, Mean: Mean(ok.Select(r => r.SignalRocAuc.FirstOrDefault(x => x.Key == s).Value))))
                .Where(x => x.Mean is not null).OrderByDescending(x => x.Mean).FirstOrDefault();
            Line(new[]
            {
                world, Int(ok.Count), F(Mean(ok.Select(r => r.Fake?.F1))), F(Mean(ok.Select(r => r.FakeRocAuc))),
                best.Name is null ? "–" : $"{F(best.Mean)} ({best.Name})",
                $"{F(Mean(ok.Select(r => r.Labels?.AucDefault)))} / {F(Mean(ok.Select(r => r.Labels?.AucFitted)))}",
                F(Mean(ok.Select(r => r.HandRule?.F1))),
                $"{F(Mean(ok.Select(r => (double?)r.ProspectsMissing)), "0.0")} / {F(Mean(ok.Select(r => (double?)r.ProspectsExtra)), "0.0")}",
                F(Mean(ok.Select(r => r.ShareMae))), F(Mean(ok.Select(r => r.MeanShareMae))), F(Mean(ok.Select(r => r.IntervalCoverage)), "0.00"),
            });
        }
        return sb.ToString();
    }

    private static double? Mean(IEnumerable<double?> values)
    {
        var list = values.Where(v => v is not null).Select(v => v!.Value).ToList();
        return list.Count == 0 ? null : list.Average();
    }

    private static string F(double? value, string format = "0.000") => value is double v ? v.ToString(format, CultureInfo.InvariantCulture) : "–";

    private static string Int(int? value) => value is int v ? v.ToString(CultureInfo.InvariantCulture) : "–";
}
