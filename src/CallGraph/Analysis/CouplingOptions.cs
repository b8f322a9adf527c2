namespace CallGraph.Analysis;

/// <summary>Thresholds and weights of the coupling score; every default is documented in the README.</summary>
public sealed record CouplingOptions
{
    /// <summary>
    /// Rosters smaller than this are reported but not scored. 5: below that the group's median member, against
    /// which every signal is judged, rests on three or fewer colleagues.
    /// </summary>
    public int MinGroupSize { get; init; } = 5;

    /// <summary>Rosters smaller than this are scored, but their reasons say that the verdict rests on few colleagues.</summary>
    public int FullConfidenceGroupSize { get; init; } = 10;

    /// <summary>A member with fewer events than this in the period is <c>inactive</c> (a kind of fake), see <see cref="InactiveShareOfMedian"/>.</summary>
    public int MinActiveEvents { get; init; } = 5;

    /// <summary>
    /// The inactivity bar never exceeds this share of the group's median member's events (and is at least 1 event):
    /// in a dump where the typical member has 20 events, 1 event is quiet, not dormant.
    /// </summary>
    public double InactiveShareOfMedian { get; init; } = 0.05;

    // The score is relative: 1 is as coupled as the group's median member on every channel. The verdicts bracket
    // "half as coupled as the median member" with a suspect band of ±0.05. In the evaluation suite (1M-CDR worlds,
    // seeds 1–2) 0.5/0.4 left planted fakes that call the group's partners in working hours as suspects (F1 0.59,
    // below the hand rule), and 0.6/0.5 called barely active genuine members fake (heavy-tail F1 0.96); 0.55/0.45
    // kept every generated world but that one at F1 ≥ 0.975.

    /// <summary>Score at or above which a member is genuine.</summary>
    public double GenuineThreshold { get; init; } = 0.55;

    /// <summary>Score below which a member is fake (between the two: suspect).</summary>
    public double FakeThreshold { get; init; } = 0.45;

    /// <summary>An outside number counts as part of the group's shared circle when this many members (the member itself included) talk to it.</summary>
    public int SharedContactMinMembers { get; init; } = 3;

    /// <summary>A cell is one of the group's main cells when this share of members use it in working hours (at least 3 members, so one employee and a relative sharing a home cell do not make it an office).</summary>
    public double MainCellMemberShare { get; init; } = 0.1;

    /// <summary>
    /// The weight of each signal's credit in the score, indexed by <see cref="CouplingSignal"/>. Each default is stated
    /// in the signal's descriptor (<see cref="SignalDescriptor"/>), which says why: <see cref="SignalWeights.Default"/>.
    /// Each named weight option below sets one entry of it, so in one initializer it should come after this.
    /// </summary>
    public SignalWeights Weights { get; init => field = value ?? throw new ArgumentNullException(nameof(value)); } = SignalWeights.Default;

    /// <summary>Weight of direct ties to coupled colleagues (<see cref="Weights"/> of <see cref="CouplingSignal.Ties"/>).</summary>
    public double TiesWeight { get => Weights.Ties; init => Weights = Weights with { Ties = value }; }

    /// <summary>Weight of the share of events exchanged with coupled colleagues (<see cref="Weights"/> of <see cref="CouplingSignal.Inside"/>).</summary>
    public double InsideWeight { get => Weights.Inside; init => Weights = Weights with { Inside = value }; }

    /// <summary>Weight of embeddedness: how much of the member's contacts' roster partners are this group's members (<see cref="Weights"/> of <see cref="CouplingSignal.Embeddedness"/>).</summary>
    public double EmbeddednessWeight { get => Weights.Embeddedness; init => Weights = Weights with { Embeddedness = value }; }

    /// <summary>Weight of the shared circle (<see cref="Weights"/> of <see cref="CouplingSignal.Circle"/>).</summary>
    public double CircleWeight { get => Weights.Circle; init => Weights = Weights with { Circle = value }; }

    /// <summary>Weight of the time fingerprint (<see cref="Weights"/> of <see cref="CouplingSignal.Time"/>).</summary>
    public double TimeWeight { get => Weights.Time; init => Weights = Weights with { Time = value }; }

    /// <summary>Weight of the place fingerprint (dropped, and the rest renormalised, when there are no cells; <see cref="Weights"/> of <see cref="CouplingSignal.Place"/>).</summary>
    public double PlaceWeight { get => Weights.Place; init => Weights = Weights with { Place = value }; }

    /// <summary>These options scoring with <paramref name="weights"/>.</summary>
    public CouplingOptions WithWeights(SignalWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        return this with { Weights = weights };
    }

    /// <summary>
    /// Checks every value: thresholds and shares in [0, 1] with the fake threshold not above the genuine one,
    /// weights finite and not negative (and not all zero), counts at least 1 (events at least 0).
    /// </summary>
    /// <exception cref="InvalidOptionException">A value is out of range; its name is the property's.</exception>
    public void Validate()
    {
        OptionChecks.AtLeast(MinGroupSize, 1, nameof(MinGroupSize));
        OptionChecks.AtLeast(MinActiveEvents, 0, nameof(MinActiveEvents));
        OptionChecks.AtLeast(FullConfidenceGroupSize, 1, nameof(FullConfidenceGroupSize));
        OptionChecks.Unit(InactiveShareOfMedian, nameof(InactiveShareOfMedian));
        OptionChecks.Unit(GenuineThreshold, nameof(GenuineThreshold));
        OptionChecks.Unit(FakeThreshold, nameof(FakeThreshold));
        if (FakeThreshold > GenuineThreshold)
            throw new InvalidOptionException(nameof(FakeThreshold), $"must not exceed the genuine threshold ({FakeThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture)} > {GenuineThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
        OptionChecks.AtLeast(SharedContactMinMembers, 1, nameof(SharedContactMinMembers));
        OptionChecks.Unit(MainCellMemberShare, nameof(MainCellMemberShare));
        double sum = 0;
        foreach (var d in SignalDescriptor.Scored)
        {
            double weight = Weights[d.Signal!.Value];
            OptionChecks.NonNegative(weight, d.WeightOption!);
            sum += weight;
        }
        if (sum <= 0) throw new InvalidOptionException(SignalDescriptor.Scored[0].WeightOption!, "and the other weights must not all be 0");
    }
}
