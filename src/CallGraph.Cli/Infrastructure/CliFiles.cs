namespace CallGraph.Cli.Infrastructure;

/// <summary>Opening the side files commands take (rosters, tables, surveys), with one message when one is missing.</summary>
internal static class CliFiles
{
    public static StreamReader OpenText(FileInfo file)
    {
        if (!file.Exists) throw new FileNotFoundException($"{file.FullName}: no such file", file.FullName);
        return new StreamReader(file.FullName);
    }

    /// <summary>Reads a <c>group_id,competitor_members</c> survey.</summary>
    public static IReadOnlyList<CallGraph.Calibration.SurveyRow> ReadSurvey(FileInfo file)
    {
        using var reader = OpenText(file);
        return CallGraph.Calibration.CoefficientCalibration.ReadSurvey(reader, file.FullName);
    }
}
