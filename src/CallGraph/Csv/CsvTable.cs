using CallGraph.Ingest;
using CsvHelper;

namespace CallGraph.Csv;

/// <summary>
/// Reads one CSV file record by record through CsvHelper, by the project's one rule for side files and results:
/// RFC 4180 (comma-separated; a field in double quotes may hold commas, line breaks and doubled quotes), a BOM
/// dropped, blank lines skipped, header names matched without case and surrounding blanks, extra columns
/// ignored, short records read as empty fields. Lines are counted as the file has them (blank lines and the
/// lines inside quoted fields too), so every error — bad quoting, a missing column, a value the caller refuses
/// with <see cref="Error(CsvColumn, string)"/> — is a <see cref="DataException"/> naming the file, the line the
/// record starts on and the 1-based column.
/// </summary>
public sealed class CsvTable : IDisposable
{
    private readonly CsvReader _reader;
    private readonly Dictionary<CsvColumn, int> _index = new(ReferenceEqualityComparer.Instance); // contract column → 0-based position in the file, -1 when absent
    private readonly CsvContract? _contract;

    private CsvTable(TextReader reader, string source, CsvContract? contract, IReadOnlyCollection<CsvColumn>? required)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        Source = source;
        _contract = contract;
        var options = new CsvReaderOptions
        {
            Separator = ',',
            DetectSeparatorHint = false,
            HasHeader = contract is not null,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            // Malformed quoting is reported here rather than guessed around: one stray quote must not merge records.
            OnMalformedRecord = m => throw new DataException(source, m.LineNumber, FaultColumn(m.RawRecord), Describe(m.Reason)),
        };
        _reader = CsvReader.Create(reader, options, leaveOpen: true);
        if (contract is null) return;
        try
        {
            var positions = MapHeader(contract, required);
            for (int c = 0; c < positions.Length; c++) _index[contract.Columns[c]] = positions[c];
        }
        catch
        {
            // The caller never gets the table to dispose: give CsvHelper's pooled buffers back here.
            _reader.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens a file whose first non-blank line is a header naming the columns of <paramref name="contract"/>
    /// (any order, aliases accepted). An empty file, a header without a required column, or a column given twice is a
    /// <see cref="DataException"/>.
    /// </summary>
    /// <param name="reader">The CSV text; left open.</param>
    /// <param name="source">The name errors use, usually the file path.</param>
    /// <param name="contract">The columns the file has.</param>
    /// <param name="required">The columns this reader needs, when not those the contract marks <see cref="CsvColumn.Required"/>.</param>
    public static CsvTable Open(TextReader reader, string source, CsvContract contract, IReadOnlyCollection<CsvColumn>? required = null)
    {
        ArgumentNullException.ThrowIfNull(contract);
        return new CsvTable(reader, source, contract, required);
    }

    /// <summary>Opens a file without a header (or whose header the caller recognises itself): fields by position only.</summary>
    public static CsvTable OpenWithoutHeader(TextReader reader, string source) => new(reader, source, null, null);

    /// <summary>
    /// Every record of a file read without a header (a first line that is one is the caller's to recognise), with the
    /// line it starts on, as a new list of its fields.
    /// </summary>
    public static IEnumerable<(long Line, List<string> Fields)> Records(TextReader reader, string source)
    {
        using var file = OpenWithoutHeader(reader, source);
        while (file.Next())
        {
            var fields = new List<string>(file.FieldCount);
            for (int i = 0; i < file.FieldCount; i++) fields.Add(file[i]);
            yield return (file.Line, fields);
        }
    }

    /// <summary>The name errors use.</summary>
    public string Source { get; }

    /// <summary>The 1-based line the header starts on; 0 without a header.</summary>
    public long HeaderLine { get; private set; }

    /// <summary>The 1-based line the current record starts on.</summary>
    public long Line { get; private set; }

    /// <summary>Number of fields of the current record.</summary>
    public int FieldCount => _reader.FieldCount;

    /// <summary>Moves to the next record; false at the end of the file.</summary>
    public bool Next()
    {
        try
        {
            if (!_reader.Read()) return false;
        }
        catch (CsvFormatException e)
        {
            throw new DataException(Source, e.LineNumber, e.FieldIndex + 1, e.Message, e);
        }
        Line = _reader.LineNumber;
        return true;
    }

    /// <summary>Field <paramref name="index"/> (0-based) of the current record as written (unquoted, not trimmed); empty past the record's end.</summary>
    public string this[int index] => index >= 0 && index < _reader.FieldCount ? _reader.GetString(index) ?? "" : "";

    /// <summary>True when the file has <paramref name="column"/>.</summary>
    public bool Has(CsvColumn column) => IndexOf(column) >= 0;

    /// <summary>The 1-based column of <paramref name="column"/> in the file, 0 when it has none.</summary>
    public int ColumnOf(CsvColumn column) => IndexOf(column) + 1;

    /// <summary>The field of <paramref name="column"/> in the current record as written; empty when the file has no such column or the record is short.</summary>
    public string Text(CsvColumn column) => this[IndexOf(column)];

    /// <summary>An error at <paramref name="column"/> of the current record.</summary>
    public DataException Error(CsvColumn column, string reason) => new(Source, Line, ColumnOf(column), reason);

    /// <summary>An error at the 1-based <paramref name="column"/> of the current record (0: the record as a whole).</summary>
    public DataException Error(int column, string reason) => new(Source, Line, column, reason);

    /// <summary>Releases CsvHelper's buffers; the text reader stays open.</summary>
    public void Dispose() => _reader.Dispose();

    private int IndexOf(CsvColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (_contract is null) throw new InvalidOperationException("a file opened without a header has no named columns");
        if (_index.TryGetValue(column, out int index)) return index;
        throw new ArgumentException($"column {column.Name} is not in the {_contract.Description} contract", nameof(column));
    }

    private int[] MapHeader(CsvContract contract, IReadOnlyCollection<CsvColumn>? required)
    {
        IReadOnlyList<string> header;
        try
        {
            header = _reader.Headers;
        }
        catch (CsvFormatException e)
        {
            throw new DataException(Source, e.LineNumber, 0, e.Message, e);
        }
        if (header.Count == 0) throw new DataException(Source, 0, 0, $"empty file: no header line (a {contract.Description} file starts with {contract.Header})");
        HeaderLine = _reader.LineNumber;
        var index = new int[contract.Columns.Count];
        Array.Fill(index, -1);
        for (int i = 0; i < header.Count; i++)
        {
            string name = header[i].Trim();
            for (int c = 0; c < index.Length; c++)
            {
                var column = contract.Columns[c];
                if (!name.Equals(column.Name, StringComparison.OrdinalIgnoreCase)
                    && !column.Aliases.Any(a => name.Equals(a, StringComparison.OrdinalIgnoreCase))) continue;
                if (index[c] >= 0) throw new DataException(Source, HeaderLine, i + 1, $"column {column.Name} appears twice in the header (columns {index[c] + 1} and {i + 1})");
                index[c] = i;
            }
        }
        var missing = contract.Columns.Where((c, i) => (required?.Contains(c) ?? c.Required) && index[i] < 0).Select(c => c.Name).ToList();
        if (missing.Count > 0)
            throw new DataException(Source, HeaderLine, 0,
                $"{contract.Description} header lacks column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)} (expected {contract.Header})");
        return index;
    }

    private static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.UnterminatedQuote => "a quoted field is not closed before the end of the file",
        CsvMalformedReason.TextAfterClosingQuote => "text after the closing quote of a field (a quote inside a field is written twice)",
        CsvMalformedReason.StrayQuote => "a quote inside an unquoted field (quote the whole field and write the quote twice)",
        _ => "malformed CSV (" + reason + ")",
    };

    /// <summary>
    /// The 1-based field of <paramref name="raw"/> (a record as the file has it) where RFC 4180 quoting first goes
    /// wrong: a stray quote, text after a closing quote, or the field whose quote is never closed.
    /// </summary>
    internal static int FaultColumn(string raw)
    {
        int column = 1;
        bool quoted = false, atFieldStart = true, closed = false;
        for (int i = 0; i < raw.Length; i++)
        {
            char c = raw[i];
            if (quoted)
            {
                if (c != '"') continue;
                if (i + 1 < raw.Length && raw[i + 1] == '"') i++;
                else
                {
                    quoted = false;
                    closed = true;
                }
            }
            else if (c == ',')
            {
                column++;
                atFieldStart = true;
                closed = false;
            }
            else if (closed || (c == '"' && !atFieldStart)) return column;
            else if (c == '"')
            {
                quoted = true;
                atFieldStart = false;
            }
            else atFieldStart = false;
        }
        return column;
    }
}
