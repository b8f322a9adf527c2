using System.CommandLine;
using CallGraph.Campaigns;
using CallGraph.Cli.Infrastructure;

namespace CallGraph.Cli.Commands;

/// <summary><c>callgraph campaign assign</c>: give unassigned targets to account managers.</summary>
internal static class CampaignAssignCommand
{
    public static Command Create()
    {
        var db = CampaignCli.DatabaseOption();
        var campaign = CampaignCli.CampaignOption();
        var groups = new Option<FileInfo?>("--groups") { Description = "The groups file (group_id,name,branch,account_manager[,industry])." };
        var strategy = new Option<string>("--strategy")
        {
            Description = "account-manager: each target to its group's manager; round-robin: targets dealt to the managers in turn.",
            Required = true,
        };
        strategy.AcceptOnlyFromAmong("account-manager", "round-robin");
        var managers = new Option<string?>("--managers") { Description = "Comma-separated managers: the round-robin order, or the only managers account-manager may use." };
        var capacity = new Option<int?>("--capacity") { Description = "At most this many targets per manager; the rest stay unassigned." };
        var command = new Command("assign", "Assign the campaign's unassigned targets to account managers, best targets first.")
        { db, campaign, groups, strategy, managers, capacity };
        command.SetAction(parse =>
        {
            var kind = parse.GetValue(strategy) == "round-robin" ? AssignmentStrategy.RoundRobin : AssignmentStrategy.AccountManager;
            var managerList = parse.GetValue(managers)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (managerList is { Length: 0 }) throw new UsageException("--managers names no manager");
            if (parse.GetValue(capacity) is < 1) throw new UsageException("--capacity must be at least 1");
            var groupFile = parse.GetValue(groups);
            if (groupFile is null && kind == AssignmentStrategy.AccountManager) throw new UsageException("--strategy account-manager needs --groups FILE");
            if (groupFile is null && managerList is null) throw new UsageException("--strategy round-robin needs --managers or --groups FILE");
            var groupMap = groupFile is null ? null : CampaignCli.ReadGroups(groupFile);
            var plan = new AssignmentPlan(kind, managerList, parse.GetValue(capacity));

            return CampaignCli.Run(parse, db, (workflow, stdout) =>
            {
                var result = workflow.Assign(parse.GetValue(campaign), plan, groupMap, CampaignCli.Actor);
                stdout.WriteLine($"assigned {CampaignCli.Count(result.Assigned.Count)}, unassigned {CampaignCli.Count(result.Unassigned.Count)}");
                foreach (var u in result.Unassigned)
                {
                    string why = u.Reason switch
                    {
                        UnassignedReason.UnknownGroup => "group not in the groups file",
                        UnassignedReason.NoAccountManager => "group has no account manager",
                        UnassignedReason.ManagerNotListed => $"manager {DisplayText.Escape(u.Manager!)} not in --managers",
                        _ => u.Manager is null ? "every manager at capacity" : $"manager {DisplayText.Escape(u.Manager)} at capacity",
                    };
                    stdout.WriteLine($"unassigned {u.Msisdn}: {why}");
                }
                return ExitCodes.Ok;
            });
        });
        return command;
    }
}
