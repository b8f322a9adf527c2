using System.Globalization;
using CallGraph.Cli;

namespace CallGraph.Cli.Tests.Hardening;

/// <summary>Runs the CLI in-process and a seeded 20k world shared by the hardening tests.</summary>
public sealed class HardeningWorld : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "callgraph-harden-" + Guid.NewGuid().ToString("N"));

    /// <summary>A world from <c>generate --cdrs 20000 --seed 7</c>.</summary>
    public string World { get; }

    public HardeningWorld()
    {
        World = Path.Combine(Root, "W");
        var r = CliRun.Run("generate", "--out", World, "--cdrs", "20000", "--seed", "7");
        Assert.True(r.Code == 0, r.Err);
    }

    /// <summary>A fresh copy of the world's files in a new folder, to mutate.</summary>
    public string Copy()
    {
        string dir = Path.Combine(Root, "w-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        foreach (var f in Directory.GetFiles(World)) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        return dir;
    }

    /// <summary>A new path under the root (not created).</summary>
    public string NewPath(string name) => Path.Combine(Root, name + "-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}

internal static class CliRun
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter { NewLine = "\n" };
        var e = new StringWriter { NewLine = "\n" };
        int code = CliApp.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    /// <summary>Asserts a failure with the exit code and one line on stderr starting "callgraph: ", without a stack trace.</summary>
    public static string AssertFails((int Code, string Out, string Err) r, int code)
    {
        Assert.True(r.Code == code, $"exit {r.Code}, expected {code}: {r.Err}");
        var lines = r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1 && lines[0].StartsWith("callgraph: ", StringComparison.Ordinal), r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.DoesNotContain("Exception", r.Err);
        return lines[^1];
    }

    public static string N(long n) => n.ToString(CultureInfo.InvariantCulture);
}
