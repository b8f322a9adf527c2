using CallGraph.Campaigns.Reporting;
using CallGraph.Csv;
using CallGraph.Ingest;

namespace CallGraph.Campaigns.Input;

/// <summary>
/// Reads feedback <c>msisdn,outcome,revenue,cost[,note]</c> by header name: the columns of <see cref="TargetFile"/>, so an export is a feedback file. Outcome is one of
/// won, lost, pending, unreachable; revenue and cost are amounts of 0 or more; an empty or absent note
/// leaves the stored note as it is. A note written by <see cref="Reporting.TargetExport"/> with a leading
/// <c>'</c> against spreadsheet formulas is read back without it, so an edited export re-imports unchanged.
/// </summary>
public static class FeedbackFile
{
    private static readonly CsvColumn[] Required = [TargetFile.Msisdn, TargetFile.Outcome, TargetFile.Revenue, TargetFile.Cost];

    /// <summary>Reads every row; throws <see cref="DataException"/> at the first bad one.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="source">The name errors use, usually the file path.</param>
    public static IReadOnlyList<FeedbackEntry> Read(TextReader reader, string source)
    {
        using var table = new ImportTable(TargetFile.Contract.Read(reader, source, Required));
        bool hasNote = table.Has(TargetFile.Note);
        var entries = new List<FeedbackEntry>();
        while (table.Next())
        {
            string msisdn = table.Msisdn(TargetFile.Msisdn);
            string outcomeText = table.RequiredText(TargetFile.Outcome);
            if (!Outcomes.TryParseReported(outcomeText, out var outcome))
                throw table.Error(TargetFile.Outcome, $"outcome '{ImportTable.Shown(outcomeText)}' is not one of won, lost, pending, unreachable");
            string note = table.Text(TargetFile.Note);
            entries.Add(new FeedbackEntry(msisdn, outcome, table.Money(TargetFile.Revenue), table.Money(TargetFile.Cost),
                hasNote && note.Length > 0 ? Output.CsvText.Restore(note) : null, new SourceField(table.Source, table.Line, table.ColumnOf(TargetFile.Msisdn))));
        }
        return entries;
    }

}
