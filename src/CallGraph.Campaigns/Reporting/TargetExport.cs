using System.Globalization;
using CallGraph.Campaigns.Input;

namespace CallGraph.Campaigns.Reporting;

/// <summary>Writes a campaign's targets as CSV, in priority order, one row per target.</summary>
public static class TargetExport
{
    /// <summary>The columns written, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["campaign_id", "msisdn", "group_id", "operator", "members_contacted", "member_share", "band", "manager", "outcome", "revenue", "cost", "note"];

    /// <summary>
    /// Writes the header and one row per target (manager empty when unassigned, outcome <c>none</c> without feedback).
    /// Text fields that a spreadsheet would read as a formula (starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>,
    /// tab or CR) are written with a leading <c>'</c>; <see cref="Input.FeedbackFile"/> removes it again from notes.
    /// </summary>
    public static void Write(TextWriter output, IReadOnlyList<Target> targets, IReadOnlyList<ShareBand>? bands = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(targets);
        bands ??= ShareBands.Default;
        CsvText.WriteRow(output, Columns);
        foreach (var t in targets.Order(Target.PriorityOrder))
        {
            CsvText.WriteRow(output,
            [
                t.CampaignId.ToString(CultureInfo.InvariantCulture), Output.CsvText.Neutralise(t.Msisdn), Output.CsvText.Neutralise(t.GroupId), Output.CsvText.Neutralise(t.Operator),
                t.MembersContacted.ToString(CultureInfo.InvariantCulture), t.MemberShare.ToString("R", CultureInfo.InvariantCulture),
                bands.FirstOrDefault(b => b.Contains(t.MemberShare))?.Label ?? "", Output.CsvText.Neutralise(t.Manager ?? ""), Outcomes.ToText(t.Outcome),
                Amounts.ToText(t.Revenue), Amounts.ToText(t.Cost), Output.CsvText.Neutralise(t.Note ?? ""),
            ]);
        }
    }
}
