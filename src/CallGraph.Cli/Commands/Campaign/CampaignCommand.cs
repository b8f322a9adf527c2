using CallGraph.Rosters;
using System.CommandLine;
using System.Globalization;
using CallGraph.Campaigns;
using CallGraph.Campaigns.Input;
using CallGraph.Campaigns.Storage;
using CallGraph.Cli.Infrastructure;

namespace CallGraph.Cli.Commands;

/// <summary><c>callgraph campaign …</c>: the poaching campaign workflow over a campaign store file.</summary>
internal static class CampaignCommand
{
    public static Command Create()
    {
        var command = new Command("campaign", "Run a poaching campaign: create, select targets from prospects, assign, record feedback, report.");
        command.Subcommands.Add(CampaignCreateCommand.Create());
        command.Subcommands.Add(CampaignSelectCommand.Create());
        command.Subcommands.Add(CampaignAssignCommand.Create());
        command.Subcommands.Add(CampaignFeedbackCommand.Create());
        command.Subcommands.Add(CampaignReportCommand.Create());
        command.Subcommands.Add(CampaignListCommand.Create());
        command.Subcommands.Add(CampaignShowCommand.Create());
        command.Subcommands.Add(CampaignExportCommand.Create());
        command.Subcommands.Add(CampaignCloseCommand.Create());
        return command;
    }
}

/// <summary>Options and plumbing every campaign subcommand shares.</summary>
internal static class CampaignCli
{
    public const string DefaultDatabase = "callgraph.db";

    public static Option<string> DatabaseOption() => new("--db")
    {
        Description = "The campaign store, an SQLite file (campaign create makes it if absent).",
        DefaultValueFactory = _ => DefaultDatabase,
    };

    public static Option<long> CampaignOption() => new("--campaign") { Description = "The campaign id.", Required = true };

    /// <summary>Who the audit trail names: the signed-in user.</summary>
    public static string Actor => string.IsNullOrWhiteSpace(Environment.UserName) ? "unknown" : Environment.UserName;

    /// <summary>
    /// Opens the store and runs <paramref name="body"/>. Campaign problems (unknown campaign or target, a
    /// closed campaign, a newer store) are bad input: one line on stderr and exit 1. Only <c>create</c>
    /// makes a new store file, so a mistyped --db is reported instead of silently creating an empty store.
    /// Commands that only read open the store read-only, so they work on a read-only file or folder.
    /// </summary>
    public static int Run(ParseResult parse, Option<string> database, Func<CampaignWorkflow, TextWriter, int> body,
        bool createStore = false, bool readOnly = false)
    {
        var stdout = parse.InvocationConfiguration.Output;
        var stderr = parse.InvocationConfiguration.Error;
        string path = parse.GetValue(database) ?? DefaultDatabase;
        try
        {
            if (!createStore && !File.Exists(path))
                throw new CampaignException($"{path}: no campaign store here (run 'callgraph campaign create' first, or give --db)");
            using var store = readOnly ? SqliteCampaignStore.OpenReadOnly(path) : SqliteCampaignStore.Open(path);
            return body(new CampaignWorkflow(store), stdout);
        }
        catch (CampaignException ex)
        {
            stderr.WriteLine($"callgraph: {ex.Message}");
            return ExitCodes.BadInput;
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex) when (ex.SqliteErrorCode == 8) // SQLITE_READONLY
        {
            stderr.WriteLine($"callgraph: {path}: the store is read-only here; list, show, report and export can read it, changes need write access");
            return ExitCodes.BadInput;
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            stderr.WriteLine($"callgraph: {path}: {ex.Message}");
            return ExitCodes.BadInput;
        }
    }

    public static IReadOnlyDictionary<string, GroupInfo> ReadGroups(FileInfo file)
    {
        using var reader = OpenText(file);
        return GroupFile.Read(reader, file.ToString());
    }

    public static StreamReader OpenText(FileInfo file)
    {
        if (!file.Exists) throw new FileNotFoundException($"{file}: no such file", file.FullName);
        return new StreamReader(file.FullName, detectEncodingFromByteOrderMarks: true);
    }

    public static DateOnly? ParseDay(string? text, string option)
    {
        if (text is null) return null;
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            throw new UsageException($"{option} '{text}' is not a date (yyyy-MM-dd)");
        return day;
    }

    public static decimal ParseAmount(string text, string option) =>
        Amounts.TryParse(text, out decimal value) ? value : throw new UsageException($"{option} '{text}' is not {Amounts.Expected}");

    public static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
