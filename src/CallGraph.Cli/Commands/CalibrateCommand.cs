using System.CommandLine;
using System.Globalization;
using CallGraph.Calibration;
using CallGraph.Cli.Infrastructure;
using CallGraph.Output;

namespace CallGraph.Cli.Commands;

/// <summary><c>callgraph calibrate</c>: fits the correction coefficient on surveyed groups.</summary>
internal static class CalibrateCommand
{
    public static Command Create()
    {
        var inputs = new AnalysisInputOptions();
        var survey = new Option<FileInfo?>("--survey") { Description = "Survey CSV group_id,competitor_members (default: survey.csv of --world)." };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the fit.", DefaultValueFactory = _ => new FileInfo("calibration.json") };
        var command = new Command("calibrate", "Fit the correction coefficient (surveyed ≈ k × mined competitor members) by least squares; writes calibration.json.");
        inputs.AddTo(command);
        command.Options.Add(survey);
        command.Options.Add(output);
        var quiet = QuietOption.Create();
        command.Options.Add(quiet);
        command.SetAction(parse =>
        {
            var input = inputs.Build(parse);
            var surveyFile = parse.GetValue(survey) ?? input.WorldSurvey ?? throw new UsageException("--survey is required");
            var rows = CliFiles.ReadSurvey(surveyFile);
            var progress = ProgressReporter.For(parse.InvocationConfiguration.Error, parse.GetValue(quiet));
            CallGraphRun run;
            try
            {
                run = CallGraphPipeline.Run(input.Cdrs, input.Roster, input.Plan, input.Options, input.Groups, rows, progress: progress, cancellationToken: CliCancellation.Token);
            }
            finally
            {
                progress.Finish();
            }
            var fit = run.Calibration!;
            var target = parse.GetValue(output)!;
            AtomicFile.WriteText(target.FullName, w => w.Write(CoefficientCalibration.ToJson(fit)));

            var o = QuietOption.SummaryWriter(parse, quiet);
            var ci = CultureInfo.InvariantCulture;
            o.WriteLine(string.Format(ci, "k = {0} (95% CI {1}), n = {2}, R² = {3}", CsvText.Number(fit.Coefficient),
                double.IsFinite(fit.Low95) && double.IsFinite(fit.High95) ? $"{CsvText.Number(fit.Low95)} .. {CsvText.Number(fit.High95)}" : "undefined", fit.N, CsvText.Number(fit.RSquared)));
            o.WriteLine("group_id      mined  surveyed   fitted  residual");
            foreach (var r in fit.Residuals)
                o.WriteLine(string.Format(ci, "{0,-12} {1,6} {2,9} {3,8} {4,9}", r.GroupId, CsvText.Number(r.Mined), CsvText.Number(r.Surveyed), CsvText.Number(r.Fitted), CsvText.Number(r.Residual)));
            foreach (var w in fit.Warnings) parse.InvocationConfiguration.Error.WriteLine("callgraph: warning: " + TerminalText.Safe(w));
            o.WriteLine($"written {target.FullName}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
