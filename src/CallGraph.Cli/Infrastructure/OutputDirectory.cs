namespace CallGraph.Cli.Infrastructure;

/// <summary>
/// Writes a run's files into a hidden staging folder next to the output folder and moves them into
/// place only when the whole run succeeded, so a failed run leaves no half-finished output behind.
/// </summary>
internal sealed class OutputDirectory : IDisposable
{
    private readonly string _target;
    private readonly string _staging;
    private bool _committed;

    public OutputDirectory(string target)
    {
        _target = Path.GetFullPath(target);
        string parent = Path.GetDirectoryName(_target.TrimEnd(Path.DirectorySeparatorChar)) ?? ".";
        Directory.CreateDirectory(parent);
        _staging = Path.Combine(parent, $".{Path.GetFileName(_target.TrimEnd(Path.DirectorySeparatorChar))}.partial-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_staging);
    }

    /// <summary>The final folder.</summary>
    public string Target => _target;

    /// <summary>Path of a file inside the staging folder.</summary>
    public string PathOf(string relative)
    {
        string path = Path.Combine(_staging, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    /// <summary>Creates a UTF-8 (no BOM) text file in the staging folder.</summary>
    public StreamWriter CreateText(string relative) =>
        new(PathOf(relative), append: false, CallGraph.Output.ResultWriter.Utf8, bufferSize: 1 << 16) { NewLine = "\n" };

    /// <summary>True when the staging folder holds the file.</summary>
    public bool Exists(string relative) => File.Exists(Path.Combine(_staging, relative));

    /// <summary>Deletes a staged file.</summary>
    public void Delete(string relative) => File.Delete(Path.Combine(_staging, relative));

    /// <summary>Moves every staged file into the target folder, replacing same-named files.</summary>
    public void Commit()
    {
        Directory.CreateDirectory(_target);
        foreach (string file in Directory.EnumerateFiles(_staging, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string relative = Path.GetRelativePath(_staging, file);
            string destination = Path.Combine(_target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Move(file, destination, overwrite: true);
        }
        _committed = true;
        Directory.Delete(_staging, recursive: true);
    }

    public void Dispose()
    {
        if (!_committed && Directory.Exists(_staging)) Directory.Delete(_staging, recursive: true);
    }
}
