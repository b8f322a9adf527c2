using CallGraph.Output;
using CsvHelper;

namespace CallGraph.Csv;

/// <summary>
/// Writes the rows of one <see cref="CsvContract"/> file through CsvHelper, as every CSV output of the project is
/// written: "\n" line ends, a field quoted only when it holds a comma, quote or line break, text fields neutralised
/// against spreadsheet formulas (<see cref="CsvText.Neutralise"/>), numbers culture-invariant. Every row has the
/// contract's column count. Dispose it to hand the last rows to the writer (which stays open).
/// </summary>
public sealed class CsvRowOutput : IDisposable
{
    private static readonly CsvWriterOptions Options = new()
    {
        Separator = ',',
        NewLine = "\n",
        Quoting = CsvQuoting.WhenNeeded,
        // The project's own guard (CsvText.Neutralise) is applied to text fields only, so that CsvText.Restore undoes it.
        Injection = CsvInjection.None,
        ValidateFieldCount = true,
    };

    private readonly CsvWriter _writer;

    internal CsvRowOutput(TextWriter output, CsvContract contract)
    {
        ArgumentNullException.ThrowIfNull(output);
        _writer = CsvWriter.Create(output, Options, leaveOpen: true);
        _writer.WriteHeader(contract.Names.ToArray());
    }

    /// <summary>A text field, neutralised against spreadsheet formulas.</summary>
    public void Text(string value) => _writer.WriteField(CsvText.Neutralise(value));

    /// <summary>A field already formatted (a number, a code), written as it is (quoted when it must be).</summary>
    public void Field(string formatted) => _writer.WriteField(formatted);

    /// <summary>As <see cref="CsvText.Number(double)"/>.</summary>
    public void Number(double value) => Field(CsvText.Number(value));

    /// <summary>As <see cref="CsvText.Number(double?)"/>: empty when absent.</summary>
    public void Number(double? value) => Field(CsvText.Number(value));

    /// <summary>As <see cref="CsvText.Number(long)"/>.</summary>
    public void Number(long value) => Field(CsvText.Number(value));

    /// <summary>As <see cref="Number(long)"/>, empty when absent.</summary>
    public void Number(long? value) => Field(value is long v ? CsvText.Number(v) : "");

    /// <summary>Ends the row.</summary>
    public void EndRow() => _writer.EndRecord();

    /// <summary>Writes what is buffered to the writer.</summary>
    public void Dispose() => _writer.Dispose();
}
