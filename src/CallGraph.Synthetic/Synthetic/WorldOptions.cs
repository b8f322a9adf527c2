namespace CallGraph.Synthetic;

/// <summary>What to generate. The same options and seed always give byte-identical files.</summary>
/// <param name="Cdrs">Exact number of CDR data rows to write (planted duplicates and malformed rows included).</param>
/// <param name="Seed">Seed of the world; everything random derives from it.</param>
/// <param name="Months">Consecutive calendar months covered, starting at <see cref="Start"/>.</param>
/// <param name="Groups">Number of group customers; null derives it from <see cref="Cdrs"/> (about 200–250 rows touch each employee per month).</param>
/// <param name="Start">First day of the dump; null means 2026-06-01.</param>
/// <param name="DuplicateRate">Fraction of rows that are exact copies of the row before them.</param>
/// <param name="BadRowRate">Fraction of rows that are malformed on purpose.</param>
/// <param name="Gzip">Write <c>cdr.csv.gz</c> instead of <c>cdr.csv</c>.</param>
/// <param name="Assumptions">The behavioural assumptions; null means <see cref="WorldAssumptions.Default"/> (the historic world, byte for byte).</param>
public sealed record WorldOptions(
    long Cdrs,
    ulong Seed,
    int Months = 1,
    int? Groups = null,
    DateOnly? Start = null,
    double DuplicateRate = 0.001,
    double BadRowRate = 0,
    bool Gzip = false,
    WorldAssumptions? Assumptions = null)
{
    /// <summary>The assumptions actually used.</summary>
    public WorldAssumptions Assume => Assumptions ?? WorldAssumptions.Default;

    /// <summary>The default first day of a generated dump.</summary>
    public static readonly DateOnly DefaultStart = new(2026, 6, 1);

    /// <summary>The first day actually used.</summary>
    public DateOnly FirstDay => Start ?? DefaultStart;

    /// <summary>Throws <see cref="ArgumentException"/> when an option is out of range.</summary>
    public void Validate()
    {
        if (Cdrs < 0) throw new ArgumentException("The CDR count cannot be negative.", nameof(Cdrs));
        if (Months is < 1 or > 36) throw new ArgumentException("Months must be between 1 and 36.", nameof(Months));
        if (Groups is < 1 or > 1_000_000) throw new ArgumentException("Groups must be between 1 and 1,000,000.", nameof(Groups));
        if (double.IsNaN(DuplicateRate) || DuplicateRate is < 0 or > 0.5) throw new ArgumentException("The duplicate rate must be between 0 and 0.5.", nameof(DuplicateRate));
        if (double.IsNaN(BadRowRate) || BadRowRate is < 0 or > 0.5) throw new ArgumentException("The bad-row rate must be between 0 and 0.5.", nameof(BadRowRate));
        Assume.Validate();
    }
}

/// <summary>Where the generator writes its files; the library itself never touches the file system.</summary>
public interface IWorldOutput
{
    /// <summary>Creates (or replaces) the file <paramref name="fileName"/> and returns a writable stream the generator disposes.</summary>
    Stream Create(string fileName);
}

/// <summary>Writes the world's files into one directory, creating it when needed.</summary>
public sealed class DirectoryWorldOutput : IWorldOutput
{
    /// <summary>Targets <paramref name="directory"/>.</summary>
    public DirectoryWorldOutput(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = directory;
    }

    /// <summary>The target directory.</summary>
    public string Directory { get; }

    /// <inheritdoc />
    public Stream Create(string fileName)
    {
        System.IO.Directory.CreateDirectory(Directory);
        return new FileStream(Path.Combine(Directory, fileName), FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
    }
}

/// <summary>What a generation run produced; the same figures are written to <c>world.json</c>.</summary>
/// <param name="Rows">CDR data rows written (equals <see cref="WorldOptions.Cdrs"/>).</param>
/// <param name="DuplicateRows">Rows that exactly repeat the row before them.</param>
/// <param name="BadRows">Malformed rows, by design.</param>
/// <param name="BadRowsByReason">Malformed rows per reason (empty_caller, caller_not_digits, callee_too_long, bad_start_time, bad_duration, bad_type, missing_fields).</param>
/// <param name="Groups">Group customers.</param>
/// <param name="ScoredGroups">Groups whose roster has at least 10 members.</param>
/// <param name="RosterRows">Rows of members.csv.</param>
/// <param name="FakeMembers">Roster rows labelled fake in truth_members.csv.</param>
/// <param name="CompetitorEmployees">Employees on a competitor network at the start.</param>
/// <param name="PotentialMembers">On-net employees missing from their group's roster.</param>
/// <param name="Migrations">Employees poached to a competitor in a later month.</param>
/// <param name="SurveyGroups">Rows of survey.csv.</param>
/// <param name="Files">Names of the files written, in order.</param>
public sealed record WorldSummary(
    long Rows,
    long DuplicateRows,
    long BadRows,
    IReadOnlyDictionary<string, long> BadRowsByReason,
    int Groups,
    int ScoredGroups,
    int RosterRows,
    int FakeMembers,
    int CompetitorEmployees,
    int PotentialMembers,
    int Migrations,
    int SurveyGroups,
    IReadOnlyList<string> Files);
