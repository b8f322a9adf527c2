using System.CommandLine;
using System.Globalization;
using CallGraph.Aggregation;
using CallGraph.Analysis;
using CallGraph.Ingest;
using CallGraph.Numbers;
using CallGraph.Rosters;

namespace CallGraph.Cli.Infrastructure;

/// <summary>
/// The inputs every analysing command shares: CDRs, roster, groups, numbering plan, reading options,
/// time window and the analysis thresholds; and the run they describe.
/// </summary>
internal sealed class AnalysisInputOptions
{
    private readonly bool _analysis;
    private readonly bool _aggregates;

    /// <param name="analysis">Also the analysis thresholds, groups and pseudonyms (false: only what aggregating the CDRs needs).</param>
    /// <param name="aggregates">Also <c>--aggregates</c>: partial aggregate files in place of the CDRs.</param>
    public AnalysisInputOptions(bool analysis = true, bool aggregates = false)
    {
        _analysis = analysis;
        _aggregates = aggregates;
    }

    public Option<FileInfo[]> Cdr { get; } = new("--cdr") { Description = "CDR files (CSV/TSV, gzip told by its bytes), folders (their files in name order), quoted globs such as \"dumps/*.csv.gz\", or - for standard input.", AllowMultipleArgumentsPerToken = true };
    public Option<FileInfo?> Members { get; } = new("--members") { Description = "Roster CSV: group_id,msisdn." };
    public Option<FileInfo?> Groups { get; } = new("--groups") { Description = "Groups CSV: group_id,name,branch,account_manager[,industry]." };
    public Option<DirectoryInfo?> World { get; } = new("--world") { Description = "A folder laid out like `callgraph generate` output: takes cdr.csv[.gz], members.csv, groups.csv and prefixes.csv from it unless given explicitly." };
    public Option<string> Workday { get; } = new("--workday") { Description = "Working hours, Monday to Friday, as START-END hours.", DefaultValueFactory = _ => "9-18" };
    public Option<decimal> ProspectThreshold { get; } = new("--prospect-threshold") { Description = "Prospects talk to strictly more than this share of the members.", DefaultValueFactory = _ => 0.10m };
    public Option<ProspectBase> ProspectBaseOption { get; } = new("--prospect-base") { Description = "Member count the threshold is a share of: roster or genuine.", DefaultValueFactory = _ => ProspectBase.Roster };
    public Option<double> EmployeeThreshold { get; } = new("--employee-threshold") { Description = "Outside numbers whose employee likelihood reaches this count as the group's own people (potential members, competitor members).", DefaultValueFactory = _ => new CallGraph.Analysis.CouplingOptions().GenuineThreshold };
    public Option<double> GenuineThreshold { get; } = new("--genuine-threshold") { Description = "Score at or above which a member is genuine.", DefaultValueFactory = _ => new CallGraph.Analysis.CouplingOptions().GenuineThreshold };
    public Option<double> FakeThreshold { get; } = new("--fake-threshold") { Description = "Score below which a member is fake.", DefaultValueFactory = _ => new CallGraph.Analysis.CouplingOptions().FakeThreshold };
    public Option<int> MinActiveEvents { get; } = new("--min-active-events") { Description = "Members with fewer events are inactive.", DefaultValueFactory = _ => 5 };
    public Option<int> MinGroupSize { get; } = new("--min-group-size") { Description = "Smaller rosters are reported, not scored.", DefaultValueFactory = _ => new CallGraph.Analysis.CouplingOptions().MinGroupSize };

    public Option<string?> Pseudonymise { get; } = new("--pseudonymise") { Description = "Replace every number and id in every output (CSVs, rejects, alerts, report, graphs) by a keyed pseudonym (ps-…): the key itself, or @FILE to read it from a file holding the key as one word (at least 8 bytes). Same key, same pseudonyms." };
    public Option<FileInfo?> PseudonymMap { get; } = new("--pseudonym-map") { Description = "With --pseudonymise: write pseudonym,original to this file (never inside the output folder)." };

    public Option<FileInfo[]> Aggregates { get; } = new("--aggregates") { Description = "Partial aggregate files (.cga) from `callgraph aggregate`, or quoted globs such as \"parts/*.cga\", merged exactly in place of --cdr: the same outputs as analysing their CDRs together.", AllowMultipleArgumentsPerToken = true };

    public CdrReadingOptions Reading { get; } = new();
    public NumberPlanOptions Plan { get; } = new();

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Cdr, Members, World, Workday })
            command.Options.Add(o);
        if (_analysis)
            foreach (var o in new Option[] { Groups, ProspectThreshold, ProspectBaseOption, EmployeeThreshold, GenuineThreshold, FakeThreshold, MinActiveEvents, MinGroupSize, Pseudonymise, PseudonymMap })
                command.Options.Add(o);
        if (_aggregates) command.Options.Add(Aggregates);
        Reading.AddTo(command);
        Plan.AddTo(command);
    }

    /// <summary>Everything needed to run the pipeline.</summary>
    public sealed record Inputs(IReadOnlyList<CdrSource> Cdrs, Roster Roster, NumberPlan Plan, IReadOnlyDictionary<string, GroupInfo>? Groups, CallGraphOptions Options, FileInfo? WorldSurvey)
    {
        /// <summary>How the outputs show numbers (pseudonyms, masks).</summary>
        public OutputLabels Labels { get; init; } = new(null, Roster, Plan, null);

        /// <summary>Partial aggregate files to merge in place of <see cref="Cdrs"/> (then empty).</summary>
        public IReadOnlyList<string> Aggregates { get; init; } = [];
    }

    /// <param name="parse">The command line.</param>
    /// <param name="cdrsInDatabase">True when an engine reads the CDRs from a database table: --cdr is then refused and a --world's CDR file ignored.</param>
    public Inputs Build(ParseResult parse, bool cdrsInDatabase = false)
    {
        var world = parse.GetValue(World);
        if (world is not null && !world.Exists) throw new DirectoryNotFoundException($"{world.FullName}: no such folder");
        FileInfo? FromWorld(params string[] names) =>
            world is null ? null : names.Select(n => new FileInfo(Path.Combine(world.FullName, n))).FirstOrDefault(f => f.Exists);

        var aggregates = _aggregates ? parse.GetValue(Aggregates) ?? [] : [];
        if (aggregates.Length > 0) RefuseCdrOptions(parse);
        if (cdrsInDatabase && aggregates.Length > 0) throw new UsageException("--aggregates replaces reading CDRs; a database engine reads them from --cdr-table");
        if (cdrsInDatabase && parse.GetValue(Cdr) is { Length: > 0 }) throw new UsageException("--cdr names files; with a database engine the CDRs come from --cdr-table");
        var cdrFiles = aggregates.Length > 0 || cdrsInDatabase ? Array.Empty<FileInfo>()
            : parse.GetValue(Cdr) is { Length: > 0 } given ? given : FromWorld("cdr.csv.gz", "cdr.csv") is { } wc ? new[] { wc } : Array.Empty<FileInfo>();
        if (cdrFiles.Length == 0 && aggregates.Length == 0 && !cdrsInDatabase)
            throw new UsageException(_aggregates ? "--cdr or --aggregates is required (or --world with a cdr.csv[.gz])" : "--cdr is required (or --world with a cdr.csv[.gz])");
        var members = parse.GetValue(Members) ?? FromWorld("members.csv") ?? throw new UsageException("--members is required (or --world with a members.csv)");
        var groupsFile = _analysis ? parse.GetValue(Groups) ?? FromWorld("groups.csv") : null;
        // Expands folders and globs; a missing file is an input error.
        IReadOnlyList<CdrSource> cdrSources = cdrFiles.Length > 0 ? CdrReadingOptions.Sources(cdrFiles) : [];
        CliFiles.RequireFile(members);

        var plan = Plan.Build(parse, FromWorld("prefixes.csv"));

        Roster roster;
        using (var reader = CliFiles.OpenText(members)) roster = Roster.Read(reader, members.FullName, plan);
        IReadOnlyDictionary<string, GroupInfo>? groups = null;
        if (groupsFile is not null)
        {
            using var reader = CliFiles.OpenText(groupsFile);
            groups = Roster.ReadGroups(reader, groupsFile.FullName);
        }

        var (start, end) = ParseWorkday(parse.GetValue(Workday)!);
        var reading = Reading.Build(parse);
        Pseudonymiser? pseudonymiser = null;
        if (!_analysis)
        {
            // Only the read and the aggregation: the analysis options keep their defaults and are never used.
            var aggregating = new CallGraphOptions { Reader = reading, Aggregation = new AggregationOptions { WorkdayStartHour = start, WorkdayEndHour = end } };
            aggregating.Validate();
            return new Inputs(cdrSources, roster, plan, null, aggregating, null);
        }
        if (parse.GetValue(Pseudonymise) is { } key)
        {
            try
            {
                pseudonymiser = new Pseudonymiser(Pseudonymiser.ReadKey(key));
            }
            catch (ArgumentException ex)
            {
                throw new UsageException($"--pseudonymise: {ex.Message}");
            }
            // A rejected row cannot be pseudonymised field by field: its text is withheld.
            reading = reading with { WriteRejectedText = false };
        }
        else if (parse.GetValue(PseudonymMap) is not null) throw new UsageException("--pseudonym-map needs --pseudonymise");
        decimal threshold = parse.GetValue(ProspectThreshold);
        var options = new CallGraphOptions
        {
            Reader = reading,
            Aggregation = new AggregationOptions { WorkdayStartHour = start, WorkdayEndHour = end },
            Analysis = new AnalysisOptions
            {
                Threads = reading.Threads,
                Coupling = new CouplingOptions
                {
                    GenuineThreshold = parse.GetValue(GenuineThreshold),
                    FakeThreshold = parse.GetValue(FakeThreshold),
                    MinActiveEvents = parse.GetValue(MinActiveEvents),
                    MinGroupSize = parse.GetValue(MinGroupSize),
                },
                Circle = new CircleOptions { ProspectThreshold = threshold, ProspectBase = parse.GetValue(ProspectBaseOption), EmployeeLikelihoodThreshold = parse.GetValue(EmployeeThreshold) },
            },
        };
        options.Validate();
        return new Inputs(cdrSources, roster, plan, groups, options, FromWorld("survey.csv"))
        {
            Labels = new OutputLabels(pseudonymiser, roster, plan, parse.GetValue(PseudonymMap)),
            // As typed (it reads best in messages); a quoted glob is expanded here, as for --cdr.
            Aggregates = aggregates.Select(f => f.ToString()).SelectMany(p => CdrReadingOptions.IsGlob(p) ? CdrReadingOptions.Glob(p, "--aggregates") : [p]).ToList(),
        };
    }

    /// <summary>With <c>--aggregates</c> the CDRs were read when the aggregates were made: options that only act on reading them are refused, not ignored.</summary>
    private void RefuseCdrOptions(ParseResult parse)
    {
        if (parse.GetValue(Cdr) is { Length: > 0 }) throw new UsageException("give --cdr or --aggregates, not both (aggregate the CDRs with `callgraph aggregate`)");
        if (parse.GetValue(Reading.From) is not null || parse.GetValue(Reading.To) is not null)
            throw new UsageException("--from and --to act when the CDRs are read: give them to `callgraph aggregate`, not with --aggregates");
        if (parse.GetValue(Reading.Rejects) is not null)
            throw new UsageException("--rejects is written when the CDRs are read: give it to `callgraph aggregate`, not with --aggregates");
    }

    private static (int Start, int End) ParseWorkday(string text)
    {
        var parts = text.Split('-');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int s) &&
            int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int e) && s >= 0 && e <= 24 && s < e)
            return (s, e);
        throw new UsageException($"--workday '{text}' must look like 9-18");
    }
}
