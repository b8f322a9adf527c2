using System.Globalization;

namespace CallGraph.Campaigns;

/// <summary>
/// Money amounts as text: invariant digits with '.', never negative, never grouped. An amount a person
/// enters (revenue, cost, budget) is at most <see cref="Max"/> with at most <see cref="MaxDecimals"/>
/// decimals, so that a campaign's sums and ratios always fit in a <see cref="decimal"/>.
/// </summary>
public static class Amounts
{
    /// <summary>The largest amount accepted for one target's revenue or cost, or a budget: 10^15.</summary>
    public const decimal Max = 1_000_000_000_000_000m;

    /// <summary>The most decimals an amount may have (trailing zeros do not count).</summary>
    public const int MaxDecimals = 4;

    /// <summary>What an amount must look like, for error messages.</summary>
    public static string Expected { get; } =
        $"an amount from 0 to {ToText(Max)} with at most {MaxDecimals} decimals (digits and '.')";

    /// <summary>Parses an amount such as <c>1200</c> or <c>35.50</c>; false when it is not one or is not <see cref="IsValid"/>.</summary>
    public static bool TryParse(string text, out decimal amount) => TryParseAny(text, out amount) && IsValid(amount);

    /// <summary>Whether an amount may be entered: from 0 to <see cref="Max"/>, with at most <see cref="MaxDecimals"/> decimals.</summary>
    public static bool IsValid(decimal amount) => amount >= 0 && amount <= Max && decimal.Round(amount, MaxDecimals) == amount;

    /// <summary>The invariant text of an amount, trailing zeros removed (<c>35.50</c> becomes <c>35.5</c>).</summary>
    public static string ToText(decimal amount) => amount.ToString("0.############################", CultureInfo.InvariantCulture);

    // Stored amounts are read without the input bounds: a store written before them stays readable and correctable.
    internal static bool TryParseAny(string text, out decimal amount) =>
        decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount) && amount >= 0;
}
