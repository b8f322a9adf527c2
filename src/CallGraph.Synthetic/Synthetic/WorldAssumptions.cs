namespace CallGraph.Synthetic;

/// <summary>How colleagues are tied to each other inside a group.</summary>
public enum ColleagueTies
{
    /// <summary>Teams of 4–12 who call each other, plus 1–4 fixed colleagues in other teams (the default).</summary>
    Teams = 0,

    /// <summary>No teams: each employee has a few fixed colleagues drawn at random across the whole group.</summary>
    Random = 1,
}

/// <summary>How a group's business partners are chosen and how popular each one is.</summary>
public enum PartnerPopularity
{
    /// <summary>Each group has its own partners (plus 1–3 shared city-wide ones), called with a mild rank decay (the default).</summary>
    PerGroup = 0,

    /// <summary>
    /// Partners come from one city-wide pool with Zipf popularity (exponent 1): a few couriers, banks and
    /// suppliers are partners of most groups, and inside a group the first partners take most of the calls.
    /// </summary>
    Zipf = 1,
}

/// <summary>What the cell column of the dump carries.</summary>
public enum CellColumn
{
    /// <summary>Every row has the cell of the home-network party (the default).</summary>
    Present = 0,

    /// <summary>The <c>cell_id</c> column is there but always empty.</summary>
    Empty = 1,

    /// <summary>The dump has no <c>cell_id</c> column at all.</summary>
    Absent = 2,
}

/// <summary>How busy the genuine employees' phones are.</summary>
public enum ActivityDistribution
{
    /// <summary>Log-normal (σ 0.5) with about 5% barely active employees (the default).</summary>
    Default = 0,

    /// <summary>
    /// Heavy-tailed: log-normal with σ 1.2, and about 30% barely active employees (a tenth of the usual traffic); colleagues
    /// also call a line in proportion to its activity, so a barely active line is rarely called too.
    /// </summary>
    HeavyTail = 1,
}

/// <summary>
/// The behavioural assumptions of a generated world. The defaults reproduce the generator's historic output
/// byte for byte; every other value changes what the world assumes about how groups call, not just its size,
/// so that a model can be tried on worlds it was not tuned on.
/// </summary>
public sealed record WorldAssumptions
{
    /// <summary>The historic assumptions.</summary>
    public static WorldAssumptions Default { get; } = new();

    /// <summary>Teams (default) or random colleague ties across the whole group.</summary>
    public ColleagueTies Ties { get; init; } = ColleagueTies.Teams;

    /// <summary>
    /// Multiplier on how many colleagues each employee is tied to (1 = default). With teams it scales the team
    /// size (at least 2) and the count of cross-team colleagues (can fall to 0); with random ties, the count of
    /// colleagues (2–8 at 1, at least 1).
    /// </summary>
    public double TieDensity { get; init; } = 1;

    /// <summary>Lowest share of a group's employees on the home network (drawn uniformly per group). Default 0.35.</summary>
    public double OnNetShareMin { get; init; } = 0.35;

    /// <summary>Highest share of a group's employees on the home network. Default 0.95.</summary>
    public double OnNetShareMax { get; init; } = 0.95;

    /// <summary>Per-group partners (default) or a city-wide Zipf-popular pool.</summary>
    public PartnerPopularity Partners { get; init; } = PartnerPopularity.PerGroup;

    /// <summary>Chance that an employee is field staff (talks to partners, rarely to colleagues). Default 0.08.</summary>
    public double FieldStaffShare { get; init; } = 0.08;

    /// <summary>Whether the dump carries cells (default), an empty cell column, or none.</summary>
    public CellColumn Cells { get; init; } = CellColumn.Present;

    /// <summary>
    /// True (default): work calls fall in weekday office hours, personal ones in evenings and weekends, and weekends
    /// are quieter. False: every call of everyone is spread uniformly over the hours and days of the week.
    /// </summary>
    public bool WorkingRhythm { get; init; } = true;

    /// <summary>How busy genuine employees are: default or heavy-tailed with many barely active people.</summary>
    public ActivityDistribution Activity { get; init; } = ActivityDistribution.Default;

    /// <summary>Chance that a group is small (employees drawn from <see cref="SmallGroupMin"/>–<see cref="SmallGroupMax"/>). Default 0.02.</summary>
    public double SmallGroupShare { get; init; } = 0.02;

    /// <summary>Fewest employees of a small group. Default 5.</summary>
    public int SmallGroupMin { get; init; } = 5;

    /// <summary>Most employees of a small group. Default 9.</summary>
    public int SmallGroupMax { get; init; } = 9;

    /// <summary>Median employees of a group that is not small (log-normal, σ 0.85). Default 35.</summary>
    public double GroupSizeMedian { get; init; } = 35;

    /// <summary>Fewest employees of a group that is not small. Default 10.</summary>
    public int GroupSizeMin { get; init; } = 10;

    /// <summary>Most employees of a group. Default 3,000.</summary>
    public int GroupSizeMax { get; init; } = 3000;

    /// <summary>
    /// Share of employees who also know 1–3 employees of other groups personally (they call them in the evening like
    /// any private contact). Default 0: personal contacts are members of the public only.
    /// </summary>
    public double CrossGroupTies { get; init; }

    /// <summary>
    /// False (default): the dump holds only calls with a home-network party, as the home operator records them.
    /// True: it also carries transit calls between two other networks (no cell), as an interconnect feed does.
    /// </summary>
    public bool TransitCalls { get; init; }

    /// <summary>
    /// Share of a planted relative's or outsider's calls that go to the group's business partners in working hours
    /// (a family member who runs errands for the company, a contractor). Default 0: fakes never touch the partners,
    /// which makes the shared-circle signal alone separate them perfectly.
    /// </summary>
    public double FakePartnerCalls { get; init; }

    /// <summary>True when every knob has its default value (the world is the historic one).</summary>
    public bool IsDefault => Equals(Default);

    /// <summary>Throws <see cref="ArgumentException"/> when a knob is out of range.</summary>
    public void Validate()
    {
        if (!(TieDensity is > 0 and <= 10)) throw new ArgumentException("The tie density must be in (0, 10].", nameof(TieDensity));
        if (!(OnNetShareMin is >= 0 and <= 1) || !(OnNetShareMax is >= 0 and <= 1) || OnNetShareMin > OnNetShareMax)
            throw new ArgumentException("The on-net share range must lie in [0, 1] with min ≤ max.", nameof(OnNetShareMin));
        if (!(FieldStaffShare is >= 0 and <= 1)) throw new ArgumentException("The field-staff share must be in [0, 1].", nameof(FieldStaffShare));
        if (!(SmallGroupShare is >= 0 and <= 1)) throw new ArgumentException("The small-group share must be in [0, 1].", nameof(SmallGroupShare));
        if (SmallGroupMin < 1 || SmallGroupMax < SmallGroupMin) throw new ArgumentException("The small-group size range is invalid.", nameof(SmallGroupMin));
        if (GroupSizeMin < 1 || GroupSizeMax < GroupSizeMin || !(GroupSizeMedian > 0)) throw new ArgumentException("The group size range is invalid.", nameof(GroupSizeMin));
        if (!(CrossGroupTies is >= 0 and <= 1)) throw new ArgumentException("The cross-group tie share must be in [0, 1].", nameof(CrossGroupTies));
        if (!(FakePartnerCalls is >= 0 and <= 1)) throw new ArgumentException("The fakes' partner-call share must be in [0, 1].", nameof(FakePartnerCalls));
    }
}
