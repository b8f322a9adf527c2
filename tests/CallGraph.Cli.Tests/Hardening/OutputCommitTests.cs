using System.Diagnostics;
using CallGraph.Cli;
using static CallGraph.Cli.Tests.Hardening.CliRun;

namespace CallGraph.Cli.Tests.Hardening;

/// <summary>W1, W2, S3, C7, cancellation: an output folder is replaced whole or not at all, and nothing is left beside it.</summary>
public sealed class OutputCommitTests(HardeningWorld w) : IClassFixture<HardeningWorld>
{
    private static Dictionary<string, string> Snapshot(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(dir, f), File.ReadAllText);

    /// <summary>No staging, backup or temporary entry beside <paramref name="target"/>.</summary>
    internal static void AssertNothingBeside(string target)
    {
        string parent = Path.GetDirectoryName(Path.GetFullPath(target))!;
        string name = Path.GetFileName(Path.GetFullPath(target));
        Assert.Empty(Directory.GetFileSystemEntries(parent, "." + name + ".*"));
        Assert.DoesNotContain(Directory.GetFileSystemEntries(parent, name + ".*"), p => p.EndsWith(".tmp", StringComparison.Ordinal) || p.EndsWith(".partial", StringComparison.Ordinal));
    }

    [Fact]
    public void W2_a_second_run_replaces_the_whole_folder()
    {
        string outDir = w.NewPath("out");
        var first = Run("analyze", "--world", w.World, "--period", "month", "--survey", Path.Combine(w.World, "survey.csv"), "--report", "--out", outDir);
        Assert.True(first.Code == 0, first.Err);
        foreach (var f in new[] { "trends.csv", "alerts.csv", "calibration.json", "report.html" }) Assert.True(File.Exists(Path.Combine(outDir, f)), f);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(outDir, "graphs")));
        var second = Run("analyze", "--world", w.World, "--out", outDir);
        Assert.True(second.Code == 0, second.Err);
        foreach (var f in new[] { "trends.csv", "alerts.csv", "calibration.json", "report.html", "graphs" })
            Assert.False(Path.Exists(Path.Combine(outDir, f)), f + " of the first run survived");
        AssertNothingBeside(outDir);
    }

    [Fact]
    public void W1_a_run_failing_while_writing_leaves_the_previous_output_as_it_was()
    {
        string outDir = w.NewPath("out");
        Assert.Equal(0, Run("analyze", "--world", w.World, "--period", "month", "--out", outDir).Code);
        var before = Snapshot(outDir);
        // A detail group that is not in the results fails the run after the CSV files were written.
        var r = Run("analyze", "--world", w.World, "--report", "--groups-detail", "NOPE", "--out", outDir);
        Assert.NotEqual(0, r.Code);
        Assert.Equal(before, Snapshot(outDir));
        AssertNothingBeside(outDir);
    }

    [Fact]
    public void A_cancelled_run_leaves_the_previous_output_and_no_staging_folder()
    {
        string outDir = w.NewPath("out");
        Assert.Equal(0, Run("analyze", "--world", w.World, "--out", outDir).Code);
        var before = Snapshot(outDir);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApp.Run(["analyze", "--world", w.World, "--period", "week", "--out", outDir], o, e, cancelled.Token);
        Assert.Equal(130, code);
        Assert.DoesNotContain("   at ", e.ToString());
        Assert.Equal(before, Snapshot(outDir));
        AssertNothingBeside(outDir);
    }

    [Fact]
    public void SIGTERM_during_analyze_removes_the_staging_folder()
    {
        if (!OperatingSystem.IsLinux()) return;
        // The CDRs come through a named pipe, so the run is surely still reading when the signal arrives.
        string world = w.Copy();
        string cdr = Path.Combine(world, "cdr.csv");
        var rows = File.ReadAllLines(cdr);
        File.Delete(cdr);
        using (var mk = Process.Start("mkfifo", [cdr])) mk.WaitForExit();
        string outDir = w.NewPath("out");
        var start = new ProcessStartInfo("dotnet", ["exec", typeof(CliApp).Assembly.Location, "analyze", "--world", world, "--threads", "1", "--out", outDir])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var p = Process.Start(start)!;
        var pipe = new StreamWriter(new FileStream(cdr, FileMode.Open, FileAccess.Write)) { NewLine = "\n" };
        try
        {
            foreach (var row in rows.Take(100)) pipe.WriteLine(row);
            pipe.Flush();
            string parent = Path.GetDirectoryName(outDir)!;
            var clock = Stopwatch.StartNew();
            while (Directory.GetDirectories(parent, "." + Path.GetFileName(outDir) + ".staging-*").Length == 0 && clock.Elapsed < TimeSpan.FromSeconds(30)) Thread.Sleep(5);
            using (var kill = Process.Start("kill", ["-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
            Thread.Sleep(300);
            // Enough rows for several more chunks: the reader looks at the token between chunks.
            for (int i = 0; i < 12; i++)
                foreach (var row in rows.Skip(1)) pipe.WriteLine(row);
        }
        catch (IOException)
        {
            // The run stopped reading and closed the pipe (broken pipe): what the signal asked for.
        }
        finally
        {
            // Always close our end: a run still reading must see the end of its input, not wait for more.
            try { pipe.Dispose(); } catch (IOException) { }
        }
        Assert.True(p.WaitForExit(60_000), "the run did not end after SIGTERM and the end of its input");
        string err = p.StandardError.ReadToEnd();
        Assert.True(p.ExitCode == 130, $"exit {p.ExitCode}: {err}");
        Assert.DoesNotContain("   at ", err);
        Assert.False(Directory.Exists(outDir));
        AssertNothingBeside(outDir);
    }

    [Fact]
    public void S3_the_root_and_a_foreign_non_empty_folder_are_refused()
    {
        Assert.Contains("root", AssertFails(Run("analyze", "--world", w.World, "--out", "/"), 2));
        string foreign = w.NewPath("home");
        Directory.CreateDirectory(foreign);
        File.WriteAllText(Path.Combine(foreign, "thesis.docx"), "precious");
        Assert.Contains("not a CallGraph output", AssertFails(Run("analyze", "--world", w.World, "--out", foreign), 2));
        Assert.Equal(["thesis.docx"], Directory.GetFileSystemEntries(foreign).Select(Path.GetFileName));
        // An empty folder and an earlier output are fine.
        string empty = w.NewPath("empty");
        Directory.CreateDirectory(empty);
        Assert.Equal(0, Run("analyze", "--world", w.World, "--out", empty).Code);
        Assert.Equal(0, Run("analyze", "--world", w.World, "--out", empty).Code);
    }

    [Fact]
    public void C7_a_full_disk_exits_1_with_one_line_and_keeps_the_previous_output()
    {
        // Needs a small file system: a tmpfs, which only root can mount (CI runs as root; elsewhere this test is vacuous).
        string mount = w.NewPath("tiny");
        Directory.CreateDirectory(mount);
        using (var m = Process.Start(new ProcessStartInfo("mount", ["-t", "tmpfs", "-o", "size=200k", "tmpfs", mount]) { RedirectStandardError = true })!)
        {
            m.WaitForExit();
            if (m.ExitCode != 0) return;
        }
        try
        {
            string outDir = Path.Combine(mount, "out");
            Assert.Equal(0, Run("analyze", "--world", w.World, "--out", outDir).Code);
            var before = Snapshot(outDir);
            File.WriteAllBytes(Path.Combine(mount, "filler"), new byte[90_000]);
            string line = AssertFails(Run("analyze", "--world", w.World, "--period", "month", "--out", outDir), 1);
            Assert.Contains("No space left on device", line);
            Assert.DoesNotContain(".staging", line);
            Assert.Equal(before, Snapshot(outDir));
            AssertNothingBeside(outDir);
            // The disk fills while rejects.csv is written, during the read.
            string world = w.Copy();
            string cdr = Path.Combine(world, "cdr.csv");
            File.WriteAllText(cdr, File.ReadAllText(cdr).Replace(",voice,", ",bogus,", StringComparison.Ordinal));
            line = AssertFails(Run("analyze", "--world", world, "--max-rejects", "100%", "--out", outDir), 1);
            Assert.Contains("No space left on device", line);
            Assert.DoesNotContain(".staging", line);
            Assert.Equal(before, Snapshot(outDir));
            AssertNothingBeside(outDir);
        }
        finally
        {
            using var u = Process.Start("umount", [mount]);
            u.WaitForExit();
        }
    }

    [Fact]
    public void Report_and_export_graph_write_their_file_whole_and_leave_no_temporary_file()
    {
        string outDir = w.NewPath("out");
        Assert.Equal(0, Run("analyze", "--world", w.World, "--out", outDir).Code);
        string html = w.NewPath("report") + ".html";
        Assert.Equal(0, Run("report", "--results", outDir, "--out", html).Code);
        Assert.True(File.Exists(html));
        AssertNothingBeside(html);
        string graph = w.NewPath("graph") + ".graphml";
        var g = Run("export-graph", "--world", w.World, "--group", "G00001", "--out", graph);
        Assert.True(g.Code == 0, g.Err);
        Assert.True(File.Exists(graph));
        AssertNothingBeside(graph);
        // A folder given where a file belongs.
        Assert.Contains("is a folder", AssertFails(Run("report", "--results", outDir, "--out", outDir), 2));
        Assert.Contains("is a folder", AssertFails(Run("export-graph", "--world", w.World, "--group", "G00001", "--out", outDir), 2));
    }

    [Fact]
    public void A_rejects_file_is_written_whole_or_not_at_all()
    {
        string world = w.Copy();
        File.AppendAllText(Path.Combine(world, "cdr.csv"), "13410385191,not-a-number,20260601090000,10,voice,\n");
        string rejects = w.NewPath("rejects") + ".csv";
        File.WriteAllText(rejects, "previous");
        // --max-rejects 0: the bad row fails the run after the reject was written.
        AssertFails(Run("analyze", "--world", world, "--rejects", rejects, "--max-rejects", "0", "--out", w.NewPath("out")), 1);
        Assert.Equal("previous", File.ReadAllText(rejects));
        AssertNothingBeside(rejects);
        var ok = Run("analyze", "--world", world, "--rejects", rejects, "--out", w.NewPath("out"));
        Assert.True(ok.Code == 0, ok.Err);
        Assert.Contains("not-a-number", File.ReadAllText(rejects));
        AssertNothingBeside(rejects);
    }
}
