using System.CommandLine;
using CallGraph.Campaigns.Reporting;
using CallGraph.Cli.Infrastructure;

namespace CallGraph.Cli.Commands;

/// <summary><c>callgraph campaign report</c>: conversion, revenue against cost, per manager and per share band.</summary>
internal static class CampaignReportCommand
{
    public static Command Create()
    {
        var db = CampaignCli.DatabaseOption();
        var campaign = CampaignCli.CampaignOption();
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of tables." };
        var command = new Command("report", "Targets, contacted, won, conversion, revenue, cost and revenue/cost for the campaign, " +
            "per manager and per member-share band, with each band's marginal return.") { db, campaign, json };
        command.SetAction(parse => CampaignCli.Run(parse, db, (workflow, stdout) =>
        {
            var report = workflow.Report(parse.GetValue(campaign));
            if (parse.GetValue(json)) CampaignReportWriter.WriteJson(report, stdout);
            else CampaignReportWriter.WriteText(report, stdout);
            return ExitCodes.Ok;
        }, readOnly: true));
        return command;
    }
}
