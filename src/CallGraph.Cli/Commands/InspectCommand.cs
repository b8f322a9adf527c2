using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CallGraph.Cli.Infrastructure;
using CallGraph.Ingest;

namespace CallGraph.Cli.Commands;

/// <summary><c>callgraph inspect</c>: what is in a CDR dump, and how fast it reads.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var cdr = new Option<FileInfo[]>("--cdr") { Description = "CDR files (CSV/TSV, .gz allowed).", Required = true, AllowMultipleArgumentsPerToken = true };
        var reading = new CdrReadingOptions();
        var plan = new NumberPlanOptions();
        var json = new Option<bool>("--json") { Description = "Print one JSON object (snake_case keys) instead of text." };

        var command = new Command("inspect", "Report rows read, accepted, rejected by reason, duplicates, time range and number mix of CDR files.");
        command.Options.Add(cdr);
        reading.AddTo(command);
        plan.AddTo(command);
        command.Options.Add(json);
        var quiet = QuietOption.ProgressOnly();
        command.Options.Add(quiet);
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var options = reading.Build(parse);
            var numberPlan = plan.Build(parse);
            options = options with { Ids = numberPlan.Ids, Subscribers = numberPlan.Subscribers };
            var sources = CdrReadingOptions.Sources(parse.GetValue(cdr)!);

            var progress = ProgressReporter.For(stderr, parse.GetValue(quiet));
            IngestResult<NumberCensus> result;
            using (var rejects = reading.OpenRejects(parse))
            {
                try
                {
                    result = CdrReader.Read(sources, () => new NumberCensus(), options, rejects?.Writer, progress, CliCancellation.Token);
                }
                finally
                {
                    progress.Finish();
                }
                rejects?.Commit();
            }
            var mix = NumberCensus.Merge(result.Sinks).Classify(numberPlan);
            var summary = InspectSummary.From(result.Report, mix);
            if (parse.GetValue(json)) stdout.WriteLine(JsonSerializer.Serialize(summary, InspectSummary.Json));
            else summary.WriteText(stdout);
            return ExitCodes.Ok;
        });
        return command;
    }
}

/// <summary>What <c>inspect</c> prints; serialised as-is for <c>--json</c>.</summary>
internal sealed record InspectSummary(
    long RowsRead,
    long RowsAccepted,
    long RowsRejected,
    long Duplicates,
    long NotCheckedForDuplicates,
    long OutsideWindow,
    IReadOnlyDictionary<string, long> RejectsByReason,
    string? FirstStart,
    string? LastStart,
    long DistinctNumbers,
    long OnNet,
    long OffNet,
    long Service,
    long Unknown,
    long Bytes,
    double Seconds,
    double MbPerSecond,
    double RowsPerSecond,
    IReadOnlyList<InspectFile> Files)
{
    /// <summary>Snake-case; backed by the build-time <see cref="InspectSummaryJson"/>.</summary>
    public static JsonSerializerOptions Json => InspectSummaryJson.Default.Options;

    public static InspectSummary From(IngestReport r, NumberMix mix)
    {
        double seconds = Math.Max(r.Elapsed.TotalSeconds, 1e-6);
        return new InspectSummary(r.RowsRead, r.Accepted, r.Rejected, r.Duplicates, r.NotCheckedForDuplicates, r.OutsideWindow, r.RejectsByReason,
            Time(r.FirstStart), Time(r.LastStart), mix.Distinct, mix.OnNet, mix.OffNet, mix.Service, mix.Unknown,
            r.BytesRead, Math.Round(seconds, 3), Math.Round(r.BytesRead / 1e6 / seconds, 1), Math.Round(r.RowsRead / seconds),
            r.Files.Select(f => new InspectFile(f.Name, f.RowsRead, f.Accepted, f.Rejected, f.Duplicates, f.OutsideWindow, f.Bytes)).ToList());
    }

    private static string? Time(long? seconds) =>
        seconds is long s ? CdrClock.ToDateTime(s).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) : null;

    public void WriteText(TextWriter w)
    {
        var c = CultureInfo.InvariantCulture;
        w.WriteLine(string.Create(c, $"files             {Files.Count} ({ProgressReporter.Megabytes(Bytes)})"));
        w.WriteLine(string.Create(c, $"rows read         {RowsRead,15:N0}"));
        w.WriteLine(string.Create(c, $"accepted          {RowsAccepted,15:N0}"));
        w.WriteLine(string.Create(c, $"rejected          {RowsRejected,15:N0}"));
        foreach (var (reason, count) in RejectsByReason)
            w.WriteLine(string.Create(c, $"  {reason,-16}{count,15:N0}"));
        w.WriteLine(string.Create(c, $"duplicates        {Duplicates,15:N0}"));
        if (NotCheckedForDuplicates > 0)
            w.WriteLine(string.Create(c, $"  not checked     {NotCheckedForDuplicates,15:N0}  (older than --dedup-window; 'all' checks every row)"));
        w.WriteLine(string.Create(c, $"outside window    {OutsideWindow,15:N0}"));
        w.WriteLine(FirstStart is null ? "time range        (no accepted rows)" : $"time range        {FirstStart} .. {LastStart}");
        w.WriteLine(string.Create(c, $"distinct numbers  {DistinctNumbers,15:N0}"));
        w.WriteLine(string.Create(c, $"  on-net          {OnNet,15:N0}"));
        w.WriteLine(string.Create(c, $"  off-net         {OffNet,15:N0}"));
        w.WriteLine(string.Create(c, $"  service         {Service,15:N0}"));
        w.WriteLine(string.Create(c, $"  unknown         {Unknown,15:N0}"));
        w.WriteLine(string.Create(c, $"throughput        {MbPerSecond:N1} MB/s, {RowsPerSecond:N0} rows/s ({Seconds:0.00} s)"));
    }
}

/// <summary>Per-file counts in the <c>inspect</c> summary.</summary>
internal sealed record InspectFile(string Name, long RowsRead, long RowsAccepted, long RowsRejected, long Duplicates, long OutsideWindow, long Bytes);

/// <summary>The inspect summary's serializer, generated at build time (no reflection at run time).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(InspectSummary))]
internal sealed partial class InspectSummaryJson : JsonSerializerContext;
