namespace CallGraph.Csv;

/// <summary>
/// The columns of one CSV file, in the order they are written: the one list that the file's writer (its header)
/// and its reader (which columns must be there, where each one is) share. Reading and writing follow RFC 4180
/// through CsvHelper (see <see cref="CsvTable"/> and <see cref="CsvRowOutput"/>).
/// </summary>
public sealed class CsvContract
{
    /// <summary>A contract for the file that errors call <paramref name="description"/> (such as "roster").</summary>
    public CsvContract(string description, params CsvColumn[] columns)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Length == 0) throw new ArgumentException("a contract has at least one column", nameof(columns));
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in columns)
            foreach (string name in c.Aliases.Prepend(c.Name))
                if (!names.Add(name)) throw new ArgumentException($"column name {name} is given twice", nameof(columns));
        Description = description;
        Columns = columns;
        Names = columns.Select(c => c.Name).ToArray();
        Header = string.Join(',', Names);
    }

    /// <summary>What the file is, as errors name it.</summary>
    public string Description { get; }

    /// <summary>The columns in the order written.</summary>
    public IReadOnlyList<CsvColumn> Columns { get; }

    /// <summary>The column names in the order written.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The header line as written, without a line break.</summary>
    public string Header { get; }

    /// <summary>Opens <paramref name="reader"/> as this file: see <see cref="CsvTable.Open"/>.</summary>
    public CsvTable Read(TextReader reader, string source, IReadOnlyCollection<CsvColumn>? required = null) => CsvTable.Open(reader, source, this, required);

    /// <summary>Starts writing this file to <paramref name="output"/>: writes the header and returns the writer of the rows.</summary>
    public CsvRowOutput Write(TextWriter output) => new(output, this);
}
