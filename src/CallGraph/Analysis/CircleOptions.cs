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

    /// <summary>Largest accepted <see cref="Coefficient"/>: one mined number standing for more people than this is no correction but a broken fit.</summary>
    public const double MaxCoefficient = 1000;

    /// <summary>Checks every value: the prospect threshold in [0, 1), the employee threshold in [0, 1], the coefficient in [0, <see cref="MaxCoefficient"/>].</summary>
    /// <exception cref="InvalidOptionException">A value is out of range; its name is the property's.</exception>
    public void Validate()
    {
        if (ProspectThreshold is < 0 or >= 1) throw new InvalidOptionException(nameof(ProspectThreshold), $"must be in [0, 1) (got {ProspectThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
        if (!Enum.IsDefined(ProspectBase)) throw new InvalidOptionException(nameof(ProspectBase), "must be roster or genuine");
        OptionChecks.Unit(EmployeeLikelihoodThreshold, nameof(EmployeeLikelihoodThreshold));
        OptionChecks.Range(Coefficient, 0, MaxCoefficient, nameof(Coefficient));
    }
}
