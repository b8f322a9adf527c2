namespace CallGraph.Cli.Tests;

/// <summary>A test class that runs the CLI in-process and keeps its files in a temporary folder of its own, removed afterwards.</summary>
public abstract class CliTestFolder : IDisposable
{
    /// <summary>Creates the folder, named after <paramref name="prefix"/> and a fresh GUID.</summary>
    protected CliTestFolder(string prefix)
    {
        Root = Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    /// <summary>The test's folder.</summary>
    protected string Root { get; }

    /// <summary>Runs <c>callgraph</c> with <paramref name="args"/> in-process; its exit code, stdout and stderr.</summary>
    protected static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApp.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    /// <summary>
    /// An engine's outputs against the in-process run's: the same files (rejects.csv aside: an engine counts rejects
    /// without listing them), each byte for byte (summary.json too unless <paramref name="compareSummary"/> is false),
    /// and the ones every run writes among them.
    /// </summary>
    protected static void AssertSameOutputs(string expected, string actual, bool compareSummary = true)
    {
        var names = Directory.GetFiles(expected).Select(Path.GetFileName).Where(n => n != "rejects.csv").Order(StringComparer.Ordinal).ToList();
        Assert.Contains("members.csv", names);
        Assert.Contains("prospects.csv", names);
        Assert.Contains("summary.json", names);
        Assert.Equal(names, Directory.GetFiles(actual).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList());
        foreach (string? name in names.Where(n => compareSummary || n != "summary.json"))
            Assert.True(File.ReadAllBytes(Path.Combine(expected, name!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actual, name!))), name + " differs");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
        GC.SuppressFinalize(this);
    }
}
