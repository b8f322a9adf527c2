using System.Diagnostics;
using Microsoft.Data.Sqlite;
using CallGraph.Cli.Commands;

namespace CallGraph.Cli.Tests.Campaigns;

/// <summary>
/// The campaign items of the hardening issue through the CLI: odd values end with exit 1 and one line,
/// the store is never made from the wrong file, exports are never left half written, stored text cannot
/// forge output lines, exports cannot carry formulas, and a read-only store can be read.
/// </summary>
public sealed class CampaignHardeningTests : IDisposable
{
    private const string ProspectHeader = "group_id,msisdn,operator,members_contacted,member_share\n";
    private readonly CampaignWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private void CampaignWithFixtureTargets()
    {
        _ws.CampaignOk("create", "--name", "Spring push");
        _ws.CampaignOk("select", "--campaign", "1", "--prospects", _ws.Write("prospects.csv", CampaignFixture.Prospects), "--min-share", "0.1");
    }

    private static string OneLine(CliResult result)
    {
        string[] lines = result.Stderr.Replace("\r\n", "\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got: {result.Stderr}");
        return lines[0];
    }

    // --- C5 -----------------------------------------------------------------------------------------

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e308")]
    [InlineData("2")]
    public void Select_with_a_member_share_that_is_not_a_share_exits_1_naming_file_line_and_column(string share)
    {
        _ws.CampaignOk("create", "--name", "c");
        string file = _ws.Write("p.csv", ProspectHeader + "G1,13900000001,unicom,3,0.5\nG1,13900000002,unicom,3," + share + "\n");
        var result = _ws.Campaign("select", "--campaign", "1", "--prospects", file);
        Assert.Equal((1, $"callgraph: {file}:3:5: member_share '{share}' is not a decimal between 0 and 1"), (result.ExitCode, OneLine(result)));
        Assert.Equal("targets: 0 (0 assigned)", _ws.CampaignOk("show", "--campaign", "1").Lines[7]);
    }

    // --- C6 -----------------------------------------------------------------------------------------

    [Fact]
    public void Revenue_beyond_the_maximum_is_refused_and_the_report_keeps_working()
    {
        CampaignWithFixtureTargets();
        string huge = _ws.Write("huge.csv",
            "msisdn,outcome,revenue,cost\n13800000001,won,79228162514264337593543950335,1\n13800000002,won,79228162514264337593543950335,1\n");
        var result = _ws.Campaign("feedback", "--campaign", "1", "--file", huge);
        Assert.Equal((1, $"callgraph: {huge}:2:3: revenue '79228162514264337593543950335' is not an amount from 0 to 1000000000000000 with at most 4 decimals (digits and '.')"),
            (result.ExitCode, OneLine(result)));
        var single = _ws.Campaign("feedback", "--campaign", "1", "--msisdn", "13800000001", "--outcome", "won", "--revenue", "79228162514264337593543950335", "--cost", "1");
        Assert.Equal(2, single.ExitCode);

        // The largest amounts allowed, on every target, still report.
        string max = _ws.Write("max.csv", "msisdn,outcome,revenue,cost\n" +
            string.Concat(Enumerable.Range(1, 9).Select(i => $"1380000000{i},won,1000000000000000,0.0001\n")));
        _ws.CampaignOk("feedback", "--campaign", "1", "--file", max);
        var report = _ws.CampaignOk("report", "--campaign", "1", "--json");
        Assert.Contains("\"revenue\": 9000000000000000,", report.Stdout);
        _ws.CampaignOk("report", "--campaign", "1");
    }

    [Fact]
    public void A_store_holding_an_overflowing_amount_reports_one_clear_line()
    {
        CampaignWithFixtureTargets();
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _ws.Database, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE targets SET outcome = 'won', revenue = '79228162514264337593543950335' WHERE msisdn IN ('13800000001', '13800000002');";
            Assert.Equal(2, command.ExecuteNonQuery());
        }
        var result = _ws.Campaign("report", "--campaign", "1");
        Assert.Equal((1, "callgraph: campaign 1: the report's sums are too large to compute: targets 13800000001, 13800000002 " +
            "(amounts above 1000000000000000); record corrected feedback for them"), (result.ExitCode, OneLine(result)));
        _ws.CampaignOk("feedback", "--campaign", "1", "--file", _ws.Write("fix.csv", "msisdn,outcome,revenue,cost\n13800000001,won,10,1\n13800000002,won,20,1\n"));
        _ws.CampaignOk("report", "--campaign", "1");
    }

    // --- W9 -----------------------------------------------------------------------------------------

    [Fact]
    public void An_empty_db_file_is_not_turned_into_a_store()
    {
        File.WriteAllBytes(_ws.Database, []);
        foreach (string[] args in new[] { new[] { "create", "--name", "x" }, ["list"] })
        {
            var result = _ws.Campaign(args);
            Assert.Equal((1, $"callgraph: {_ws.Database}: not a campaign store (it is an empty file; remove it or give another --db)"),
                (result.ExitCode, OneLine(result)));
        }
        Assert.Equal(0, new FileInfo(_ws.Database).Length);
    }

    [Theory]
    [InlineData("PRAGMA user_version = 2;")]
    [InlineData("CREATE TABLE campaigns (id INTEGER PRIMARY KEY, name TEXT); PRAGMA user_version = 2;")]
    [InlineData("CREATE TABLE notes (x); PRAGMA application_id = 7;")]
    public void A_malformed_store_refuses_create_with_one_line(string sql)
    {
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _ws.Database, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
        byte[] before = File.ReadAllBytes(_ws.Database);
        var result = _ws.Campaign("create", "--name", "x");
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"callgraph: {_ws.Database}: not a campaign store (", OneLine(result));
        Assert.Equal(before, File.ReadAllBytes(_ws.Database));
    }

    [Fact]
    public void A_text_file_as_db_is_refused_and_kept()
    {
        File.WriteAllText(_ws.Database, "group_id,msisdn\nG1,13900000001\n");
        var result = _ws.Campaign("create", "--name", "x");
        Assert.Equal((1, $"callgraph: {_ws.Database}: not a campaign store (it is not an SQLite database)"), (result.ExitCode, OneLine(result)));
        Assert.Equal("group_id,msisdn\nG1,13900000001\n", File.ReadAllText(_ws.Database));
    }

    // --- W10 ----------------------------------------------------------------------------------------

    [Fact]
    public void A_failed_write_keeps_the_old_file_and_leaves_no_temporary_file()
    {
        string path = _ws.Write("export.csv", "the previous export\n");
        var error = Assert.Throws<IOException>(() => CampaignFiles.WriteAtomically(path, writer =>
        {
            writer.Write(new string('x', 200_000)); // past the writer's buffer: bytes reach the file
            throw new IOException("No space left on device");
        }));
        Assert.Equal("No space left on device", error.Message);
        Assert.Equal("the previous export\n", File.ReadAllText(path));
        Assert.Equal(["export.csv"], Directory.GetFiles(_ws.Root).Select(Path.GetFileName));
    }

    [Fact]
    public void Export_replaces_the_old_file_and_leaves_nothing_else()
    {
        CampaignWithFixtureTargets();
        string path = _ws.Write("export.csv", "the previous export, longer than nothing\n");
        _ws.CampaignOk("export", "--campaign", "1", "--out", path);
        string[] lines = File.ReadAllLines(path);
        Assert.Equal(10, lines.Length);
        Assert.StartsWith("campaign_id,msisdn,", lines[0]);
        Assert.Empty(Directory.GetFiles(_ws.Root, "*.tmp"));
        var toFolder = _ws.Campaign("export", "--campaign", "1", "--out", _ws.Root);
        Assert.Equal(1, toFolder.ExitCode);
    }

    /// <summary>
    /// A real full disk: a small tmpfs, filled. Needs root and mount (as CI runs); elsewhere the
    /// injected failure above covers the same code.
    /// </summary>
    [Fact]
    public void Export_on_a_full_disk_keeps_the_old_file()
    {
        if (Environment.UserName != "root") return;
        CampaignWithFixtureTargets();
        string mount = _ws.File("small-disk");
        Directory.CreateDirectory(mount);
        if (Run("mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", mount) != 0) return;
        try
        {
            string path = Path.Combine(mount, "targets.csv");
            _ws.CampaignOk("export", "--campaign", "1", "--out", path);
            string old = File.ReadAllText(path);
            // The next export is longer than the disk has room for.
            _ws.CampaignOk("feedback", "--campaign", "1", "--msisdn", "13800000001", "--outcome", "won", "--revenue", "1", "--cost", "1",
                "--note", new string('n', 64 * 1024));
            try
            {
                using var filler = new FileStream(Path.Combine(mount, "filler"), FileMode.Create);
                var block = new byte[4096];
                while (true) filler.Write(block);
            }
            catch (IOException) { } // the disk is full

            var result = _ws.Campaign("export", "--campaign", "1", "--out", path);
            Assert.Equal(1, result.ExitCode);
            Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Equal(old, File.ReadAllText(path));
            Assert.Equal(["filler", "targets.csv"], Directory.GetFiles(mount).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        }
        finally
        {
            Run("umount", mount);
        }
    }

    /// <summary>A store on a disk that fills during an import: exit 1 with one line, and nothing of the import kept.</summary>
    [Fact]
    public void An_import_on_a_full_disk_fails_cleanly_and_keeps_the_store_as_it_was()
    {
        if (Environment.UserName != "root") return;
        string mount = _ws.File("small-disk");
        Directory.CreateDirectory(mount);
        if (Run("mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", mount) != 0) return;
        try
        {
            string db = Path.Combine(mount, "campaigns.db");
            CliResult On(params string[] args)
            {
                var stdout = new StringWriter();
                var stderr = new StringWriter();
                int code = CliApp.Run(["campaign", .. args, "--db", db], stdout, stderr);
                return new CliResult(code, stdout.ToString(), stderr.ToString());
            }
            Assert.Equal(0, On("create", "--name", "c").ExitCode);
            Assert.Equal(0, On("select", "--campaign", "1", "--prospects", _ws.Write("prospects.csv", CampaignFixture.Prospects)).ExitCode);
            Assert.Equal(0, On("export", "--campaign", "1", "--out", _ws.File("before.csv")).ExitCode);
            string before = File.ReadAllText(_ws.File("before.csv"));
            string filler = Path.Combine(mount, "filler");
            try
            {
                using var stream = new FileStream(filler, FileMode.Create);
                var block = new byte[4096];
                while (true) stream.Write(block);
            }
            catch (IOException) { } // the disk is full
            string notes = _ws.Write("big.csv", "msisdn,outcome,revenue,cost,note\n" +
                string.Concat(Enumerable.Range(1, 9).Select(i => $"1380000000{i},won,1,1,{new string('n', 32 * 1024)}\n")));

            var result = On("feedback", "--campaign", "1", "--file", notes);
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("full", Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));

            File.Delete(filler);
            Assert.Equal(0, On("export", "--campaign", "1", "--out", _ws.File("after.csv")).ExitCode);
            Assert.Equal(before, File.ReadAllText(_ws.File("after.csv")));
        }
        finally
        {
            Run("umount", mount);
        }
    }

    private static int Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        process.WaitForExit();
        return process.ExitCode;
    }

    // --- S4 -----------------------------------------------------------------------------------------

    [Fact]
    public void A_campaign_name_with_a_line_break_is_refused()
    {
        var result = _ws.Campaign("create", "--name", "Spring\n2  Forged  open  -  -  -  0  0  0  0");
        Assert.Equal((1, "callgraph: a campaign name cannot hold control characters (line breaks, tabs, escapes)"), (result.ExitCode, OneLine(result)));
    }

    [Fact]
    public void A_note_with_line_breaks_is_kept_but_shown_escaped_in_the_audit()
    {
        CampaignWithFixtureTargets();
        string audit = _ws.CampaignOk("show", "--campaign", "1", "--audit").Stdout;
        string note = "called\n2026-03-01T00:00:00Z  boss  campaign.close  -  status=closed\r\u001b[2J";
        _ws.CampaignOk("feedback", "--campaign", "1", "--msisdn", "13800000001", "--outcome", "won", "--revenue", "1", "--cost", "1", "--note", note);
        string[] after = _ws.CampaignOk("show", "--campaign", "1", "--audit").Lines;
        Assert.Equal(audit.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length + 1, after.Length);
        Assert.EndsWith(@"note=called\n2026-03-01T00:00:00Z  boss  campaign.close  -  status=closed\r\u001b[2J (was outcome=none revenue=0 cost=0)", after[^1]);
        Assert.DoesNotContain(after, l => l.Contains('\u001b') || l.Contains('\r'));

        // Stored as given.
        string export = _ws.File("t.csv");
        _ws.CampaignOk("export", "--campaign", "1", "--out", export);
        Assert.Contains("\"" + note + "\"", File.ReadAllText(export));
    }

    [Fact]
    public void A_stored_name_with_a_line_break_is_listed_on_one_line()
    {
        _ws.CampaignOk("create", "--name", "placeholder");
        // As a store written before names were checked holds it.
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _ws.Database, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE campaigns SET name = 'Spring' || char(10) || '2  Forged' WHERE id = 1;";
            command.ExecuteNonQuery();
        }
        string[] list = _ws.CampaignOk("list").Lines;
        Assert.Equal(2, list.Length);
        Assert.StartsWith(@" 1  Spring\n2  Forged  open", list[1]);
        Assert.Contains(@"name: Spring\n2  Forged", _ws.CampaignOk("show", "--campaign", "1").Stdout);
        Assert.StartsWith(@"campaign 1: Spring\n2  Forged (open)", _ws.CampaignOk("report", "--campaign", "1").Stdout);
    }

    // --- S2 -----------------------------------------------------------------------------------------

    [Fact]
    public void Export_neutralises_formulas_from_prospects_groups_and_notes()
    {
        _ws.CampaignOk("create", "--name", "c");
        string prospects = _ws.Write("p.csv", ProspectHeader + "\"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",13900000001,@unicom,3,0.5\n");
        _ws.CampaignOk("select", "--campaign", "1", "--prospects", prospects);
        string groups = _ws.Write("g.csv", "group_id,name,branch,account_manager\n\"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",n,b,+mgr\n");
        _ws.CampaignOk("assign", "--campaign", "1", "--groups", groups, "--strategy", "account-manager");
        _ws.CampaignOk("feedback", "--campaign", "1", "--msisdn", "13900000001", "--outcome", "won", "--revenue", "1", "--cost", "1", "--note", "-2+3");
        string export = _ws.File("t.csv");
        _ws.CampaignOk("export", "--campaign", "1", "--out", export);
        Assert.Equal("1,13900000001,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",'@unicom,3,0.5,\"[0.5,1]\",'+mgr,won,1,1,'-2+3\n",
            File.ReadAllLines(export)[1] + "\n");
    }

    // --- read-only store ----------------------------------------------------------------------------

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_store_on_a_read_only_file_and_folder_can_be_listed_shown_reported_and_exported()
    {
        CampaignWithFixtureTargets();
        _ws.CampaignOk("feedback", "--campaign", "1", "--file", _ws.Write("feedback.csv", CampaignFixture.Feedback));
        string expectedList = _ws.CampaignOk("list").Stdout;
        string expectedReport = _ws.CampaignOk("report", "--campaign", "1").Stdout;
        string outFolder = Path.Combine(Path.GetTempPath(), "callgraph-ro-out-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(outFolder);
        try
        {
            using (ReadOnly.Lock(_ws.Database, _ws.Root))
            {
                Assert.Equal(expectedList, _ws.CampaignOk("list").Stdout);
                Assert.Equal(expectedReport, _ws.CampaignOk("report", "--campaign", "1").Stdout);
                _ws.CampaignOk("show", "--campaign", "1", "--audit");
                _ws.CampaignOk("export", "--campaign", "1", "--out", Path.Combine(outFolder, "t.csv"));
                var write = _ws.Campaign("close", "--campaign", "1");
                Assert.Equal((1, $"callgraph: {_ws.Database}: the store is read-only here; list, show, report and export can read it, changes need write access"),
                    (write.ExitCode, OneLine(write)));
            }
            Assert.Equal(10, File.ReadAllLines(Path.Combine(outFolder, "t.csv")).Length);
        }
        finally
        {
            Directory.Delete(outFolder, recursive: true);
        }
    }
}

/// <summary>
/// Makes files and folders read-only for a test, even for root: <c>chattr +i</c> (which root obeys) when
/// running as root, file modes otherwise. Undone on dispose.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ReadOnly : IDisposable
{
    private readonly string[] _paths;
    private readonly bool _immutable;

    private ReadOnly(string[] paths, bool immutable)
    {
        _paths = paths;
        _immutable = immutable;
    }

    public static ReadOnly Lock(params string[] paths)
    {
        bool root = Environment.UserName == "root";
        foreach (string path in paths)
        {
            if (root) Chattr("+i", path);
            else File.SetUnixFileMode(path, Directory.Exists(path) ? UnixFileMode.UserRead | UnixFileMode.UserExecute : UnixFileMode.UserRead);
        }
        var locked = new ReadOnly(paths, root);
        // The lock must hold, or the test proves nothing.
        string probe = Directory.Exists(paths[^1]) ? Path.Combine(paths[^1], "probe") : paths[^1] + "-probe";
        try
        {
            Assert.ThrowsAny<Exception>(() => File.WriteAllText(probe, "x"));
        }
        catch
        {
            locked.Dispose();
            throw;
        }
        return locked;
    }

    private static void Chattr(string flag, string path)
    {
        using var process = Process.Start("chattr", [flag, path]);
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"chattr {flag} {path} failed");
    }

    public void Dispose()
    {
        foreach (string path in _paths.Reverse())
        {
            if (_immutable) Chattr("-i", path);
            else File.SetUnixFileMode(path, Directory.Exists(path)
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                : UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
