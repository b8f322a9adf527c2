using System.CommandLine;
using CallGraph.Campaigns;
using CallGraph.Campaigns.Input;
using CallGraph.Cli.Infrastructure;

namespace CallGraph.Cli.Commands;

/// <summary><c>callgraph campaign select</c>: add prospects to a campaign as targets.</summary>
internal static class CampaignSelectCommand
{
    public static Command Create()
    {
        var db = CampaignCli.DatabaseOption();
        var campaign = CampaignCli.CampaignOption();
        var prospects = new Option<FileInfo>("--prospects") { Description = "prospects.csv from the analysis.", Required = true };
        var minShare = new Option<double?>("--min-share") { Description = "Only prospects with member_share at least this (0..1)." };
        var minMembers = new Option<int?>("--min-members") { Description = "Only prospects that contacted at least this many members." };
        var op = new Option<string?>("--operator") { Description = "Only prospects on this operator." };
        var group = new Option<string?>("--group") { Description = "Only prospects of this group id." };
        var branch = new Option<string?>("--branch") { Description = "Only prospects of groups in this branch (needs --groups)." };
        var groups = new Option<FileInfo?>("--groups") { Description = "The groups file (group_id,name,branch,account_manager[,industry])." };
        var excludeWon = new Option<bool>("--exclude-won") { Description = "Leave out numbers already won in any campaign." };
        var limit = new Option<int?>("--limit") { Description = "Add at most this many targets." };
        var command = new Command("select", "Add prospects as targets, best first (member_share desc, members_contacted desc, msisdn). " +
            "Numbers already targeted by another open campaign are skipped and listed.")
        { db, campaign, prospects, minShare, minMembers, op, group, branch, groups, excludeWon, limit };
        command.SetAction(parse =>
        {
            if (parse.GetValue(minShare) is { } s && (s < 0 || s > 1)) throw new UsageException("--min-share must be between 0 and 1");
            if (parse.GetValue(minMembers) is < 0) throw new UsageException("--min-members cannot be negative");
            if (parse.GetValue(limit) is < 0) throw new UsageException("--limit cannot be negative");
            if (parse.GetValue(branch) is not null && parse.GetValue(groups) is null) throw new UsageException("--branch needs --groups FILE");
            var criteria = new TargetCriteria(parse.GetValue(minShare), parse.GetValue(minMembers), parse.GetValue(op),
                parse.GetValue(group), parse.GetValue(branch), parse.GetValue(excludeWon), parse.GetValue(limit));

            var prospectFile = parse.GetValue(prospects)!;
            IReadOnlyList<Prospect> list;
            using (var reader = CampaignCli.OpenText(prospectFile)) list = ProspectFile.Read(reader, prospectFile.ToString());
            var groupMap = parse.GetValue(groups) is { } g ? CampaignCli.ReadGroups(g) : null;

            return CampaignCli.Run(parse, db, (workflow, stdout) =>
            {
                var result = workflow.Select(parse.GetValue(campaign), list, criteria, CampaignCli.Actor, groupMap);
                stdout.WriteLine($"added {CampaignCli.Count(result.Added.Count)}, skipped {CampaignCli.Count(result.Skipped.Count)} (matched {CampaignCli.Count(result.Matched)})");
                foreach (var skip in result.Skipped)
                {
                    string why = skip.Reason == SkipReason.InOtherOpenCampaign
                        ? $"already targeted by open campaign {skip.CampaignId}"
                        : "already in this campaign";
                    stdout.WriteLine($"skipped {skip.Msisdn}: {why}");
                }
                return ExitCodes.Ok;
            });
        });
        return command;
    }
}
