using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CallGraph.Cli.Infrastructure;
using CallGraph.Evaluation;

namespace CallGraph.Cli.Commands;

/// <summary><c>callgraph evaluate</c>: scores an analyze output against a generated world's truth.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var truth = new Option<DirectoryInfo>("--truth") { Description = "Folder of a generated world (truth_members.csv, truth_groups.csv, …).", Required = true };
        var results = new Option<DirectoryInfo>("--results") { Description = "Output folder of `callgraph analyze`.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var command = new Command("evaluate", "Precision, recall, F1 and ROC AUC of the fake verdicts, share error and circle precision against a generated world's truth.");
        foreach (var o in new Option[] { truth, results, json }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var t = parse.GetValue(truth)!;
            var r = parse.GetValue(results)!;
            foreach (var d in new[] { t, r }) if (!d.Exists) throw new DirectoryNotFoundException($"{d.FullName}: no such folder");
            static Func<string, TextReader?> Opener(DirectoryInfo dir) => name =>
            {
                string path = Path.Combine(dir.FullName, name);
                return File.Exists(path) ? new StreamReader(path) : null;
            };
            EvaluationReport report;
            try
            {
                report = WorldEvaluation.Evaluate(Opener(t), Opener(r));
            }
            catch (CallGraph.Ingest.DataException ex) when (ex.Line == 0)
            {
                throw new CallGraph.Ingest.DataException(Path.Combine(ex.Source.StartsWith("truth", StringComparison.Ordinal) ? t.FullName : r.FullName, ex.Source), 0, 0, ex.Reason);
            }
            var o = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                o.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
                return ExitCodes.Ok;
            }
            var ci = CultureInfo.InvariantCulture;
            o.WriteLine(string.Format(ci, "scored roster entries with truth: {0:N0}", report.ScoredMembers));
            o.WriteLine("fake detection            precision  recall      F1   ROC AUC");
            o.WriteLine(string.Format(ci, "  coupling score          {0,9:0.000} {1,7:0.000} {2,7:0.000} {3,9:0.000}", report.Fake.Precision, report.Fake.Recall, report.Fake.F1, report.FakeRocAuc));
            o.WriteLine(string.Format(ci, "  rule: <2 colleagues     {0,9:0.000} {1,7:0.000} {2,7:0.000}", report.Baseline.Precision, report.Baseline.Recall, report.Baseline.F1));
            o.WriteLine("recall by fake kind       coupling   rule");
            foreach (var (kind, recall) in report.FakeRecallByKind)
                o.WriteLine(string.Format(ci, "  {0,-22}  {1,7:0.000} {2,6:0.000}", kind, recall, report.BaselineRecallByKind.GetValueOrDefault(kind)));
            foreach (var (kind, flagged) in report.GenuineFlaggedByKind)
                o.WriteLine(string.Format(ci, "  genuine {0,-14}  {1,7:0.000} wrongly called fake", kind, flagged));
            o.WriteLine(string.Format(ci, "market share: mean absolute error {0:0.0000} over {1:N0} groups", report.ShareMeanAbsoluteError, report.ShareGroups));
            o.WriteLine(string.Format(ci, "prospects: {0:N0}, of which truly the group's competitor-network people {1:0.0%}", report.Prospects, report.ProspectsThatAreCompetitorMembers));
            o.WriteLine(string.Format(ci, "competitor members found: precision {0:0.000}, recall {1:0.000}", report.CompetitorMembers.Precision, report.CompetitorMembers.Recall));
            o.WriteLine(string.Format(ci, "potential members found:  precision {0:0.000}, recall {1:0.000}", report.PotentialMembers.Precision, report.PotentialMembers.Recall));
            return ExitCodes.Ok;
        });
        return command;
    }
}
