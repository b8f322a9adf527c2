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
