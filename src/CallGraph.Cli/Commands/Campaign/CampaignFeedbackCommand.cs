using System.CommandLine;
using System.Globalization;
using CallGraph.Campaigns;
using CallGraph.Campaigns.Input;
using CallGraph.Cli.Infrastructure;
using CallGraph.Numbers;

namespace CallGraph.Cli.Commands;

/// <summary><c>callgraph campaign feedback</c>: record outcomes, from a file (one transaction) or for one target.</summary>
internal static class CampaignFeedbackCommand
{
    /// <summary>
    /// Test hook: milliseconds to sleep inside the import transaction after the second entry, so tests can
    /// overlap two importers or kill one mid-import. Never set in normal use.
    /// </summary>
    public const string PauseVariable = "CALLGRAPH_TEST_PAUSE_IMPORT_MS";

    public static Command Create()
    {
        var db = CampaignCli.DatabaseOption();
        var campaign = CampaignCli.CampaignOption();
        var file = new Option<FileInfo?>("--file") { Description = "Feedback CSV: msisdn,outcome,revenue,cost[,note]. All rows or none are recorded." };
        var msisdn = new Option<string?>("--msisdn") { Description = "One target's number (instead of --file)." };
        var outcome = new Option<string?>("--outcome") { Description = "won, lost, pending or unreachable (with --msisdn)." };
        outcome.AcceptOnlyFromAmong("won", "lost", "pending", "unreachable");
        var revenue = new Option<string?>("--revenue") { Description = "Revenue from the target (with --msisdn)." };
        var cost = new Option<string?>("--cost") { Description = "Cost of working the target (with --msisdn)." };
        var note = new Option<string?>("--note") { Description = "Free text (with --msisdn)." };
        var command = new Command("feedback", "Record outcomes, revenue and cost. Re-importing the same file changes nothing.")
        { db, campaign, file, msisdn, outcome, revenue, cost, note };
        command.SetAction(parse =>
        {
            IReadOnlyList<FeedbackEntry> entries;
            var feedbackFile = parse.GetValue(file);
            bool single = parse.GetValue(msisdn) is not null || parse.GetValue(outcome) is not null || parse.GetValue(revenue) is not null
                || parse.GetValue(cost) is not null || parse.GetValue(note) is not null;
            if (feedbackFile is not null && single) throw new UsageException("give either --file or --msisdn/--outcome/--revenue/--cost, not both");
            if (feedbackFile is not null)
            {
                using var reader = CampaignCli.OpenText(feedbackFile);
                entries = FeedbackFile.Read(reader, feedbackFile.ToString());
            }
            else if (single)
            {
                entries = [SingleEntry(parse.GetValue(msisdn), parse.GetValue(outcome), parse.GetValue(revenue), parse.GetValue(cost), parse.GetValue(note))];
            }
            else throw new UsageException("give --file FILE, or --msisdn, --outcome, --revenue and --cost");

            return CampaignCli.Run(parse, db, (workflow, stdout) =>
            {
                var stderr = parse.InvocationConfiguration.Error;
                var result = workflow.RecordFeedback(parse.GetValue(campaign), entries, CampaignCli.Actor, PauseHook(entries.Count, stderr));
                stdout.WriteLine($"changed {CampaignCli.Count(result.Changed)}, unchanged {CampaignCli.Count(result.Unchanged)}");
                return ExitCodes.Ok;
            });
        });
        return command;
    }

    private static FeedbackEntry SingleEntry(string? msisdn, string? outcome, string? revenue, string? cost, string? note)
    {
        if (msisdn is null || outcome is null || revenue is null || cost is null)
            throw new UsageException("--msisdn needs --outcome, --revenue and --cost");
        string id;
        if (NumberNormalizer.TryNormalize(msisdn.AsSpan(), out var number, out var error)) id = number.CanonicalText();
        else if (SubscriberIds.LooksLikeToken(msisdn)) id = msisdn.Trim(); // a subscriber id of an --ids opaque run
        else throw new UsageException($"--msisdn '{msisdn}' is not a phone number or subscriber id ({error})");
        _ = Outcomes.TryParseReported(outcome, out var parsed); // --outcome accepts only the reported outcomes (AcceptOnlyFromAmong)
        return new FeedbackEntry(id, parsed, CampaignCli.ParseAmount(revenue, "--revenue"), CampaignCli.ParseAmount(cost, "--cost"), note);
    }

    private static Action<int>? PauseHook(int entryCount, TextWriter stderr)
    {
        string? text = Environment.GetEnvironmentVariable(PauseVariable);
        if (string.IsNullOrEmpty(text) || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int ms) || ms <= 0) return null;
        int pauseAfter = Math.Min(2, entryCount);
        return applied =>
        {
            if (applied != pauseAfter) return;
            // The marker tells a waiting test that the transaction is open and rows are written.
            stderr.WriteLine($"{PauseVariable}: paused inside the import transaction after {applied} entries");
            stderr.Flush();
            Thread.Sleep(ms);
        };
    }
}
