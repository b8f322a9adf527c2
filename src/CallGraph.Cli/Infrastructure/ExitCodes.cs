namespace CallGraph.Cli.Infrastructure;

/// <summary>The process exit codes the README promises.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int BadInput = 1;
    public const int Usage = 2;
    public const int Cancelled = 130;
}

/// <summary>Raised by a command for a usage problem the parser cannot see (e.g. two options that conflict).</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>Maps failures to one clear line and an exit code; anything unexpected keeps its stack trace.</summary>
internal static class CliErrors
{
    /// <summary>The command-line option that sets each library option property (for <see cref="InvalidOptionException"/>).</summary>
    private static readonly Dictionary<string, string> OptionNames = new(StringComparer.Ordinal)
    {
        ["GenuineThreshold"] = "--genuine-threshold",
        ["FakeThreshold"] = "--fake-threshold",
        ["MinActiveEvents"] = "--min-active-events",
        ["MinGroupSize"] = "--min-group-size",
        ["EmployeeLikelihoodThreshold"] = "--employee-threshold",
        ["ProspectThreshold"] = "--prospect-threshold",
        ["ProspectBase"] = "--prospect-base",
        ["Coefficient"] = "--coefficient",
        ["AlertDropPoints"] = "--alert-drop",
        ["Threads"] = "--threads",
        ["WorkdayStartHour"] = "--workday",
        ["WorkdayEndHour"] = "--workday",
        ["DuplicateWindowDays"] = "--dedup-window",
        ["From"] = "--from",
        ["To"] = "--to",
        ["Delimiter"] = "--delimiter",
        ["Period"] = "--period",
        ["EarliestYear"] = "--plausible-years",
        ["LatestYear"] = "--plausible-years",
    };

    /// <summary>The command-line name of a library option property (the property's name when no option sets it).</summary>
    public static string OptionName(string? property) =>
        property is not null && OptionNames.TryGetValue(property, out string? name) ? name : property ?? "an option";

    public static bool TryDescribe(Exception ex, out int code, out string message)
    {
        // A failure inside parallel work: describe it as the first failure that can be described.
        if (ex is AggregateException aggregate)
        {
            foreach (var inner in aggregate.Flatten().InnerExceptions)
                if (TryDescribe(inner, out code, out message)) return true;
            code = 0; message = string.Empty; return false;
        }
        switch (ex)
        {
            case UsageException:
                code = ExitCodes.Usage; message = ex.Message; return true;
            case InvalidOptionException option:
                code = ExitCodes.Usage; message = $"{OptionName(option.ParamName)} {option.Reason}"; return true;
            case OperationCanceledException:
                code = ExitCodes.Cancelled; message = "cancelled; no output was written"; return true;
            case CallGraph.Ingest.DataException:
            case InvalidDataException:
            case FileNotFoundException:
            case DirectoryNotFoundException:
            case UnauthorizedAccessException:
            case IOException:
                code = ExitCodes.BadInput; message = ex.Message; return true;
            default:
                code = 0; message = string.Empty; return false;
        }
    }
}
