namespace CallGraph.Analysis;

/// <summary>Thresholds and weights of the coupling score; every default is documented in the README.</summary>
public sealed record CouplingOptions
{
    /// <summary>Rosters smaller than this are reported but not scored (a mobile group has at least 10 members).</summary>
    public int MinGroupSize { get; init; } = 10;

    /// <summary>A member with fewer events than this in the period is <c>inactive</c> (a kind of fake).</summary>
    public int MinActiveEvents { get; init; } = 5;

    /// <summary>Score at or above which a member is genuine.</summary>
    public double GenuineThreshold { get; init; } = 0.5;

    /// <summary>Score below which a member is fake (between the two: suspect).</summary>
    public double FakeThreshold { get; init; } = 0.4;

    /// <summary>An outside number counts as part of the group's shared circle when this many members (the member itself included) talk to it.</summary>
    public int SharedContactMinMembers { get; init; } = 3;

    /// <summary>A cell is one of the group's main cells when this share of members use it in working hours (at least 3 members, so one employee and a relative sharing a home cell do not make it an office).</summary>
    public double MainCellMemberShare { get; init; } = 0.1;

    /// <summary>Weight of direct ties to colleagues.</summary>
    public double TiesWeight { get; init; } = 0.35;

    /// <summary>Weight of the shared circle.</summary>
    public double CircleWeight { get; init; } = 0.25;

    /// <summary>Weight of the time fingerprint.</summary>
    public double TimeWeight { get; init; } = 0.2;

    /// <summary>Weight of the place fingerprint (dropped, and the rest renormalised, when there are no cells).</summary>
    public double PlaceWeight { get; init; } = 0.2;

    /// <summary>
    /// Checks every value: thresholds and shares in [0, 1] with the fake threshold not above the genuine one,
    /// weights finite and not negative (and not all zero), counts at least 1 (events at least 0).
    /// </summary>
    /// <exception cref="InvalidOptionException">A value is out of range; its name is the property's.</exception>
    public void Validate()
    {
        OptionChecks.AtLeast(MinGroupSize, 1, nameof(MinGroupSize));
        OptionChecks.AtLeast(MinActiveEvents, 0, nameof(MinActiveEvents));
        OptionChecks.Unit(GenuineThreshold, nameof(GenuineThreshold));
        OptionChecks.Unit(FakeThreshold, nameof(FakeThreshold));
        if (FakeThreshold > GenuineThreshold)
            throw new InvalidOptionException(nameof(FakeThreshold), $"must not exceed the genuine threshold ({FakeThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture)} > {GenuineThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
        OptionChecks.AtLeast(SharedContactMinMembers, 1, nameof(SharedContactMinMembers));
        OptionChecks.Unit(MainCellMemberShare, nameof(MainCellMemberShare));
        OptionChecks.NonNegative(TiesWeight, nameof(TiesWeight));
        OptionChecks.NonNegative(CircleWeight, nameof(CircleWeight));
        OptionChecks.NonNegative(TimeWeight, nameof(TimeWeight));
        OptionChecks.NonNegative(PlaceWeight, nameof(PlaceWeight));
        if (TiesWeight + CircleWeight + TimeWeight + PlaceWeight <= 0) throw new InvalidOptionException(nameof(TiesWeight), "and the other weights must not all be 0");
    }
}
