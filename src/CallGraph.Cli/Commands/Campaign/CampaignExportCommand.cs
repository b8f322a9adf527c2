using System.CommandLine;
using CallGraph.Campaigns.Reporting;
using CallGraph.Cli.Infrastructure;

namespace CallGraph.Cli.Commands;

/// <summary><c>callgraph campaign export</c>: the targets with assignment and outcome, as CSV.</summary>
internal static class CampaignExportCommand
{
    public static Command Create()
    {
        var db = CampaignCli.DatabaseOption();
        var campaign = CampaignCli.CampaignOption();
        var output = new Option<FileInfo>("--out") { Description = "The CSV file to write.", Required = true };
        var command = new Command("export", "Write the campaign's targets (" + string.Join(",", TargetExport.Columns) + ") as CSV, best targets first.")
        { db, campaign, output };
        command.SetAction(parse => CampaignCli.Run(parse, db, (workflow, stdout) =>
        {
            var targets = workflow.GetTargets(parse.GetValue(campaign));
            var file = parse.GetValue(output)!;
            CampaignFiles.WriteAtomically(file.FullName, writer => TargetExport.Write(writer, targets));
            stdout.WriteLine($"wrote {CampaignCli.Count(targets.Count)} targets to {file}");
            return ExitCodes.Ok;
        }, readOnly: true));
        return command;
    }
}
