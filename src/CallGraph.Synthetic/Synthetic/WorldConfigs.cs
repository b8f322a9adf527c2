namespace CallGraph.Synthetic;

/// <summary>A named world of the evaluation suite: a set of assumptions and how big the world is.</summary>
/// <param name="Name">Short name printed in the suite's table.</param>
/// <param name="Description">What the world assumes that differs from the baseline.</param>
/// <param name="Assumptions">The generator's assumptions.</param>
/// <param name="CdrFactor">CDR rows relative to the suite's <c>--cdrs</c>.</param>
/// <param name="GroupFactor">Groups relative to the count the generator derives from the rows (null: derived).</param>
/// <param name="Groups">A fixed group count (overrides <paramref name="GroupFactor"/>).</param>
public sealed record WorldConfig(string Name, string Description, WorldAssumptions Assumptions, double CdrFactor = 1, double? GroupFactor = null, int? Groups = null)
{
    /// <summary>The generator options of this configuration for <paramref name="cdrs"/> base rows, <paramref name="seed"/> and <paramref name="months"/>.</summary>
    public WorldOptions Options(long cdrs, ulong seed, int months = 1)
    {
        long rows = (long)Math.Round(cdrs * CdrFactor);
        var options = new WorldOptions(rows, seed, Months: months, Assumptions: Assumptions.IsDefault ? null : Assumptions);
        int? groups = Groups ?? (GroupFactor is double f ? Math.Max(1, (int)Math.Round(World.DeriveGroupCount(options) * f)) : null);
        return options with { Groups = groups };
    }
}

/// <summary>
/// The generated worlds of the evaluation suite. Each changes what the world assumes about how groups call, not
/// just its size, so that a model tuned on the baseline is tried on worlds it was not tuned on.
/// </summary>
public static class WorldConfigs
{
    /// <summary>Every configuration, baseline first.</summary>
    public static IReadOnlyList<WorldConfig> All { get; } = new WorldConfig[]
    {
        new("baseline", "the generator's historic assumptions", WorldAssumptions.Default),
        new("random-ties", "no teams: each employee tied to 2–8 colleagues drawn at random across the group",
            new WorldAssumptions { Ties = ColleagueTies.Random }),
        new("sparse-ties", "teams of 2–5 and 0–2 cross-team colleagues (tie density 0.4)",
            new WorldAssumptions { TieDensity = 0.4 }),
        new("wide-onnet", "on-net share per group drawn from 20–90% instead of 35–95%",
            new WorldAssumptions { OnNetShareMin = 0.20, OnNetShareMax = 0.90 }),
        new("zipf-partners", "partners from one city-wide pool with Zipf popularity: a few serve most groups",
            new WorldAssumptions { Partners = PartnerPopularity.Zipf }),
        new("no-cells-no-rhythm", "no cell_id column, and calls spread uniformly over the hours and days",
            new WorldAssumptions { Cells = CellColumn.Absent, WorkingRhythm = false }),
        new("heavy-tail", "activity log-normal σ 1.2 with about 30% barely active employees",
            new WorldAssumptions { Activity = ActivityDistribution.HeavyTail }),
        new("small-rosters", "75% of groups have 6–14 employees (rosters of about 3–12 lines)",
            new WorldAssumptions { SmallGroupShare = 0.75, SmallGroupMin = 6, SmallGroupMax = 14 }, GroupFactor: 2.6),
        new("big-rosters", "five groups of 500–8,000 employees (median 2,500; rosters up to about 5,000 lines), six times the rows",
            new WorldAssumptions { SmallGroupShare = 0, GroupSizeMedian = 2500, GroupSizeMin = 500, GroupSizeMax = 8000 }, CdrFactor: 6, Groups: 5),
        new("cross-ties-transit", "30% of employees know 1–3 employees of other groups; the dump also carries off-net to off-net transit calls",
            new WorldAssumptions { CrossGroupTies = 0.3, TransitCalls = true }),
        new("field-heavy", "35% of employees are field staff who talk to partners rather than colleagues",
            new WorldAssumptions { FieldStaffShare = 0.35 }),
        new("camouflaged-fakes", "planted relatives and outsiders put 30% of their calls to the group's partners in working hours",
            new WorldAssumptions { FakePartnerCalls = 0.3 }),
        new("random-zipf-mixed", "random ties, Zipf partners, on-net 45–80%, 30% small groups, empty cells, 15% cross-group ties",
            new WorldAssumptions
            {
                Ties = ColleagueTies.Random, Partners = PartnerPopularity.Zipf, OnNetShareMin = 0.45, OnNetShareMax = 0.80,
                SmallGroupShare = 0.3, SmallGroupMin = 6, SmallGroupMax = 12, Cells = CellColumn.Empty, CrossGroupTies = 0.15,
            }, GroupFactor: 1.4),
    };

    /// <summary>The configuration named <paramref name="name"/>, or null.</summary>
    public static WorldConfig? Find(string name) => All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
}
