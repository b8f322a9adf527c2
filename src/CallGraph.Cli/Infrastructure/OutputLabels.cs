using CallGraph.Numbers;
using CallGraph.Rosters;

namespace CallGraph.Cli.Infrastructure;

/// <summary>
/// How a run's outputs show numbers: with <c>--pseudonymise</c>, every number and id in every output is its keyed
/// pseudonym; without it, the CSVs hold numbers in full, and the report and graph files mask every number that is
/// on no roster (third parties: prospects, potential and competitor members, other contacts).
/// </summary>
internal sealed class OutputLabels(Pseudonymiser? pseudonymiser, Roster roster, NumberPlan plan, FileInfo? mapFile)
{
    public Pseudonymiser? Pseudonymiser => pseudonymiser;

    /// <summary>Where <c>--pseudonym-map</c> goes, or null.</summary>
    public FileInfo? MapFile => mapFile;

    /// <summary>The label of numbers in every output (CSVs, rejects, alerts), or null for the canonical text.</summary>
    public Func<PhoneNumber, string>? Everywhere => pseudonymiser is { } p ? p.Of : null;

    /// <summary>The label of numbers in report.html and graph files.</summary>
    public Func<PhoneNumber, string> Pictures => pseudonymiser is { } p ? p.Of : Masked;

    private string Masked(PhoneNumber n) => roster.FirstEntryOf(n) >= 0 ? n.CanonicalText() : NumberMask.Of(n);

    /// <summary>A number as its roster line wrote it, as the outputs may show it.</summary>
    public string RawText(string raw)
    {
        if (pseudonymiser is not { } p || raw.Trim().Length == 0) return raw;
        if (plan.Ids == SubscriberIdKind.Opaque)
            return SubscriberIds.TryIntern(System.Text.Encoding.UTF8.GetBytes(raw), out var id) ? p.Of(id) : p.OfText(raw.Trim());
        return NumberNormalizer.TryNormalize(raw.AsSpan(), out var number, out _) ? p.Of(number) : p.OfText(raw.Trim());
    }

    /// <summary>The columns of the --pseudonym-map file.</summary>
    private static readonly CallGraph.Csv.CsvContract MapContract = new("pseudonym map", new("pseudonym"), new("original"));

    /// <summary>Writes <c>pseudonym,original</c> for every number pseudonymised, when a map file was asked for.</summary>
    public void WriteMap()
    {
        if (pseudonymiser is null || mapFile is null) return;
        AtomicFile.WriteText(mapFile.FullName, w =>
        {
            using var row = MapContract.Write(w);
            foreach (var (pseudonym, original) in pseudonymiser.Map())
            {
                row.Field(pseudonym);
                row.Text(original);
                row.EndRow();
            }
        });
    }

    /// <summary>Refuses a map file inside the output folder (the mapping must never travel with the results).</summary>
    public void CheckMapOutside(string outputFolder)
    {
        if (mapFile is null) return;
        string folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputFolder)) + Path.DirectorySeparatorChar;
        if (Path.GetFullPath(mapFile.FullName).StartsWith(folder, StringComparison.Ordinal))
            throw new UsageException($"--pseudonym-map {mapFile} is inside the output folder: write the mapping somewhere the results do not go");
    }
}
