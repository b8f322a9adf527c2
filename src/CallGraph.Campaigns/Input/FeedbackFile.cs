using CallGraph.Ingest;

namespace CallGraph.Campaigns.Input;

/// <summary>
/// Reads feedback <c>msisdn,outcome,revenue,cost[,note]</c> by header name. Outcome is one of
/// won, lost, pending, unreachable; revenue and cost are amounts of 0 or more; an empty or absent note
/// leaves the stored note as it is. A note written by <see cref="Reporting.TargetExport"/> with a leading
/// <c>'</c> against spreadsheet formulas is read back without it, so an edited export re-imports unchanged.
/// </summary>
public static class FeedbackFile
{
    private static readonly string[] Required = ["msisdn", "outcome", "revenue", "cost"];

    /// <summary>Reads every row; throws <see cref="DataException"/> at the first bad one.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="source">The name errors use, usually the file path.</param>
    public static IReadOnlyList<FeedbackEntry> Read(TextReader reader, string source)
    {
        var table = CsvTable.Open(reader, source, Required);
        bool hasNote = table.Has("note");
        var entries = new List<FeedbackEntry>();
        while (table.Next())
        {
            string msisdn = table.Msisdn("msisdn");
            string outcomeText = table.RequiredText("outcome");
            if (!Outcomes.TryParseReported(outcomeText, out var outcome))
                throw table.Error("outcome", $"outcome '{CsvTable.Shown(outcomeText)}' is not one of won, lost, pending, unreachable");
            entries.Add(new FeedbackEntry(msisdn, outcome, table.Money("revenue"), table.Money("cost"),
                hasNote && table.Text("note").Length > 0 ? Output.CsvText.Restore(table.Text("note")) : null, new SourceField(table.Source, table.Line, table.ColumnOf("msisdn"))));
        }
        return entries;
    }

}
