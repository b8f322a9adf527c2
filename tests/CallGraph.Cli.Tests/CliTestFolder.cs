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

    /// <inheritdoc />
    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
        GC.SuppressFinalize(this);
    }
}
