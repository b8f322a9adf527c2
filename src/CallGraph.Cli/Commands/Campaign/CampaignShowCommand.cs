using System.CommandLine;
using System.Globalization;
using CallGraph.Campaigns;
using CallGraph.Campaigns.Reporting;
using CallGraph.Cli.Infrastructure;

namespace CallGraph.Cli.Commands;

/// <summary><c>callgraph campaign show</c>: one campaign's details, counts by outcome, and optionally its audit trail.</summary>
internal static class CampaignShowCommand
{
    public static Command Create()
    {
        var db = CampaignCli.DatabaseOption();
        var campaign = CampaignCli.CampaignOption();
        var audit = new Option<bool>("--audit") { Description = "Also print the audit trail (who changed what, when)." };
        var command = new Command("show", "Show a campaign: details, target counts by outcome, optionally the audit trail.") { db, campaign, audit };
        command.SetAction(parse => CampaignCli.Run(parse, db, (workflow, stdout) =>
        {
            long id = parse.GetValue(campaign);
            var summary = workflow.Summary(id);
            var c = summary.Campaign;
            var targets = workflow.GetTargets(id);
            stdout.WriteLine($"id: {c.Id.ToString(CultureInfo.InvariantCulture)}");
            stdout.WriteLine($"name: {DisplayText.Escape(c.Name)}");
            stdout.WriteLine($"status: {(c.Status == CampaignStatus.Open ? "open" : "closed")}");
            stdout.WriteLine($"budget: {c.Budget?.ToString("0.00", CultureInfo.InvariantCulture) ?? "-"}");
            stdout.WriteLine($"starts: {CampaignListCommand.Day(c.StartsOn)}");
            stdout.WriteLine($"ends: {CampaignListCommand.Day(c.EndsOn)}");
            stdout.WriteLine($"created: {c.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)} by {DisplayText.Escape(c.CreatedBy)}");
            stdout.WriteLine($"targets: {CampaignCli.Count(summary.Targets)} ({CampaignCli.Count(summary.Assigned)} assigned)");
            foreach (var outcome in Enum.GetValues<TargetOutcome>())
                stdout.WriteLine($"  {Outcomes.ToText(outcome)}: {CampaignCli.Count(targets.Count(t => t.Outcome == outcome))}");
            if (parse.GetValue(audit))
            {
                stdout.WriteLine();
                var rows = workflow.GetAudit(id).Select(a => (IReadOnlyList<string>)
                [
                    a.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), a.Actor, a.Action, a.Msisdn ?? "-", a.Detail,
                ]).ToList();
                TextTable.Write(stdout, ["at", "actor", "action", "msisdn", "detail"], rows);
            }
            return ExitCodes.Ok;
        }, readOnly: true));
        return command;
    }
}
