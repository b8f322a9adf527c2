using System.CommandLine;
using System.Globalization;
using CallGraph.Aggregation;
using CallGraph.Analysis;
using CallGraph.Calibration;
using CallGraph.Cli.Infrastructure;
using CallGraph.Parquet;

namespace CallGraph.Cli.Commands;

/// <summary>
/// <c>callgraph aggregate</c>: the heavy step alone, for one shard of a dump (a day, a file): reads the CDRs and writes
/// their partial aggregate (<c>.cga</c>), which <c>analyze --aggregates</c> merges exactly with the other shards'.
/// </summary>
internal static class AggregateCommand
{
    public static Command Create()
    {
        var inputs = new AnalysisInputOptions(analysis: false);
        var output = new Option<FileInfo>("--out") { Description = "The partial aggregate file to write (.cga, Parquet); an existing file is replaced only when the run succeeds.", Required = true };
        var quiet = QuietOption.Create();
        var command = new Command("aggregate", "Read CDRs and write their partial aggregate (.cga): pair, cell and profile rows per member number and the read's counts. Merge shards with `analyze --aggregates`.");
        inputs.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(quiet);
        command.SetAction(parse =>
        {
            var input = inputs.Build(parse);
            var target = parse.GetValue(output)!;
            var stderr = parse.InvocationConfiguration.Error;
            var progress = ProgressReporter.For(stderr, parse.GetValue(quiet));
            EngineAggregation done;
            using var rejects = inputs.Reading.OpenRejects(parse);
            try
            {
                done = CallGraphPipeline.Aggregate(input.Cdrs, input.Roster, input.Plan, input.Options, rejects?.Writer, progress, CliCancellation.Token);
            }
            finally
            {
                progress.Finish();
            }
            AtomicFile.Write(target.FullName, stream => PartialAggregateFile.Write(stream, done.Aggregate, done.Ingest, input.Plan, input.Options.Aggregation, CliCancellation.Token));
            rejects?.Commit();

            var i = done.Ingest;
            var o = QuietOption.SummaryWriter(parse, quiet);
            var ci = CultureInfo.InvariantCulture;
            o.WriteLine(string.Format(ci, "rows read {0:N0}: accepted {1:N0}, rejected {2:N0}, duplicates {3:N0}, outside window {4:N0}", i.RowsRead, i.Accepted, i.Rejected, i.Duplicates, i.OutsideWindow));
            o.WriteLine(string.Format(ci, "{0:N0} pairs, {1:N0} CDRs touching members; written {2}", done.Aggregate.PairCount, done.Aggregate.CdrsTouchingMembers, target.FullName));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// <c>analyze --aggregates</c>: merges the files into the aggregate of all of them and runs the analysis on it, as
    /// the run over their CDRs would. Periods need the CDRs, so <c>--period</c> is refused before anything is read.
    /// </summary>
    internal static CallGraphRun AnalyzeMerged(AnalysisInputOptions.Inputs input, CallGraphOptions options, IReadOnlyList<SurveyRow>? survey, IReadOnlyList<MemberLabel>? labels)
    {
        if (options.Period != PeriodScheme.None)
            throw new UsageException("--period needs the CDRs: a partial aggregate covers its whole read; analyze the CDRs with --cdr for periods");
        var merged = PartialAggregateFile.Merge(input.Aggregates, input.Roster, input.Plan, options.Aggregation, CliCancellation.Token);
        return CallGraphPipeline.Run(merged.Aggregate, merged.Ingest, input.Plan, options, input.Groups, survey, labels);
    }
}
