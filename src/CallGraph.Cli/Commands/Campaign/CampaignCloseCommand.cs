using System.CommandLine;
using CallGraph.Cli.Infrastructure;

namespace CallGraph.Cli.Commands;

/// <summary><c>callgraph campaign close</c>: stop a campaign taking targets and release its numbers to other campaigns.</summary>
internal static class CampaignCloseCommand
{
    public static Command Create()
    {
        var db = CampaignCli.DatabaseOption();
        var campaign = CampaignCli.CampaignOption();
        var command = new Command("close", "Close a campaign: no new targets; its numbers may be targeted by other campaigns. Feedback is still accepted.")
        { db, campaign };
        command.SetAction(parse => CampaignCli.Run(parse, db, (workflow, stdout) =>
        {
            var closed = workflow.Close(parse.GetValue(campaign), CampaignCli.Actor);
            stdout.WriteLine($"campaign {closed.Id} closed");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
