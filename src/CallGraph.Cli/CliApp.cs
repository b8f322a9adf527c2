using System.CommandLine;
using CallGraph.Cli.Commands;
using CallGraph.Cli.Infrastructure;

namespace CallGraph.Cli;

/// <summary>Builds the command tree and runs it; the only place that turns failures into exit codes.</summary>
internal static class CliApp
{
    public static Command BuildRoot()
    {
        // A plain command named "callgraph" rather than RootCommand, whose name would be the assembly's
        // (CallGraph.Cli); help and version are added by hand.
        var root = new Command("callgraph", "Mine call detail records for group customers: fake members, competitor prospects, market share, campaigns.");
        root.Options.Add(new System.CommandLine.Help.HelpOption());
        root.Options.Add(new VersionOption());
        // One line per command; each command lives in Commands/.
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(AnalyzeCommand.Create());
        root.Subcommands.Add(CalibrateCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(CampaignCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(ExportGraphCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        return root;
    }

    /// <summary>Runs a command line; <paramref name="cancellationToken"/> stands in for Ctrl-C/SIGTERM (which are handled too).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var root = BuildRoot();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) stderr.WriteLine($"callgraph: {TerminalText.Safe(error.Message)}");
            stderr.WriteLine("Try 'callgraph --help'.");
            return ExitCodes.Usage;
        }
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        using var signals = CliCancellation.Install(cancellationToken);
        try
        {
            return parse.Invoke(config);
        }
        catch (Exception ex) when (CliErrors.TryDescribe(ex, out int code, out string message))
        {
            stderr.WriteLine($"callgraph: {TerminalText.Safe(message)}");
            return code;
        }
    }
}
