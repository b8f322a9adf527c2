using System.CommandLine;
using System.Globalization;
using System.Text;
using CallGraph.Cli.Infrastructure;
using CallGraph.Ingest;
using CallGraph.Output;
using CallGraph.Reporting;

namespace CallGraph.Cli.Commands;

/// <summary><c>callgraph report</c>: one self-contained HTML report from an <c>analyze</c> output folder.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var results = new Option<DirectoryInfo>("--results") { Description = "Output folder of 'callgraph analyze' (groups.csv required; members.csv, prospects.csv, graphs/*.json … used when present).", Required = true };
        var output = new Option<FileInfo?>("--out") { Description = "Report file to write (default: <results>/report.html)." };
        var detail = new Option<string>("--groups-detail")
        {
            Description = "Groups shown in detail: top:N (largest rosters, default top:100), all, or a list G1,G2.",
            DefaultValueFactory = _ => "top:100",
        };
        var title = new Option<string?>("--title") { Description = "Report title (default: CallGraph report)." };
        var command = new Command("report", "Build report.html from an analyze output folder: overview, branch and manager share, top prospects, share alerts, and a call-graph page per detail group.");
        command.Options.Add(results);
        command.Options.Add(output);
        command.Options.Add(detail);
        command.Options.Add(title);
        command.SetAction(parse => Run(parse.GetValue(results)!, parse.GetValue(output), parse.GetValue(detail) ?? "top:100",
            parse.GetValue(title), parse.InvocationConfiguration.Output));
        return command;
    }

    private static int Run(DirectoryInfo results, FileInfo? output, string groupsDetail, string? title, TextWriter stdout)
    {
        if (!results.Exists) throw new DirectoryNotFoundException($"results folder {results.FullName} does not exist");
        string groupsPath = Path.Combine(results.FullName, ReportLoader.GroupsFile);
        if (!File.Exists(groupsPath)) throw new DataException(groupsPath, 0, 0, "missing: not an analyze output folder (groups.csv is required)");
        var options = new ReportOptions { GroupsDetail = groupsDetail };
        string root = Path.GetFullPath(results.FullName);

        TextReader? Open(string name)
        {
            string path = Path.GetFullPath(Path.Combine(root, name.Replace('/', Path.DirectorySeparatorChar)));
            if (!path.StartsWith(root, StringComparison.Ordinal) || !File.Exists(path)) return null;
            return new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        }

        ReportModel model;
        try
        {
            model = ReportLoader.Load(Open, options, title ?? "CallGraph report", "Results: " + root);
        }
        catch (FormatException ex)
        {
            throw new UsageException(ex.Message);
        }
        catch (DataException ex) when (!Path.IsPathRooted(ex.Source))
        {
            // Name the file with its folder so the message alone says where to look.
            throw new DataException(Path.Combine(root, ex.Source), ex.Line, ex.Column, ex.Reason, ex);
        }
        catch (InvalidDataException ex) when (ex.Message.StartsWith("graphs/", StringComparison.Ordinal) || ex.Message.StartsWith("summary.json", StringComparison.Ordinal))
        {
            throw new InvalidDataException(Path.Combine(root, ex.Message), ex);
        }

        var target = output ?? new FileInfo(Path.Combine(root, "report.html"));
        AtomicFile.WriteText(target.FullName, writer => HtmlReport.Write(writer, model, options));
        target.Refresh();
        int detailCount = options.SelectDetailGroups(model.Groups).Count;
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {target.FullName} ({model.Groups.Count:N0} groups, {detailCount:N0} in detail, {model.Graphs.Count:N0} graphs, {target.Length / 1024.0:N0} KB)"));
        return ExitCodes.Ok;
    }
}
