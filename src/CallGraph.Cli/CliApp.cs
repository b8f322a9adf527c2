using System.CommandLine;
using System.Reflection;
using System.CommandLine.Invocation;
using CallGraph.Cli.Commands;
using CallGraph.Cli.Infrastructure;

namespace CallGraph.Cli;

/// <summary>Builds the command tree and runs it; the only place that turns failures into exit codes.</summary>
internal static class CliApp
{
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("Mine call detail records for group customers: fake members, competitor prospects, market share, campaigns.");
        // One line per command; each command lives in Commands/.
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(AnalyzeCommand.Create());
        root.Subcommands.Add(AggregateCommand.Create());
        root.Subcommands.Add(CalibrateCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(CampaignCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(ExportGraphCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        ValueParsers.Apply(root);
        // The built-in --version prints the entry assembly's version, which is the test host's under a test runner.
        foreach (var version in root.Options.OfType<VersionOption>()) version.Action = new PrintVersion();
        return root;
    }

    /// <summary>This tool's informational version (e.g. 0.1.0+commit), whoever hosts it.</summary>
    public static string Version =>
        typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(CliApp).Assembly.GetName().Version?.ToString() ?? "unknown";

    private sealed class PrintVersion : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(Version);
            return ExitCodes.Ok;
        }
    }

    /// <summary>
    /// System.CommandLine's own report of a command line it cannot parse, on stderr: its errors, each as one
    /// "callgraph: " line, then its typo suggestions ("'analyz' was not matched. Did you mean one of the
    /// following?" and the candidates; it writes those to the output), every line made safe for the terminal;
    /// then a pointer to the help, and exit 2.
    /// </summary>
    private static int ReportParseErrors(ParseResult parse, TextWriter stderr)
    {
        if (parse.Action is ParseErrorAction action)
        {
            action.ShowHelp = false; // the full help buries the error; the last line points at it
            action.ShowTypoCorrections = true;
        }
        var errors = new StringWriter { NewLine = "\n" };
        var suggestions = new StringWriter { NewLine = "\n" };
        parse.Invoke(new InvocationConfiguration { Output = suggestions, Error = errors, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
        foreach (string line in Lines(errors)) stderr.WriteLine("callgraph: " + TerminalText.Safe(line));
        foreach (string line in Lines(suggestions)) stderr.WriteLine(TerminalText.Safe(line));
        stderr.WriteLine($"Try '{CommandPath(parse.CommandResult)} --help'.");
        return ExitCodes.Usage;

        static IEnumerable<string> Lines(StringWriter w) =>
            w.ToString().Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0);
    }

    /// <summary>The command as typed, from the root: "callgraph campaign create".</summary>
    private static string CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new List<string>();
        for (var r = result; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
            names.Add(r.Parent is null ? "callgraph" : r.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }

    /// <summary>Runs a command line; <paramref name="cancellationToken"/> stands in for Ctrl-C/SIGTERM (which are handled too).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var root = BuildRoot();
        var parse = root.Parse(args);
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        if (parse.Errors.Count > 0) return ReportParseErrors(parse, stderr);
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
