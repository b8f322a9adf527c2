using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CallGraph.Cli.Infrastructure;
using CallGraph.Synthetic;

namespace CallGraph.Cli.Commands;

/// <summary><c>callgraph generate</c>: writes a deterministic synthetic world with ground truth.</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Directory to write the world into (created when missing).", Required = true };
        var cdrs = new Option<long>("--cdrs") { Description = "Exact number of CDR rows to write.", Required = true };
        var seed = new Option<ulong>("--seed") { Description = "Seed; the same seed and options give byte-identical files.", Required = true };
        var months = new Option<int>("--months") { Description = "Consecutive calendar months covered.", DefaultValueFactory = _ => 1 };
        var groups = new Option<int?>("--groups") { Description = "Number of group customers (default: derived from --cdrs)." };
        var start = new Option<string>("--start") { Description = "First day, yyyy-MM-dd.", DefaultValueFactory = _ => "2026-06-01" };
        var gzip = new Option<bool>("--gzip") { Description = "Write cdr.csv.gz instead of cdr.csv." };
        var duplicateRate = new Option<double>("--duplicate-rate") { Description = "Fraction of rows that exactly repeat the row before.", DefaultValueFactory = _ => 0.001 };
        var badRowRate = new Option<double>("--bad-row-rate") { Description = "Fraction of deliberately malformed rows.", DefaultValueFactory = _ => 0 };
        var config = new Option<string?>("--config")
        {
            Description = "Behavioural assumptions of a named suite world (" + string.Join(", ", WorldConfigs.All.Select(c => c.Name)) + "); its row and group scaling apply to --cdrs. Default: baseline.",
        };

        var quiet = QuietOption.Create();
        var command = new Command("generate", "Write a synthetic operator world with ground truth: rosters with planted fake members, competitor employees, survey, and a CDR dump.");
        foreach (var option in new Option[] { outDir, cdrs, seed, months, groups, start, gzip, duplicateRate, badRowRate, config, quiet }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var output = QuietOption.SummaryWriter(parse, quiet);
            var error = parse.InvocationConfiguration.Error;
            if (!DateOnly.TryParseExact(parse.GetValue(start), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
                throw new UsageException($"--start '{parse.GetValue(start)}' is not a date like 2026-06-01.");
            var named = WorldConfigs.Find("baseline")!;
            if (parse.GetValue(config) is { } configName)
                named = WorldConfigs.Find(configName) ?? throw new UsageException($"--config: unknown world '{configName}' (known: {string.Join(", ", WorldConfigs.All.Select(c => c.Name))})");
            var sized = named.Options(parse.GetValue(cdrs), parse.GetValue(seed), Math.Max(1, parse.GetValue(months)));
            var options = sized with
            {
                Months = parse.GetValue(months),
                Groups = parse.GetValue(groups) ?? sized.Groups,
                Start = first,
                DuplicateRate = parse.GetValue(duplicateRate),
                BadRowRate = parse.GetValue(badRowRate),
                Gzip = parse.GetValue(gzip),
            };
            try { options.Validate(); }
            catch (ArgumentException ex) { throw new UsageException(ex.Message.Split(" (Parameter")[0]); }

            var directory = parse.GetValue(outDir)!;
            var clock = Stopwatch.StartNew();
            // The \r progress line only on a terminal: redirected output gets no progress at all.
            bool interactive = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected && !parse.GetValue(quiet);
            var progress = interactive
                ? new SynchronousProgress(rows => error.Write(string.Create(CultureInfo.InvariantCulture, $"\rgenerate: {rows:N0} / {options.Cdrs:N0} rows")))
                : null;
            var summary = WorldGenerator.Write(options, new DirectoryWorldOutput(directory.FullName), progress);
            if (interactive) error.WriteLine();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Wrote {summary.Rows:N0} CDR rows ({summary.DuplicateRows:N0} duplicates, {summary.BadRows:N0} malformed), {summary.Groups:N0} groups ({summary.ScoredGroups:N0} scored), {summary.RosterRows:N0} roster rows ({summary.FakeMembers:N0} fake), {summary.CompetitorEmployees:N0} competitor employees, {summary.Migrations:N0} migrations to {directory.FullName} in {clock.Elapsed.TotalSeconds:0.0} s."));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and print out of order).</summary>
    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
