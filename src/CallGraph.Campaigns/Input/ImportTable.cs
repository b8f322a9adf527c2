using System.Globalization;
using CallGraph.Csv;
using CallGraph.Ingest;
using CallGraph.Numbers;

namespace CallGraph.Campaigns.Input;

/// <summary>
/// A campaign import read by its contract through the core's <see cref="CsvTable"/>, with the checks the imports
/// share: values trimmed, and every bad value a <see cref="DataException"/> naming file, line and column.
/// </summary>
internal sealed class ImportTable(CsvTable table) : IDisposable
{
    public string Source => table.Source;

    public long Line => table.Line;

    public bool Has(CsvColumn column) => table.Has(column);

    public bool Next() => table.Next();

    public int ColumnOf(CsvColumn column) => table.ColumnOf(column);

    /// <summary>The trimmed value of a column; empty when the column is absent or the row is short.</summary>
    public string Text(CsvColumn column) => table.Text(column).Trim();

    public string RequiredText(CsvColumn column)
    {
        string value = Text(column);
        if (value.Length == 0) throw Error(column, $"{column.Name} is empty");
        return value;
    }

    public string Msisdn(CsvColumn column)
    {
        string raw = RequiredText(column);
        if (NumberNormalizer.TryNormalize(raw.AsSpan(), out var number, out var error)) return number.CanonicalText();
        // Results of a run on opaque subscriber ids (--ids opaque) name subscribers by token.
        if (SubscriberIds.LooksLikeToken(raw)) return raw.Trim();
        throw Error(column, $"'{Shown(raw)}' is not a phone number or subscriber id ({error})");
    }

    public int NonNegativeInt(CsvColumn column)
    {
        string raw = RequiredText(column);
        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out int value))
            throw Error(column, $"{column.Name} '{Shown(raw)}' is not a whole number of 0 or more");
        return value;
    }

    public double Share(CsvColumn column)
    {
        string raw = RequiredText(column);
        // NaN and infinities parse as doubles; they are not shares (NaN compares false with both bounds).
        if (!double.TryParse(raw, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out double value)
            || !double.IsFinite(value) || value < 0 || value > 1)
            throw Error(column, $"{column.Name} '{Shown(raw)}' is not a decimal between 0 and 1");
        return value;
    }

    public decimal Money(CsvColumn column)
    {
        string raw = RequiredText(column);
        if (!Amounts.TryParse(raw, out decimal value))
            throw Error(column, $"{column.Name} '{Shown(raw)}' is not {Amounts.Expected}");
        return value;
    }

    /// <summary>
    /// A value from the file as an error message quotes it: control characters escaped (a line break in a
    /// quoted field must not split the one-line message) and cut after 60 characters.
    /// </summary>
    public static string Shown(string value) =>
        DisplayText.Escape(value.Length > 60 ? value[..60] + "…" : value);

    public DataException Error(CsvColumn column, string reason) => table.Error(column, reason);

    public void Dispose() => table.Dispose();
}
