using System.Globalization;

namespace CallGraph.Campaigns;

/// <summary>Money amounts as text: invariant digits with '.', never negative, never grouped.</summary>
public static class Amounts
{
    /// <summary>Parses an amount such as <c>1200</c> or <c>35.50</c>; false when it is not one or is negative.</summary>
    public static bool TryParse(string text, out decimal amount) =>
        decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount) && amount >= 0;

    /// <summary>The invariant text of an amount, trailing zeros removed (<c>35.50</c> becomes <c>35.5</c>).</summary>
    public static string ToText(decimal amount) => amount.ToString("0.############################", CultureInfo.InvariantCulture);
}
