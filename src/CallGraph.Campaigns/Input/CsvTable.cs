using System.Globalization;
using CallGraph.Ingest;
using CallGraph.Numbers;

namespace CallGraph.Campaigns.Input;

/// <summary>
/// A CSV file read by header name: required columns are checked up front, unknown ones ignored,
/// and every bad value becomes a <see cref="DataException"/> naming file, line and column.
/// </summary>
internal sealed class CsvTable
{
    private readonly CsvRecords _records;
    private readonly Dictionary<string, int> _columns;
    private List<string> _record = [];

    private CsvTable(CsvRecords records, string source, Dictionary<string, int> columns)
    {
        _records = records;
        Source = source;
        _columns = columns;
    }

    public string Source { get; }

    public long Line { get; private set; }

    public static CsvTable Open(TextReader reader, string source, IReadOnlyList<string> requiredColumns)
    {
        var records = new CsvRecords(reader, source);
        var header = records.Next() ?? throw new DataException(source, 1, 0, "empty file: expected a header line");
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < header.Count; i++)
        {
            string name = header[i].Trim().TrimStart('\uFEFF');
            if (!columns.TryAdd(name, i)) throw new DataException(source, records.Line, i + 1, $"column '{Shown(name)}' appears twice in the header");
        }
        var missing = requiredColumns.Where(c => !columns.ContainsKey(c)).ToList();
        if (missing.Count > 0) throw new DataException(source, records.Line, 0, $"missing column(s) {string.Join(", ", missing)} in the header");
        return new CsvTable(records, source, columns);
    }

    public bool Has(string column) => _columns.ContainsKey(column);

    /// <summary>Moves to the next record; false at the end.</summary>
    public bool Next()
    {
        var record = _records.Next();
        if (record is null) return false;
        _record = record;
        Line = _records.Line;
        return true;
    }

    public int ColumnOf(string column) => _columns[column] + 1;

    /// <summary>The trimmed value of a column; empty when the column is absent or the row is short.</summary>
    public string Text(string column) =>
        _columns.TryGetValue(column, out int i) && i < _record.Count ? _record[i].Trim() : string.Empty;

    public string RequiredText(string column)
    {
        string value = Text(column);
        if (value.Length == 0) throw Error(column, $"{column} is empty");
        return value;
    }

    public string Msisdn(string column)
    {
        string raw = RequiredText(column);
        if (NumberNormalizer.TryNormalize(raw.AsSpan(), out var number, out var error)) return number.CanonicalText();
        // Results of a run on opaque subscriber ids (--ids opaque) name subscribers by token.
        if (SubscriberIds.LooksLikeToken(raw)) return raw.Trim();
        throw Error(column, $"'{Shown(raw)}' is not a phone number or subscriber id ({error})");
    }

    public int NonNegativeInt(string column)
    {
        string raw = RequiredText(column);
        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out int value))
            throw Error(column, $"{column} '{Shown(raw)}' is not a whole number of 0 or more");
        return value;
    }

    public double Share(string column)
    {
        string raw = RequiredText(column);
        // NaN and infinities parse as doubles; they are not shares (NaN compares false with both bounds).
        if (!double.TryParse(raw, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out double value)
            || !double.IsFinite(value) || value < 0 || value > 1)
            throw Error(column, $"{column} '{Shown(raw)}' is not a decimal between 0 and 1");
        return value;
    }

    public decimal Money(string column)
    {
        string raw = RequiredText(column);
        if (!Amounts.TryParse(raw, out decimal value))
            throw Error(column, $"{column} '{Shown(raw)}' is not {Amounts.Expected}");
        return value;
    }

    /// <summary>
    /// A value from the file as an error message quotes it: control characters escaped (a line break in a
    /// quoted field must not split the one-line message) and cut after 60 characters.
    /// </summary>
    public static string Shown(string value) =>
        DisplayText.Escape(value.Length > 60 ? value[..60] + "…" : value);

    public DataException Error(string column, string reason) =>
        new(Source, Line, _columns.TryGetValue(column, out int i) ? i + 1 : 0, reason);

}
