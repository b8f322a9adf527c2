using CallGraph.Campaigns.Storage;

namespace CallGraph.Campaigns.Tests;

/// <summary>A temporary directory removed after the test.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "callgraph-campaigns-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>A clock that stands still, so audit times are known.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>A fresh SQLite store and workflow in a temp directory.</summary>
public sealed class StoreFixture : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);

    private readonly TempDir _dir = new();

    public StoreFixture()
    {
        DatabasePath = _dir.File("campaigns.db");
        Store = SqliteCampaignStore.Open(DatabasePath);
        Workflow = new CampaignWorkflow(Store, new FixedClock(Now));
    }

    public string DatabasePath { get; }

    public SqliteCampaignStore Store { get; }

    public CampaignWorkflow Workflow { get; }

    public void Dispose()
    {
        Store.Dispose();
        _dir.Dispose();
    }
}

/// <summary>
/// Makes files and folders read-only for the test's duration, even for root: <c>chattr +i</c> (which root
/// obeys) when running as root, file modes otherwise. Undone on dispose.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ReadOnlyFiles : IDisposable
{
    private readonly string[] _paths;
    private readonly bool _immutable;

    private ReadOnlyFiles(string[] paths, bool immutable)
    {
        _paths = paths;
        _immutable = immutable;
    }

    public static ReadOnlyFiles Lock(params string[] paths)
    {
        bool root = Environment.UserName == "root";
        foreach (string path in paths)
        {
            if (root) Run("chattr", "+i", path);
            else File.SetUnixFileMode(path, Directory.Exists(path)
                ? UnixFileMode.UserRead | UnixFileMode.UserExecute
                : UnixFileMode.UserRead);
        }
        // The lock must hold, or the test proves nothing.
        string probe = Directory.Exists(paths[^1]) ? System.IO.Path.Combine(paths[^1], "probe") : paths[^1] + "-probe";
        Assert.ThrowsAny<Exception>(() => File.WriteAllText(probe, "x"));
        return new ReadOnlyFiles(paths, root);
    }

    private static void Run(string program, params string[] args)
    {
        using var process = System.Diagnostics.Process.Start(program, args);
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} failed");
    }

    public void Dispose()
    {
        foreach (string path in _paths.Reverse())
        {
            if (_immutable) Run("chattr", "-i", path);
            else File.SetUnixFileMode(path, Directory.Exists(path)
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                : UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
