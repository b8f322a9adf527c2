using System.CommandLine;
using System.Globalization;
using CallGraph.Campaigns;
using CallGraph.Cli.Infrastructure;

namespace CallGraph.Cli.Commands;

/// <summary><c>callgraph campaign create</c>: a new open campaign; prints its id.</summary>
internal static class CampaignCreateCommand
{
    public static Command Create()
    {
        var db = CampaignCli.DatabaseOption();
        var name = new Option<string>("--name") { Description = "The campaign's name.", Required = true };
        var budget = new Option<string?>("--budget") { Description = "Planned spend (e.g. 50000)." };
        var starts = new Option<string?>("--starts") { Description = "First day, yyyy-MM-dd." };
        var ends = new Option<string?>("--ends") { Description = "Last day, yyyy-MM-dd." };
        var command = new Command("create", "Create a campaign and print its id.") { db, name, budget, starts, ends };
        command.SetAction(parse =>
        {
            var draft = new CampaignDraft(
                parse.GetValue(name)!,
                parse.GetValue(budget) is { } b ? CampaignCli.ParseAmount(b, "--budget") : null,
                CampaignCli.ParseDay(parse.GetValue(starts), "--starts"),
                CampaignCli.ParseDay(parse.GetValue(ends), "--ends"));
            if (string.IsNullOrWhiteSpace(draft.Name)) throw new UsageException("--name cannot be empty");
            if (draft.StartsOn is { } s && draft.EndsOn is { } e && e < s) throw new UsageException("--ends is before --starts");
            return CampaignCli.Run(parse, db, (workflow, stdout) =>
            {
                var campaign = workflow.Create(draft, CampaignCli.Actor);
                stdout.WriteLine(campaign.Id.ToString(CultureInfo.InvariantCulture));
                return ExitCodes.Ok;
            }, createStore: true);
        });
        return command;
    }
}
