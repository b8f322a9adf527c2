namespace CallGraph.Cli.Infrastructure;

/// <summary>The process exit codes the README promises.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int BadInput = 1;
    public const int Usage = 2;
}

/// <summary>Raised by a command for a usage problem the parser cannot see (e.g. two options that conflict).</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>Maps failures to one clear line and an exit code; anything unexpected keeps its stack trace.</summary>
internal static class CliErrors
{
    public static bool TryDescribe(Exception ex, out int code, out string message)
    {
        switch (ex)
        {
            case UsageException:
                code = ExitCodes.Usage; message = ex.Message; return true;
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
