using System.Globalization;
using CallGraph.Csv;

namespace CallGraph.Campaigns.Reporting;

/// <summary>
/// The columns of a campaign's target export, in order: what <see cref="TargetExport"/> writes and, edited by account
/// managers, what <see cref="Input.FeedbackFile"/> reads back.
/// </summary>
public static class TargetFile
{
    /// <summary>The file's columns, each named as its header.</summary>
    public static readonly CsvColumn CampaignId = new("campaign_id"), Msisdn = new("msisdn"), GroupId = new("group_id"), Operator = new("operator"),
        MembersContacted = new("members_contacted"), MemberShare = new("member_share"), Band = new("band"), Manager = new("manager"),
        Outcome = new("outcome"), Revenue = new("revenue"), Cost = new("cost"), Note = new("note", required: false);

    /// <summary>The file's columns in the order written.</summary>
    public static readonly CsvContract Contract = new("feedback", CampaignId, Msisdn, GroupId, Operator, MembersContacted, MemberShare, Band,
        Manager, Outcome, Revenue, Cost, Note);
}

/// <summary>Writes a campaign's targets as CSV, in priority order, one row per target.</summary>
public static class TargetExport
{
    /// <summary>The columns written, in order (<see cref="TargetFile"/>).</summary>
    public static IReadOnlyList<string> Columns => TargetFile.Contract.Names;

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
        using var row = TargetFile.Contract.Write(output);
        foreach (var t in targets.Order(Target.PriorityOrder))
        {
            row.Number(t.CampaignId); row.Text(t.Msisdn); row.Text(t.GroupId); row.Text(t.Operator); row.Number(t.MembersContacted);
            row.Field(t.MemberShare.ToString("R", CultureInfo.InvariantCulture)); row.Field(bands.FirstOrDefault(b => b.Contains(t.MemberShare))?.Label ?? "");
            row.Text(t.Manager ?? ""); row.Field(Outcomes.ToText(t.Outcome)); row.Field(Amounts.ToText(t.Revenue)); row.Field(Amounts.ToText(t.Cost));
            row.Text(t.Note ?? "");
            row.EndRow();
        }
    }
}
