using RawSignals = CallGraph.Analysis.MemberCoupling.RawSignals;

namespace CallGraph.Analysis;

/// <summary>Which members a signal's group bar is the median over.</summary>
internal enum BarPopulation
{
    /// <summary>The active members only (none active: the bar is the median of nothing, 0).</summary>
    Active,

    /// <summary>The active members, or every member when none is active.</summary>
    ActiveOrAll,
}

/// <summary>A member's value of a signal, read from its raw signals; NaN when the member has none.</summary>
internal delegate double SignalMeasure(in RawSignals r);

/// <summary>Appends a signal's fragment of a member's reasons.</summary>
/// <param name="text">The reasons so far; a fragment after the first starts with "; ".</param>
/// <param name="r">The member's raw signals.</param>
/// <param name="colleagues">The member's roster colleagues (roster size - 1).</param>
/// <param name="shown">The group median the fragment quotes (see <see cref="SignalDescriptor.Shown"/>).</param>
internal delegate void SignalReason(ReasonText text, in RawSignals r, int colleagues, double shown);

/// <summary>
/// One fake-member signal as data: its name, how it is measured, its bar against the group, the option that
/// weighs it, the fragment it adds to a member's reasons and the members.csv column that reports it. The
/// scorer, the reasons, the weights, their validation and weights.json all walk <see cref="CouplingSignals.Descriptors"/>.
/// A descriptor without a <see cref="Signal"/> is reported and explained but earns no credit.
/// </summary>
public sealed class SignalDescriptor
{
    internal SignalDescriptor(CouplingSignal? signal, string name, string measure, string bar, string? column)
    {
        Signal = signal;
        Name = name;
        Measure = measure;
        Bar = bar;
        Column = column;
        // The named CouplingOptions property of the six first signals; a signal added later is weighed through CouplingOptions.Weights.
        WeightOption = signal is { } s ? s + "Weight" : null;
    }

    /// <summary>The credit this signal earns in the score; null for a signal that is only reported and explained.</summary>
    public CouplingSignal? Signal { get; }

    /// <summary>Its lower-case name, as weights.json and messages write it.</summary>
    public string Name { get; }

    /// <summary>How a member's value is measured.</summary>
    public string Measure { get; }

    /// <summary>The bar against the group: the value that earns full credit.</summary>
    public string Bar { get; }

    /// <summary>The members.csv column that reports the member's value, if any.</summary>
    public string? Column { get; }

    /// <summary>The name of the signal's weight among the options (<c>TiesWeight</c>, …: the <see cref="CouplingOptions"/> property of each of the six first signals), as an invalid weight's error names it; null when it earns no credit.</summary>
    public string? WeightOption { get; }

    /// <summary>The signal's weight in <paramref name="options"/> (0 for a signal that earns no credit).</summary>
    public double WeightIn(CouplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Signal is { } signal ? options.Weights[signal] : 0;
    }

    /// <summary>The signal's weight in a default <see cref="CouplingOptions"/> (<see cref="SignalWeights.Default"/>); each credited descriptor states it and why.</summary>
    internal double DefaultWeight { get; private init; }

    /// <summary>The value entering the group's bar (NaN: the member does not count in it).</summary>
    internal SignalMeasure Sample { get; private init; } = static (in RawSignals _) => double.NaN;

    /// <summary>The value the member is credited for (by default its <see cref="Sample"/>).</summary>
    internal SignalMeasure? CreditedValue { get; private init; }

    internal BarPopulation Population { get; private init; } = BarPopulation.ActiveOrAll;

    /// <summary>True when the bar depends on which colleagues are strongly coupled, so each scoring pass takes it anew.</summary>
    internal bool BarPerPass { get; private init; }

    /// <summary>The bar from the group's median (by default the median itself).</summary>
    internal Func<double, double> BarOfMedian { get; private init; } = static median => median;

    /// <summary>The credit of a value against a positive bar (by default value / bar, capped at 1). A bar that is not positive leaves the credit absent.</summary>
    internal Func<double, double, double> CreditOf { get; private init; } = static (value, bar) => Math.Min(1, value / bar);

    /// <summary>The values whose group median the reason quotes, when it is not the bar.</summary>
    internal SignalMeasure? Shown { get; private init; }

    /// <summary>True when the fragment is written only for a member with events.</summary>
    internal bool ReasonNeedsEvents { get; private init; } = true;

    internal SignalReason? Reason { get; private init; }

    internal double ValueOf(in RawSignals r) => (CreditedValue ?? Sample)(in r);

    /// <summary>The member's value of this signal as its <see cref="Column"/> in members.csv reports it (null: an empty cell, or no column).</summary>
    public double? ValueIn(MemberAssessment member)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (NamedColumn is not null) return NamedColumn(member);
        return AddedColumn < 0 ? null : member.AddedSignals?[AddedColumn];
    }

    /// <summary>
    /// The <see cref="MemberAssessment"/> property that carries the column, for the signals there were when members.csv
    /// took its columns; null for a signal added since, whose column value is <see cref="Reported"/> and travels in
    /// <see cref="MemberAssessment.AddedSignals"/>.
    /// </summary>
    internal Func<MemberAssessment, double?>? NamedColumn { get; private init; }

    /// <summary>The value the column of a signal added since reports, from the member's raw signals (NaN: an empty cell); by default the value it is credited for.</summary>
    internal SignalMeasure? Reported { get; private init; }

    internal double ReportedValue(in RawSignals r) => Reported is { } reported ? reported(in r) : ValueOf(in r);

    /// <summary>The position of the column in <see cref="AddedColumns"/>, or -1 for a named column (or none).</summary>
    internal int AddedColumn => Array.IndexOf(AddedColumns, this);

    private static double Ratio(long part, long whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4);

    // Default weights: five equal and one zero. Each signal is a different channel through which a member is coupled to
    // its group (colleagues, the circle its contacts live in, partners, rhythm, place); in the evaluation suite no
    // single one is the best on every world (embeddedness leads on the real e-mail network, shared circle and place
    // on generated worlds with partners and cells), so without labels none is favoured. Inside share is the
    // exception, at 0: a relative who talks mostly to one employee has a high inside share, and an equal weight
    // dropped the fake F1 to 0.84–0.90 on four generated worlds (zipf-partners, no-cells-no-rhythm,
    // random-zipf-mixed, heavy-tail) while it raised the real network's AUC from 0.937 to 0.954 (suite, 3 seeds).
    // It stays a column and a reason, and --labels can give it weight for an operator whose fakes look otherwise.

    /// <summary>
    /// Every signal, in reason order; the credited ones are also in score order (<see cref="CouplingSignal"/>'s).
    /// Adding a signal: see docs/architecture.md, "Where to add …", a fake-member signal.
    /// </summary>
    internal static readonly SignalDescriptor[] All =
    [
        new(CouplingSignal.Ties, "ties", "colleagues reached who are themselves coupled (pass 2)",
            "the group's median count over active members, at least 1", "colleagues_reached")
        {
            NamedColumn = static m => m.ColleaguesReached,
            DefaultWeight = 1,
            Sample = static (in RawSignals r) => r.StrongColleagues,
            Population = BarPopulation.Active,
            BarPerPass = true,
            BarOfMedian = static median => Math.Max(1, median),
            ReasonNeedsEvents = false,
            Reason = static (ReasonText t, in RawSignals r, int colleagues, double _) =>
            {
                t.Append($"reached {r.ColleaguesReached} of {colleagues} colleagues");
                if (r.StrongColleagues < r.ColleaguesReached) t.Append($" ({r.StrongColleagues} of them strongly coupled)");
            },
        },
        new(CouplingSignal.Inside, "inside", "share of the member's events exchanged with strongly coupled colleagues",
            "the group's median share over active members", "inside_share")
        {
            NamedColumn = static m => m.InsideShare,
            DefaultWeight = 0,
            Sample = static (in RawSignals r) => Ratio(r.StrongEvents, r.Events),
            Population = BarPopulation.Active,
            BarPerPass = true,
            Reason = static (ReasonText t, in RawSignals r, int _, double _) => t.Append($"; {Ratio(r.StrongEvents, r.Events):0%} of events with them"),
        },
        new(CouplingSignal.Embeddedness, "embeddedness", "over the member's contacts, the share of each contact's other roster partners that are this group's members",
            "the group's median embeddedness", "embeddedness")
        {
            NamedColumn = static m => m.Embeddedness,
            DefaultWeight = 1,
            Sample = static (in RawSignals r) => r.Embeddedness,
            Reason = static (ReasonText t, in RawSignals r, int _, double median) => t.Append($"; embeddedness {r.Embeddedness:0.00} (group median {median:0.00})"),
        },
        new(CouplingSignal.Circle, "circle", "share of outside traffic with the group's shared contacts (numbers several members talk to)",
            "the group's median share", "shared_circle")
        {
            NamedColumn = static m => m.SharedCircle,
            DefaultWeight = 1,
            Sample = static (in RawSignals r) => r.SharedCircle,
            Reason = static (ReasonText t, in RawSignals r, int _, double median) =>
            {
                if (r.SharedCircle == 0) t.Append("; shares no contacts with the group");
                else t.Append($"; {r.SharedCircle:0%} of outside traffic with the group's shared contacts (group median {median:0%})");
            },
        },
        new(null, "working_hours", "share of events in working hours", "none: reported, not scored", "working_hours_share")
        {
            NamedColumn = static m => m.WorkingHoursShare,
            Reason = static (ReasonText t, in RawSignals r, int _, double _) =>
            {
                double outside = 1 - r.WorkingHoursShare;
                if (outside >= 0.5) t.Append($"; {outside:0%} of events outside working hours");
                else t.Append($"; {r.WorkingHoursShare:0%} of events in working hours");
            },
        },
        new(CouplingSignal.Time, "time", "the member's hour-of-week profile against the rest of the group's, divided by the similarity a member with as few events drawn from the group's rhythm would reach",
            "none below half the group's median fit, full at it", "profile_similarity")
        {
            NamedColumn = static m => m.ProfileSimilarity,
            DefaultWeight = 1,
            Sample = static (in RawSignals r) => r.TimeFit,
            CreditOf = static (fit, bar) => Math.Clamp(2 * fit / bar - 1, 0, 1),
            Shown = static (in RawSignals r) => r.ProfileSimilarity,
            Reason = static (ReasonText t, in RawSignals r, int _, double median) => t.Append($"; time profile similarity {r.ProfileSimilarity:0.00} (group median {median:0.00})"),
        },
        new(CouplingSignal.Place, "place", "share of the member's cell events from the group's main cells; a member of a group with cells who shows up in none has 0",
            "the group's median share over members with cells (absent without cells)", "place_share")
        {
            NamedColumn = static m => m.PlaceShare,
            DefaultWeight = 1,
            Sample = static (in RawSignals r) => r.PlaceShare ?? double.NaN,
            CreditedValue = static (in RawSignals r) => r.PlaceShare ?? 0,
            Reason = static (ReasonText t, in RawSignals r, int _, double _) =>
            {
                if (r.PlaceShare is double place) t.Append($"; {place:0%} of own events from the group's main cells");
            },
        },
    ];

    /// <summary>
    /// The descriptors whose column is not one of <see cref="MemberAssessment"/>'s named properties, in order: members.csv
    /// writes them after the named signal columns and <see cref="MemberAssessment.AddedSignals"/> holds their values.
    /// </summary>
    internal static readonly SignalDescriptor[] AddedColumns = All.Where(d => d.Column is not null && d.NamedColumn is null).ToArray();

    /// <summary>The credited descriptors, indexed by <see cref="CouplingSignal"/>.</summary>
    internal static readonly SignalDescriptor[] Scored = All.Where(d => d.Signal is not null).OrderBy(d => (int)d.Signal!.Value).ToArray();
}
