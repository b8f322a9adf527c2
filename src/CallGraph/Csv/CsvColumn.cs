namespace CallGraph.Csv;

/// <summary>
/// One column of a <see cref="CsvContract"/>: the header name its writer writes, the other names its reader also
/// accepts, and whether a file without it can be read at all.
/// </summary>
public sealed class CsvColumn
{
    /// <summary>A column named <paramref name="name"/>; <paramref name="aliases"/> are other header names read as it.</summary>
    public CsvColumn(string name, bool required = true, params string[] aliases)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(aliases);
        Name = name;
        Required = required;
        Aliases = aliases;
    }

    /// <summary>The header name written, and read.</summary>
    public string Name { get; }

    /// <summary>False for a column that older or hand-made files may lack (its value then reads as empty).</summary>
    public bool Required { get; }

    /// <summary>Other header names read as this column (such as <c>number</c> for <c>msisdn</c>).</summary>
    public IReadOnlyList<string> Aliases { get; }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
