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

    /// <summary>
    /// The estimate's bar, as a quantile of the employee likelihoods of the group's own genuine members scored as
    /// outside numbers (those tied to at least two colleagues). 0.05: the bar turns away only numbers less
    /// employee-like than 95% of the group's visible colleagues, so the detection rate stays high (a mined count
    /// near the true one has little sampling noise) while hubs, and contacts unlike any colleague, are left out.
    /// In the evaluation suite, higher quantiles (0.25, 0.5, 0.75) raised the share error on every generated world:
    /// the noise of a small count divided by a small rate outweighs the partners they turn away.
    /// </summary>
    public double DetectionQuantile { get; init; } = 0.05;

    /// <summary>
    /// Spread (standard deviation of the log ratio of true to estimated competitor members) of the estimate beyond
    /// counting noise, used for the share's interval; calibration measures it from the surveyed groups' residuals.
    /// 0 (the default without a survey) gives an interval from counting noise alone, which is too narrow.
    /// </summary>
    public double EstimateSpread { get; init; }

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
