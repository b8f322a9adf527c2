using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace CallGraph.Cli.Tests.Campaigns;

/// <summary>What a CLI run printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public string[] Lines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>A temp directory with a campaign store path, and ways to run the CLI against it.</summary>
public sealed class CampaignWorkspace : IDisposable
{
    public CampaignWorkspace()
    {
        Root = Path.Combine(Path.GetTempPath(), "callgraph-cli-campaigns-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Database = File("campaigns.db");
    }

    public string Root { get; }

    public string Database { get; }

    public string File(string name) => Path.Combine(Root, name);

    public string Write(string name, string content)
    {
        string path = File(name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Runs <c>callgraph campaign …</c> in-process against this workspace's store.</summary>
    public CliResult Campaign(params string[] args)
    {
        var stdout = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var stderr = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        int code = CliApp.Run(["campaign", .. args, "--db", Database], stdout, stderr);
        return new CliResult(code, stdout.ToString().Replace("\r\n", "\n"), stderr.ToString());
    }

    /// <summary>Like <see cref="Campaign"/> but the run must succeed.</summary>
    public CliResult CampaignOk(params string[] args)
    {
        var result = Campaign(args);
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");
        return result;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>Runs the built CLI as a separate process (<c>dotnet CallGraph.Cli.dll …</c>).</summary>
public sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly List<string> _stderrLines = [];

    private CliProcess(Process process) => _process = process;

    /// <summary>
    /// The CLI next to the test assembly (the project reference copies it with its runtimeconfig), or else
    /// the CLI project's own output for the same configuration.
    /// </summary>
    public static string CliAssemblyPath
    {
        get
        {
            string beside = typeof(CliApp).Assembly.Location;
            if (System.IO.File.Exists(Path.ChangeExtension(beside, ".runtimeconfig.json"))) return beside;
            var testDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            string configuration = testDir.Parent!.Name; // …/bin/<Configuration>/net10.0
            var root = testDir;
            while (root is not null && !System.IO.File.Exists(Path.Combine(root.FullName, "CallGraph.sln"))) root = root.Parent;
            Assert.NotNull(root);
            return Path.Combine(root.FullName, "src", "CallGraph.Cli", "bin", configuration, testDir.Name, Path.GetFileName(beside));
        }
    }

    public static CliProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(CliAssemblyPath);
        foreach (string arg in args) info.ArgumentList.Add(arg);
        foreach (var (name, value) in environment) info.Environment[name] = value;
        var process = new Process { StartInfo = info };
        var cli = new CliProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (cli._stdout) cli._stdout.Append(e.Data).Append('\n'); };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (cli._stderr)
            {
                cli._stderr.Append(e.Data).Append('\n');
                cli._stderrLines.Add(e.Data);
                Monitor.PulseAll(cli._stderr);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>Waits until stderr has a line containing <paramref name="marker"/>; false on timeout or exit.</summary>
    public bool WaitForStderr(string marker, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        lock (_stderr)
        {
            while (!_stderrLines.Any(l => l.Contains(marker, StringComparison.Ordinal)))
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || _process.HasExited) return _stderrLines.Any(l => l.Contains(marker, StringComparison.Ordinal));
                Monitor.Wait(_stderr, TimeSpan.FromMilliseconds(Math.Min(200, left.TotalMilliseconds)));
            }
            return true;
        }
    }

    public CliResult WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            Kill();
            Assert.Fail($"the CLI did not finish within {timeout}; stderr: {Stderr}");
        }
        _process.WaitForExit(); // drains the redirected streams
        lock (_stdout) lock (_stderr) return new CliResult(_process.ExitCode, _stdout.ToString(), _stderr.ToString());
    }

    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    private string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
    }
}
