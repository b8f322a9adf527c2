namespace CallGraph.Analysis;

/// <summary>Which member count the prospect threshold is a share of.</summary>
public enum ProspectBase
{
    /// <summary>The roster size (the business rule's default).</summary>
    Roster,

    /// <summary>The verified size: genuine members only.</summary>
    Genuine,
}

/// <summary>Options of the social-circle analyses: prospects, potential members, market share.</summary>
public sealed record CircleOptions
{
    /// <summary>
    /// A prospect talks to strictly more than this share of the group's members (default 10%).
    /// Decimal so the boundary is exact: in a group of 20, 2 members is not a prospect and 3 is.
    /// </summary>
    public decimal ProspectThreshold { get; init; } = 0.10m;

    /// <summary>Member count the threshold applies to.</summary>
    public ProspectBase ProspectBase { get; init; } = ProspectBase.Roster;

    /// <summary>An outside number whose employee likelihood reaches this looks like one of the group's own people.</summary>
    public double EmployeeLikelihoodThreshold { get; init; } = 0.5;

    /// <summary>Correction coefficient: estimated competitor members = mined count × coefficient.</summary>
    public double Coefficient { get; init; } = 1.0;
}
