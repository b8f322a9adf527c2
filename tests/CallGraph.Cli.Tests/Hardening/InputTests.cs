using System.IO.Compression;
using System.Text.Json;
using static CallGraph.Cli.Tests.Hardening.CliRun;

namespace CallGraph.Cli.Tests.Hardening;

/// <summary>Issue 13's wrong results (W3, W5, W8), S2 end to end and the smaller cases.</summary>
public sealed class InputTests(HardeningWorld w) : IClassFixture<HardeningWorld>
{
    [Fact]
    public void W3_a_file_with_bare_CR_line_ends_exits_1()
    {
        string world = w.Copy();
        string cdr = Path.Combine(world, "cdr.csv");
        File.WriteAllText(cdr, File.ReadAllText(cdr).Replace('\n', '\r'));
        Assert.Contains("carriage return", AssertFails(Run("analyze", "--world", world, "--out", w.NewPath("out")), 1));
    }

    [Fact]
    public void W3_a_run_with_no_accepted_CDR_warns_on_stderr_and_in_the_summary()
    {
        string world = w.Copy();
        File.WriteAllText(Path.Combine(world, "cdr.csv"), "caller,callee,start_time,duration_s,type,cell_id\n13410385191,13430917916,20260601090000,10,voice,\n");
        string outDir = w.NewPath("out");
        var r = Run("analyze", "--world", world, "--out", outDir);
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("warning: only 1 CDR accepted", r.Err);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        Assert.Contains("only 1 CDR accepted", Assert.Single(summary.RootElement.GetProperty("warnings").EnumerateArray()).GetString());
        var normal = Run("analyze", "--world", w.World, "--out", w.NewPath("out"));
        Assert.DoesNotContain("warning", normal.Err);
    }

    [Fact]
    public void W5_a_repeated_group_id_in_the_groups_file_exits_1_naming_both_lines()
    {
        string world = w.Copy();
        string groups = Path.Combine(world, "groups.csv");
        var lines = File.ReadAllLines(groups).ToList();
        lines.Add(lines[1]);
        File.WriteAllLines(groups, lines);
        string line = AssertFails(Run("analyze", "--world", world, "--out", w.NewPath("out")), 1);
        Assert.Contains($"{groups}:{lines.Count}:1: group G00001 already given on line 2", line);
    }

    [Fact]
    public void W8_a_300_character_group_id_gets_a_safe_graph_file_name()
    {
        string world = w.Copy();
        string longId = "G" + new string('x', 299);
        foreach (string file in new[] { "members.csv", "groups.csv" })
        {
            string path = Path.Combine(world, file);
            File.WriteAllText(path, File.ReadAllText(path).Replace("G00001,", longId + ",", StringComparison.Ordinal));
        }
        string outDir = w.NewPath("out");
        var r = Run("analyze", "--world", world, "--report", "--groups-detail", "all", "--out", outDir);
        Assert.True(r.Code == 0, r.Err);
        Assert.DoesNotContain(".staging", r.Err + r.Out);
        var names = Directory.GetFiles(Path.Combine(outDir, "graphs")).Select(Path.GetFileName).ToArray();
        Assert.Equal(3, names.Length);
        Assert.All(names, n => Assert.True(n!.Length < 200, n));
        var report = Run("report", "--results", outDir, "--out", w.NewPath("report") + ".html", "--groups-detail", "all");
        Assert.True(report.Code == 0, report.Err);
        Assert.Contains("3 graphs", report.Out);
    }

    [Fact]
    public void S2_formula_text_from_the_groups_file_is_neutralised_in_every_csv()
    {
        string world = w.Copy();
        string groups = Path.Combine(world, "groups.csv");
        var lines = File.ReadAllLines(groups);
        lines[1] = "G00001,\"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",@SUM(A1),+manager,retail";
        File.WriteAllLines(groups, lines);
        string outDir = w.NewPath("out");
        var r = Run("analyze", "--world", world, "--out", outDir);
        Assert.True(r.Code == 0, r.Err);
        foreach (string csv in Directory.GetFiles(outDir, "*.csv"))
            foreach (string row in File.ReadAllLines(csv))
                foreach (string field in SplitCsv(row))
                    Assert.False(field.Length > 0 && field[0] is '=' or '+' or '@' or '\t' or '\r' || (field.StartsWith('-') && !double.TryParse(field, System.Globalization.CultureInfo.InvariantCulture, out _)),
                        $"{Path.GetFileName(csv)}: {row}");
        string groupsCsv = File.ReadAllText(Path.Combine(outDir, "groups.csv"));
        Assert.Contains("'@SUM(A1)", groupsCsv);
        Assert.Contains("'+manager", groupsCsv);
        // report reads the names back as they were given.
        string html = w.NewPath("report") + ".html";
        Assert.Equal(0, Run("report", "--results", outDir, "--out", html).Code);
        Assert.Contains("@SUM(A1)", File.ReadAllText(html));
        Assert.DoesNotContain("&#39;@SUM(A1)", File.ReadAllText(html));
        Assert.DoesNotContain("'@SUM(A1)", File.ReadAllText(html));
    }

    private static IEnumerable<string> SplitCsv(string row)
    {
        var field = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < row.Length; i++)
        {
            char c = row[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < row.Length && row[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { yield return field.ToString(); field.Clear(); }
            else field.Append(c);
        }
        yield return field.ToString();
    }

    [Fact]
    public void A_gzip_truncated_in_its_first_line_says_truncated_gzip()
    {
        string path = w.NewPath("cdr") + ".csv.gz";
        var full = new MemoryStream();
        using (var gz = new GZipStream(full, CompressionLevel.Optimal, leaveOpen: true))
            gz.Write(File.ReadAllBytes(Path.Combine(w.World, "cdr.csv")));
        File.WriteAllBytes(path, full.ToArray()[..30]);
        Assert.Contains("truncated gzip", AssertFails(Run("inspect", "--cdr", path), 1));
    }

    [Fact]
    public void A_folder_given_as_a_file_says_it_is_a_folder()
    {
        // --cdr takes a folder's files (issue 15): a world folder's first file that is not a CDR dump is named.
        Assert.Contains("missing required column", AssertFails(Run("inspect", "--cdr", w.World), 1));
        Assert.Contains("is a folder", AssertFails(Run("analyze", "--world", w.World, "--groups", w.World, "--out", w.NewPath("out")), 1));
        Assert.Contains("is a folder", AssertFails(Run("analyze", "--world", w.World, "--survey", w.World, "--out", w.NewPath("out")), 1));
    }

    [Fact]
    public void Purity_is_not_scored_when_no_group_is_scored()
    {
        var r = Run("analyze", "--world", w.World, "--min-group-size", "100000", "--out", w.NewPath("out"));
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("purity not scored", r.Out);
        Assert.DoesNotContain("purity 0.0%", r.Out);
    }

    [Fact]
    public void Generate_draws_no_progress_into_redirected_output()
    {
        var r = Run("generate", "--out", w.NewPath("gen"), "--cdrs", "3000", "--seed", "4");
        Assert.True(r.Code == 0, r.Err);
        Assert.DoesNotContain('\r', r.Err);
        Assert.Equal("", r.Err);
    }
}
