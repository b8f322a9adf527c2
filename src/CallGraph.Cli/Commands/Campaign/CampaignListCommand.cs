using System.CommandLine;
using System.Globalization;
using CallGraph.Campaigns;
using CallGraph.Campaigns.Reporting;
using CallGraph.Cli.Infrastructure;

namespace CallGraph.Cli.Commands;

/// <summary><c>callgraph campaign list</c>: every campaign with its headline counts.</summary>
internal static class CampaignListCommand
{
    public static Command Create()
    {
        var db = CampaignCli.DatabaseOption();
        var command = new Command("list", "List campaigns: id, name, status, dates, budget, targets, assigned, contacted, won.") { db };
        command.SetAction(parse => CampaignCli.Run(parse, db, (workflow, stdout) =>
        {
            var rows = workflow.List().Select(s => (IReadOnlyList<string>)
            [
                s.Campaign.Id.ToString(CultureInfo.InvariantCulture), s.Campaign.Name,
                s.Campaign.Status == CampaignStatus.Open ? "open" : "closed",
                Day(s.Campaign.StartsOn), Day(s.Campaign.EndsOn),
                s.Campaign.Budget?.ToString("0.00", CultureInfo.InvariantCulture) ?? "-",
                CampaignCli.Count(s.Targets), CampaignCli.Count(s.Assigned), CampaignCli.Count(s.Contacted), CampaignCli.Count(s.Won),
            ]).ToList();
            TextTable.Write(stdout, ["id", "name", "status", "starts", "ends", "budget", "targets", "assigned", "contacted", "won"], rows);
            return ExitCodes.Ok;
        }, readOnly: true));
        return command;
    }

    internal static string Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-";
}
