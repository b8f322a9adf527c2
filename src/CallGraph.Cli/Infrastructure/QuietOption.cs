using System.CommandLine;

namespace CallGraph.Cli.Infrastructure;

/// <summary>
/// <c>--quiet</c> on the long-running commands: no progress and no summary lines on stdout, for scripts and
/// schedulers. Errors and warnings still go to stderr, and the exit code says how the run ended.
/// </summary>
internal static class QuietOption
{
    public static Option<bool> Create() => new("--quiet", "-q")
    {
        Description = "No progress and no summary lines; errors and warnings still go to stderr.",
    };

    /// <summary>Where the command's summary lines go: stdout, or nowhere under <c>--quiet</c>.</summary>
    public static TextWriter SummaryWriter(ParseResult parse, Option<bool> quiet) =>
        parse.GetValue(quiet) ? TextWriter.Null : parse.InvocationConfiguration.Output;
}
