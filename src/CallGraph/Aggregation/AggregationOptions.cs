namespace CallGraph.Aggregation;

/// <summary>How CDRs are folded into per-member aggregates.</summary>
public sealed record AggregationOptions
{
    /// <summary>First hour of the working day (inclusive), Monday to Friday. Default 9.</summary>
    public int WorkdayStartHour { get; init; } = 9;

    /// <summary>End hour of the working day (exclusive). Default 18.</summary>
    public int WorkdayEndHour { get; init; } = 18;

    /// <summary>
    /// Distinct (member, other party) pairs the dump is expected to hold, or null. Only a sizing hint: tables
    /// made this big up front do not have to grow and rehash while the dump is read; a wrong guess costs
    /// time or a little memory, never results. <see cref="CallGraphPipeline"/> sets it from the input size.
    /// </summary>
    public long? ExpectedPairs { get; init; }

    /// <summary>Checks the working day: 0 &lt;= start &lt; end &lt;= 24; and <see cref="ExpectedPairs"/> not negative.</summary>
    /// <exception cref="InvalidOptionException">A value is out of range; its name is the property's.</exception>
    public void Validate()
    {
        OptionChecks.Between(WorkdayStartHour, 0, 23, nameof(WorkdayStartHour));
        OptionChecks.Between(WorkdayEndHour, WorkdayStartHour + 1, 24, nameof(WorkdayEndHour));
        if (ExpectedPairs is long pairs) OptionChecks.AtLeast(pairs, 0, nameof(ExpectedPairs));
    }

    /// <summary>True when an event at <paramref name="startSeconds"/> falls in working hours.</summary>
    public bool IsWorkingHours(long startSeconds)
    {
        int dow = Ingest.CdrClock.DayOfWeek(startSeconds);
        if (dow >= 5) return false;
        int hour = Ingest.CdrClock.HourOfDay(startSeconds);
        return hour >= WorkdayStartHour && hour < WorkdayEndHour;
    }
}
