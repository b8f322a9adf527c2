using CallGraph.Cli.Infrastructure;
using CallGraph.Ingest;

namespace CallGraph.Cli.Tests.Commands;

public class ProgressReporterTests
{
    [Fact]
    public void Interactive_mode_redraws_one_line_and_clears_it()
    {
        var writer = new StringWriter();
        var reporter = new ProgressReporter(writer, interactive: true);
        Thread.Sleep(250);
        reporter.Report(new IngestProgress(50, 100, 1234, 0, "a.csv"));
        reporter.Finish();
        string text = writer.ToString();
        Assert.StartsWith("\r[############............]  50.0% of 0.0 MB  1,234 rows", text);
        Assert.EndsWith("\r\u001b[K", text);
        Assert.DoesNotContain('\n', text);
    }

    [Fact]
    public void Redirected_mode_is_quiet_on_short_runs()
    {
        var writer = new StringWriter();
        var reporter = ProgressReporter.For(writer);
        reporter.Report(new IngestProgress(50, null, 10, 0, "a.csv"));
        reporter.Finish();
        Assert.Equal("", writer.ToString());
    }
}
