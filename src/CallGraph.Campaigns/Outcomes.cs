namespace CallGraph.Campaigns;

/// <summary>The text forms of <see cref="TargetOutcome"/> used in files, the store and reports.</summary>
public static class Outcomes
{
    /// <summary>The lower-case name: none, pending, won, lost, unreachable.</summary>
    public static string ToText(TargetOutcome outcome) => outcome switch
    {
        TargetOutcome.None => "none",
        TargetOutcome.Pending => "pending",
        TargetOutcome.Won => "won",
        TargetOutcome.Lost => "lost",
        TargetOutcome.Unreachable => "unreachable",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    /// <summary>Parses an outcome a person can report (won, lost, pending, unreachable; any case).</summary>
    public static bool TryParseReported(string text, out TargetOutcome outcome)
    {
        outcome = text.Trim().ToLowerInvariant() switch
        {
            "pending" => TargetOutcome.Pending,
            "won" => TargetOutcome.Won,
            "lost" => TargetOutcome.Lost,
            "unreachable" => TargetOutcome.Unreachable,
            _ => TargetOutcome.None,
        };
        return outcome != TargetOutcome.None;
    }

    /// <summary>Contacted means an attempt was made and recorded: anything but none and pending.</summary>
    public static bool IsContacted(TargetOutcome outcome) =>
        outcome is TargetOutcome.Won or TargetOutcome.Lost or TargetOutcome.Unreachable;

    internal static TargetOutcome FromStored(string? text) => text switch
    {
        null => TargetOutcome.None,
        _ when TryParseReported(text, out var o) => o,
        _ => throw new InvalidDataException($"unknown outcome '{text}' in the store"),
    };
}
