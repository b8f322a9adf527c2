namespace CallGraph.Cli.Infrastructure;

/// <summary>Opening the side files commands take (rosters, tables, surveys), with one message when one is missing.</summary>
internal static class CliFiles
{
    /// <summary>Fails with one clear line when <paramref name="file"/> is a folder or does not exist.</summary>
    public static void RequireFile(FileInfo file)
    {
        if (Directory.Exists(file.FullName)) throw new InvalidDataException($"{file.FullName} is a folder, not a file");
        if (!file.Exists) throw new FileNotFoundException($"{file.FullName}: no such file", file.FullName);
    }

    public static StreamReader OpenText(FileInfo file)
    {
        RequireFile(file);
        return new StreamReader(file.FullName);
    }

    /// <summary>Reads a <c>group_id,competitor_members</c> survey.</summary>
    public static IReadOnlyList<CallGraph.Calibration.SurveyRow> ReadSurvey(FileInfo file)
    {
        using var reader = OpenText(file);
        return CallGraph.Calibration.CoefficientCalibration.ReadSurvey(reader, file.FullName);
    }
}
