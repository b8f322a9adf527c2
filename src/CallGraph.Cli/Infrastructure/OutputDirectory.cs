using System.Diagnostics;

namespace CallGraph.Cli.Infrastructure;

/// <summary>
/// Writes a run's files into a hidden staging folder next to the output folder and swaps the whole folder in
/// only when the run succeeded: the old output is renamed aside, the staged folder renamed into its place and
/// the old one deleted (renamed back when the swap fails). The new folder replaces the old one completely, so
/// no file of an earlier run survives; a failed or cancelled run leaves the previous output as it was and no
/// staging folder behind.
/// </summary>
internal sealed class OutputDirectory : IDisposable
{
    /// <summary>Marker file every output folder holds: a non-empty folder without it (or summary.json) is not replaced.</summary>
    public const string MarkerFile = ".callgraph-output";

    private readonly string _target;
    private readonly string _parent;
    private readonly string _name;
    private readonly string _staging;
    private bool _committed;

    /// <param name="target">The output folder.</param>
    /// <param name="option">The option that named it, for messages.</param>
    public OutputDirectory(string target, string option = "--out")
    {
        _target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(target));
        if (Path.GetPathRoot(_target) is { } root && string.Equals(Path.TrimEndingDirectorySeparator(root), _target, StringComparison.Ordinal) || _target.Length <= 1)
            throw new UsageException($"{option} {_target}: refusing to write results into the file-system root; name a folder for them");
        if (File.Exists(_target)) throw new UsageException($"{option} {_target} is a file, not a folder");
        if (Directory.Exists(_target) && !IsReplaceable(_target))
            throw new UsageException($"{option} {_target} is a non-empty folder that is not a CallGraph output (no {MarkerFile} or summary.json): name a new or empty folder");
        _parent = Path.GetDirectoryName(_target) ?? ".";
        _name = Path.GetFileName(_target);
        Directory.CreateDirectory(_parent);
        RemoveAbandoned();
        _staging = Path.Combine(_parent, $".{_name}.staging-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_staging);
        try
        {
            File.WriteAllText(Path.Combine(_staging, MarkerFile), "CallGraph output folder: replaced as a whole by the next run into it.\n");
        }
        catch (IOException ex)
        {
            Dispose();
            throw WriteFailed(ex);
        }
    }

    /// <summary>
    /// A failure while writing or swapping in the results, told in terms of the target folder (never the
    /// staging path): <paramref name="failure"/> is an <see cref="IOException"/>, an <see cref="UnauthorizedAccessException"/>
    /// or an <see cref="AggregateException"/> holding one; anything else is returned as it is.
    /// </summary>
    /// <param name="failure">What was thrown.</param>
    /// <param name="onlyWhenStagingNamed">Translate only a failure whose message names the staging folder (while inputs are read too).</param>
    public Exception WriteFailed(Exception failure, bool onlyWhenStagingNamed = false)
    {
        var inner = failure is AggregateException a ? a.Flatten().InnerExceptions.FirstOrDefault(e => e is IOException or UnauthorizedAccessException) ?? failure : failure;
        if (inner is not (IOException or UnauthorizedAccessException)) return failure;
        if (onlyWhenStagingNamed && !inner.Message.Contains(_staging, StringComparison.Ordinal)) return failure;
        string reason = inner.Message.Replace(_staging, _target, StringComparison.Ordinal);
        return new IOException($"could not write the results into {_target}: {reason}; the previous output, if any, is unchanged", inner);
    }

    /// <summary>True for a folder a run may replace: empty, or an earlier CallGraph output.</summary>
    public static bool IsReplaceable(string folder) =>
        !Directory.EnumerateFileSystemEntries(folder).Any() || File.Exists(Path.Combine(folder, MarkerFile)) || File.Exists(Path.Combine(folder, "summary.json"));

    /// <summary>The final folder.</summary>
    public string Target => _target;

    /// <summary>The staging folder (tests look for leftovers).</summary>
    internal string Staging => _staging;

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

    /// <summary>Swaps the staged folder in for the target folder (renames only; the old output is restored when the swap fails).</summary>
    public void Commit(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        string? backup = null;
        if (Directory.Exists(_target))
        {
            if (!IsReplaceable(_target))
                throw new UsageException($"--out {_target} became a non-empty folder that is not a CallGraph output during the run: left as it is");
            backup = Path.Combine(_parent, $".{_name}.old-{Environment.ProcessId}-{Guid.NewGuid():N}");
            Directory.Move(_target, backup);
        }
        try
        {
            Directory.Move(_staging, _target);
        }
        catch
        {
            if (backup is not null) Directory.Move(backup, _target);
            throw;
        }
        _committed = true;
        if (backup is not null)
        {
            try
            {
                Directory.Delete(backup, recursive: true);
            }
            catch (IOException)
            {
                // The new output is in place; a leftover old folder is removed by the next run into the same target.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>Deletes staging and backup folders of this target left by runs that no longer exist (killed, power loss).</summary>
    private void RemoveAbandoned()
    {
        foreach (string dir in Directory.EnumerateDirectories(_parent, $".{_name}.*"))
        {
            string rest = Path.GetFileName(dir)[(_name.Length + 2)..];
            int dash = rest.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0 || !(rest.StartsWith("staging-", StringComparison.Ordinal) || rest.StartsWith("old-", StringComparison.Ordinal) || rest.StartsWith("partial-", StringComparison.Ordinal))) continue;
            var parts = rest[(dash + 1)..].Split('-');
            if (parts.Length != 2 || !int.TryParse(parts[0], out int pid) || IsRunning(pid)) continue;
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (!_committed && Directory.Exists(_staging))
        {
            try
            {
                Directory.Delete(_staging, recursive: true);
            }
            catch (IOException)
            {
                // Best effort (e.g. the disk went away); the next run into the target removes it.
            }
        }
    }
}

/// <summary>
/// A file written through a hidden temporary file beside it and renamed into place by <see cref="Commit"/>;
/// disposed without a commit, the temporary file is deleted and the target left as it was.
/// </summary>
internal sealed class StagedFile : IDisposable
{
    private readonly string _target;
    private readonly string _temp;
    private bool _committed;

    public StagedFile(string path, string option)
    {
        _target = Path.GetFullPath(path);
        if (Directory.Exists(_target)) throw new UsageException($"{option} {_target} is a folder, not a file");
        string dir = Path.GetDirectoryName(_target) ?? ".";
        Directory.CreateDirectory(dir);
        _temp = Path.Combine(dir, $".{Path.GetFileName(_target)}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Writer = new StreamWriter(new FileStream(_temp, FileMode.CreateNew, FileAccess.Write, FileShare.None), CallGraph.Output.ResultWriter.Utf8, 1 << 16) { NewLine = "\n" };
    }

    /// <summary>Writes into the temporary file (it may be disposed before <see cref="Commit"/>).</summary>
    public StreamWriter Writer { get; }

    /// <summary>Closes the temporary file and renames it over the target.</summary>
    public void Commit()
    {
        Writer.Dispose();
        File.Move(_temp, _target, overwrite: true);
        _committed = true;
    }

    public void Dispose()
    {
        Writer.Dispose();
        if (_committed) return;
        try
        {
            File.Delete(_temp);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Writes one output file all or nothing: into a hidden temporary file beside it, renamed over the target only when complete.</summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>; on any failure the temporary file is removed and the old file kept.</summary>
    public static void WriteText(string path, Action<TextWriter> write, string option = "--out") =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, CallGraph.Output.ResultWriter.Utf8, 1 << 16, leaveOpen: true) { NewLine = "\n" };
            write(writer);
        }, option);

    /// <summary>Writes the bytes of <paramref name="path"/> through <paramref name="write"/>; on any failure the temporary file is removed and the old file kept.</summary>
    public static void Write(string path, Action<Stream> write, string option = "--out")
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new UsageException($"{option} {full} is a folder, not a file");
        string dir = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(dir);
        string temp = Path.Combine(dir, $".{Path.GetFileName(full)}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            CliCancellation.Token.ThrowIfCancellationRequested();
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try
            {
                File.Delete(temp);
            }
            catch (IOException)
            {
            }
            throw;
        }
    }
}

/// <summary>
/// Ctrl-C and SIGTERM cancel the running command cooperatively: the pipeline stops at its next chunk, the staging
/// folder is removed and the command exits with 130. A second signal ends the process the default way.
/// </summary>
internal static class CliCancellation
{
    // Per command run (in-process tests run several at once): flows into the tasks the command starts.
    private static readonly AsyncLocal<CancellationTokenSource?> Current = new();

    /// <summary>Cancelled when the process was asked to stop (or the caller's token was cancelled).</summary>
    public static CancellationToken Token => Current.Value?.Token ?? CancellationToken.None;

    /// <summary>Installs the signal handlers for one command run, linked to <paramref name="cancellationToken"/>; dispose to remove them.</summary>
    public static IDisposable Install(CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Current.Value = source;
        void Handle(System.Runtime.InteropServices.PosixSignalContext context)
        {
            if (source.IsCancellationRequested) return; // the second signal: default handling ends the process
            context.Cancel = true;
            source.Cancel();
        }
        var registrations = new List<IDisposable>();
        foreach (var signal in new[] { System.Runtime.InteropServices.PosixSignal.SIGINT, System.Runtime.InteropServices.PosixSignal.SIGTERM })
        {
            try
            {
                registrations.Add(System.Runtime.InteropServices.PosixSignalRegistration.Create(signal, Handle));
            }
            catch (PlatformNotSupportedException)
            {
            }
        }
        return new Registrations(registrations, source);
    }

    private sealed class Registrations(List<IDisposable> items, CancellationTokenSource source) : IDisposable
    {
        public void Dispose()
        {
            foreach (var r in items) r.Dispose();
            if (Current.Value == source) Current.Value = null;
            source.Dispose();
        }
    }
}
