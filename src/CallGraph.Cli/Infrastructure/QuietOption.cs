using System.CommandLine;

namespace CallGraph.Cli.Infrastructure;

/// <summary>
/// <c>--quiet</c> on the long-running commands: no progress and no summary lines on stdout, for scripts and
/// schedulers. Errors and warnings still go to stderr, and the exit code says how the run ended.
/// </summary>
internal static class QuietOption
{
    public static Option<bool> Create() => Create("No progress and no summary lines; errors and warnings still go to stderr.");

    /// <summary>For a command whose stdout is its product (inspect, evaluate): --quiet only drops the progress.</summary>
    public static Option<bool> ProgressOnly() => Create("No progress on stderr; the report still goes to stdout, errors and warnings to stderr.");

    private static Option<bool> Create(string description) => new("--quiet", "-q") { Description = description };

    /// <summary>Where the command's summary lines go: stdout, or nowhere under <c>--quiet</c>.</summary>
    public static TextWriter SummaryWriter(ParseResult parse, Option<bool> quiet) =>
        parse.GetValue(quiet) ? TextWriter.Null : parse.InvocationConfiguration.Output;
}
