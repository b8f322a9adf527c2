using System.CommandLine;

namespace CallGraph.Cli.Commands;

/// <summary><c>callgraph inspect</c>: what is in a CDR dump (placeholder until the reader lands).</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var cdr = new Option<FileInfo[]>("--cdr") { Description = "CDR files (CSV/TSV, .gz allowed).", Required = true, AllowMultipleArgumentsPerToken = true };
        var command = new Command("inspect", "Report rows read, accepted, rejected by reason, duplicates, time range and number mix of CDR files.");
        command.Options.Add(cdr);
        command.SetAction(parse =>
        {
            parse.InvocationConfiguration.Output.WriteLine("not implemented yet");
            return 0;
        });
        return command;
    }
}
