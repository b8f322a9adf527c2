using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using CallGraph.Output;
using CallGraph.Cli.Tests.Report;
using CallGraph.Reporting;

namespace CallGraph.Cli.Tests.ReportBrowser;

/// <summary>
/// A test that needs a headless browser: it runs whenever one is found (<c>CHROMIUM</c> names it, else the usual
/// install paths), is skipped with the reason when none is and <c>CI</c> is not set (a fresh developer machine), and
/// runs, and so fails, under <c>CI=true</c>, where <c>.ci/run</c> installs Debian's chromium.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    private static readonly string[] UsualPaths = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/snap/bin/chromium"];

    /// <summary>Why a browser test cannot run.</summary>
    public const string NotFound = "no headless browser found (set CHROMIUM to its binary, or apt-get install chromium; .ci/run installs it on CI)";

    /// <summary>Skips the test when no browser is found outside CI.</summary>
    public BrowserFactAttribute()
    {
        bool ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (FindBrowser() is null && !ci) Skip = NotFound;
    }

    /// <summary>The browser binary: <c>CHROMIUM</c> when set, else the first of the usual paths that exists; null when none does.</summary>
    public static string? FindBrowser()
    {
        string? named = Environment.GetEnvironmentVariable("CHROMIUM");
        if (!string.IsNullOrEmpty(named)) return File.Exists(named) ? named : null;
        return UsualPaths.FirstOrDefault(File.Exists);
    }
}

/// <summary>
/// Renders the report in a real headless browser (Debian's chromium) and checks the DOM after the page's
/// script ran: no console errors, one drawn graph per detail group, figures equal to groups.csv.
/// </summary>
public class ReportBrowserTests
{
    private static string Chromium() =>
        BrowserFactAttribute.FindBrowser() ?? throw new InvalidOperationException(BrowserFactAttribute.NotFound);

    private static (string Dom, string Log) DumpDom(string htmlPath)
    {
        string profile = Path.Combine(Path.GetTempPath(), "callgraph-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        try
        {
            var start = new ProcessStartInfo(Chromium()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0", "--dump-dom",
                new Uri(htmlPath).AbsoluteUri })
                start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(120_000))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("chromium did not finish in 120 s");
            }
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, "chromium exited with " + process.ExitCode + ":\n" + stderr.Result);
            return (stdout.Result, stderr.Result);
        }
        finally
        {
            try { Directory.Delete(profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    [BrowserFact]
    public void The_report_loads_in_chromium_without_errors_and_shows_the_figures_of_groups_csv()
    {
        using var folder = new ResultsFolder();
        var (code, _, stderr) = ResultsFolder.Run("report", "--results", folder.Dir, "--groups-detail", "all");
        Assert.True(code == 0, stderr);
        var (dom, log) = DumpDom(folder.PathOf("report.html"));

        // The page's script ran to its end and found every graph.
        var body = Regex.Match(dom, "<body([^>]*)>");
        Assert.True(body.Success, "no <body> in the dumped DOM");
        Assert.Contains("data-ready=\"1\"", body.Groups[1].Value);
        Assert.Contains("data-svgs=\"5\"", body.Groups[1].Value);
        // Nothing was written to the console: no uncaught exception, no error.
        var console = log.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal) || l.Contains("Uncaught", StringComparison.Ordinal)).ToList();
        Assert.True(console.Count == 0, "console output:\n" + string.Join('\n', console));

        IReadOnlyList<CallGraph.Analysis.GroupSummary> groups;
        using (var reader = new StreamReader(folder.PathOf("groups.csv")))
            groups = ResultReader.ReadGroups(reader, "groups.csv");
        Assert.Equal(5, groups.Count);
        Assert.Contains("data-f=\"groups-analysed\"><div class=\"v\">5</div>", dom);
        foreach (var g in groups)
        {
            string anchor = HtmlReport.Anchor(g.GroupId);
            int start = dom.IndexOf("<section id=\"" + anchor + "\"", StringComparison.Ordinal);
            Assert.True(start >= 0, "no section for " + g.GroupId);
            string section = dom[start..dom.IndexOf("</section>", start, StringComparison.Ordinal)];
            Assert.Contains("<svg class=\"graph", section);
            Assert.Contains("<circle", section);

            int row = dom.IndexOf("<tr data-group=\"" + g.GroupId + "\">", StringComparison.Ordinal);
            Assert.True(row >= 0, "no overview row for " + g.GroupId);
            string tr = dom[row..dom.IndexOf("</tr>", row, StringComparison.Ordinal)];
            var shown = Regex.Matches(tr, "data-f=\"([a-z_]+)\"[^>]*>(.*?)</td>")
                .ToDictionary(m => m.Groups[1].Value, m => Regex.Replace(m.Groups[2].Value, "<[^>]+>", ""));
            Assert.Equal(g.Roster.ToString("N0", CultureInfo.InvariantCulture), shown["roster"]);
            Assert.Equal(g.Genuine.ToString("N0", CultureInfo.InvariantCulture), shown["genuine"]);
            Assert.Equal(g.Suspect.ToString("N0", CultureInfo.InvariantCulture), shown["suspect"]);
            Assert.Equal(g.Fake.ToString("N0", CultureInfo.InvariantCulture), shown["fake"]);
            Assert.Equal(g.Prospects.ToString("N0", CultureInfo.InvariantCulture), shown["prospects"]);
            Assert.Equal(g.Scored ? (g.Purity * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "not scored", shown["purity"]);
            Assert.Equal(g.MarketShare is double s ? (s * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—", shown["market_share"]);
        }
        Assert.Contains("中国移动测试集团", dom);
        Assert.Contains("&lt;script&gt;alert('x')&lt;/script&gt; &amp; Co", dom);
    }

    [BrowserFact]
    public void Table_sort_and_search_work_in_the_browser()
    {
        using var folder = new ResultsFolder(withPeriods: false);
        var (code, _, stderr) = ResultsFolder.Run("report", "--results", folder.Dir, "--groups-detail", "all");
        Assert.True(code == 0, stderr);
        // A copy of the report with a probe that clicks the Roster header twice and types into the search box.
        const string probe = """
<script>
(function () {
  var table = document.getElementById('t-groups');
  var roster = Array.prototype.filter.call(table.tHead.rows[0].cells, function (c) { return c.textContent === 'Roster'; })[0];
  function order() { return Array.prototype.map.call(table.tBodies[0].rows, function (r) { return r.getAttribute('data-group'); }).join(','); }
  roster.click();
  var ascending = order();
  roster.click();
  var descending = order();
  var input = document.querySelector('input.filter[data-table="t-groups"]');
  input.value = 'tiny';
  input.dispatchEvent(new Event('input'));
  var visible = Array.prototype.filter.call(table.tBodies[0].rows, function (r) { return !r.hidden; }).length;
  document.body.setAttribute('data-probe', ascending + '|' + descending + '|' + visible);
}());
</script>
""";
        string html = File.ReadAllText(folder.PathOf("report.html"));
        string probed = folder.PathOf("probed.html");
        File.WriteAllText(probed, html.Replace("</body>", probe + "</body>", StringComparison.Ordinal));
        var (dom, log) = DumpDom(probed);
        Assert.DoesNotContain("Uncaught", log);
        var result = Regex.Match(dom, "data-probe=\"([^\"]*)\"");
        Assert.True(result.Success, "the probe did not run");
        // Rosters: G00005 5, G00004 12, G00003 16, G00002 22, G00001 36.
        Assert.Equal("G00005,G00004,G00003,G00002,G00001|G00001,G00002,G00003,G00004,G00005|1", result.Groups[1].Value);
    }
}
