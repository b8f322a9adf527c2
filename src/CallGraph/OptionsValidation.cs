using System.Globalization;

namespace CallGraph;

/// <summary>
/// An option value an options record refuses (raised by the records' <c>Validate</c> methods).
/// <see cref="ArgumentException.ParamName"/> is the property's name (e.g. <c>GenuineThreshold</c>);
/// <see cref="Reason"/> says what is wrong without naming it, so a front end can name the option its own way.
/// </summary>
public sealed class InvalidOptionException : ArgumentException
{
    /// <summary>Creates the exception for property <paramref name="name"/>.</summary>
    public InvalidOptionException(string name, string reason)
        : base($"{name} {reason}", name) => Reason = reason;

    /// <summary>What is wrong with the value, e.g. "must be a number in [0, 1] (got NaN)".</summary>
    public string Reason { get; }

    /// <inheritdoc/>
    public override string Message => $"{ParamName} {Reason}";
}

/// <summary>The checks the options records' <c>Validate</c> methods share.</summary>
internal static class OptionChecks
{
    private static string Show(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    public static void Unit(double value, string name)
    {
        if (!(value >= 0 && value <= 1)) throw new InvalidOptionException(name, $"must be a number in [0, 1] (got {Show(value)})");
    }

    public static void NonNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value)) throw new InvalidOptionException(name, $"must be a finite number >= 0 (got {Show(value)})");
    }

    public static void Range(double value, double min, double max, string name)
    {
        if (!(value >= min && value <= max)) throw new InvalidOptionException(name, $"must be a number in [{Show(min)}, {Show(max)}] (got {Show(value)})");
    }

    public static void AtLeast(long value, long min, string name)
    {
        if (value < min) throw new InvalidOptionException(name, string.Create(CultureInfo.InvariantCulture, $"must be at least {min} (got {value})"));
    }

    public static void Between(long value, long min, long max, string name)
    {
        if (value < min || value > max) throw new InvalidOptionException(name, string.Create(CultureInfo.InvariantCulture, $"must be in [{min}, {max}] (got {value})"));
    }
}
