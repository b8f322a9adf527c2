using System.CommandLine;
using CallGraph.Reporting;
using CallGraph.Analysis;
using CallGraph.Cli.Infrastructure;
using CallGraph.Numbers;
using CallGraph.Graphs;
using CallGraph.Output;

namespace CallGraph.Cli.Commands;

/// <summary><c>callgraph export-graph</c>: one group's call graph as GraphML, DOT or JSON.</summary>
internal static class ExportGraphCommand
{
    public static Command Create()
    {
        var inputs = new AnalysisInputOptions();
        var group = new Option<string>("--group") { Description = "The group to export.", Required = true };
        var format = new Option<string>("--format") { Description = "graphml (Gephi, yEd), dot (Graphviz) or json (web tools).", DefaultValueFactory = _ => "graphml" };
        var all = new Option<bool>("--all-contacts") { Description = "Keep every outside contact (default: prospects, potential and competitor members, plus up to 200 contacts shared by 2+ members)." };
        var output = new Option<FileInfo?>("--out") { Description = "Output file (default: standard output)." };
        var command = new Command("export-graph", "Export one group's call graph, with verdicts and prospects, for Gephi, Graphviz or web tools.");
        inputs.AddTo(command);
        var quiet = QuietOption.Create();
        foreach (var o in new Option[] { group, format, all, output, quiet }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            string fmt = parse.GetValue(format)!.Trim().ToLowerInvariant();
            if (fmt is not ("graphml" or "dot" or "json")) throw new UsageException($"--format '{fmt}' must be graphml, dot or json");
            var input = inputs.Build(parse);
            string id = parse.GetValue(group)!;
            if (!input.Roster.GroupById.TryGetValue(id, out var rosterGroup))
                throw new InvalidDataException($"group '{id}' is not on the roster");
            var progress = ProgressReporter.For(parse.InvocationConfiguration.Error, parse.GetValue(quiet));
            CallGraphRun run;
            try
            {
                run = CallGraphPipeline.Run(input.Cdrs, input.Roster, input.Plan, input.Options, input.Groups, progress: progress, cancellationToken: CliCancellation.Token);
            }
            finally
            {
                progress.Finish();
            }
            var r = run.Result;
            // Graph files show third parties masked, or every number pseudonymised with --pseudonymise.
            using var labels = NumberDisplay.Use(input.Labels.Pictures);
            var data = GraphExport.Build(GroupGraph.Build(run.Aggregate, rosterGroup),
                r.Members.Where(m => m.GroupId == id).ToList(), r.Prospects.Where(c => c.GroupId == id).ToList(),
                r.PotentialMembers.Where(c => c.GroupId == id).ToList(), r.CompetitorLike.Where(c => c.GroupId == id).ToList(),
                parse.GetValue(all) ? GraphExportOptions.Full : null);
            void Write(TextWriter w)
            {
                switch (fmt)
                {
                    case "graphml": GraphExport.WriteGraphMl(w, data); break;
                    case "dot": GraphExport.WriteDot(w, data); break;
                    default: GraphExport.WriteJson(w, data); break;
                }
            }
            if (parse.GetValue(output) is { } file)
            {
                AtomicFile.WriteText(file.FullName, Write);
                if (!parse.GetValue(quiet)) parse.InvocationConfiguration.Error.WriteLine($"wrote {file.FullName} ({data.Nodes.Count} nodes, {data.Edges.Count} edges)");
            }
            else Write(parse.InvocationConfiguration.Output);
            input.Labels.WriteMap();
            return ExitCodes.Ok;
        });
        return command;
    }
}
