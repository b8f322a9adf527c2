using System.Text;
using CallGraph.Analysis;

namespace CallGraph.Output;

/// <summary>
/// Writes analysis results as the documented CSV files (UTF-8 without BOM, "\n" line ends, sorted,
/// culture-invariant). Each method takes a <see cref="TextWriter"/>: where it goes is the caller's business.
/// </summary>
public static class ResultWriter
{
    /// <summary>Encoding of every output file.</summary>
    public static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>members.csv: one row per roster entry, verdict, score, every signal and the reasons.</summary>
    public static void WriteMembers(TextWriter w, IEnumerable<MemberAssessment> members)
    {
        w.Write("group_id,msisdn,verdict,score,operator,events,calls,sms,seconds,contacts,colleagues_reached,colleagues,inside_share,reciprocity,shared_circle,working_hours_share,profile_similarity,place_share,embeddedness,inactive,other_rosters,reasons\n");
        var row = new CsvRowWriter(w);
        foreach (var m in members)
        {
            row.Text(m.GroupId); row.Msisdn(m.Msisdn); row.Text(VerdictName(m.Verdict)); row.Number(m.Score); row.Text(m.Operator);
            row.Number(m.Events); row.Number(m.Calls); row.Number(m.Sms); row.Number(m.Seconds); row.Number(m.Contacts);
            row.Number(m.ColleaguesReached); row.Number(m.Colleagues); row.Number(m.InsideShare); row.Number(m.Reciprocity);
            row.Number(m.SharedCircle); row.Number(m.WorkingHoursShare); row.Number(m.ProfileSimilarity); row.Number(m.PlaceShare); row.Number(m.Embeddedness);
            row.Text(m.Inactive ? "true" : "false"); row.Number(m.OtherRosters); row.Text(m.Reasons);
            row.EndRow();
        }
        row.Flush();
    }

    /// <summary>groups.csv: one row per group.</summary>
    public static void WriteGroups(TextWriter w, IEnumerable<GroupSummary> groups)
    {
        w.Write("group_id,name,branch,account_manager,scored,roster,genuine,suspect,fake,inactive,purity,estimated_true_size,prospects,potential_members,potential_competitor_members,detection_rate,coefficient,estimated_competitor_members,market_share,market_share_low,market_share_high,mined_competitor_members\n");
        var row = new CsvRowWriter(w);
        foreach (var g in groups)
        {
            row.Text(g.GroupId); row.Text(g.Name); row.Text(g.Branch); row.Text(g.AccountManager); row.Text(g.Scored ? "true" : "false"); row.Number(g.Roster);
            row.Number(g.Genuine); row.Number(g.Suspect); row.Number(g.Fake); row.Number(g.Inactive); row.Number(g.Purity);
            row.Number(g.EstimatedTrueSize); row.Number(g.Prospects); row.Number(g.PotentialMembers);
            row.Number(g.PotentialCompetitorMembers); row.Number(g.DetectionRate); row.Number(g.Coefficient); row.Number(g.EstimatedCompetitorMembers);
            row.Number(g.MarketShare); row.Number(g.MarketShareLow); row.Number(g.MarketShareHigh); row.Number(g.MinedCompetitorMembers);
            row.EndRow();
        }
        row.Flush();
    }

    /// <summary>Header of prospects.csv and potential-members.csv.</summary>
    public const string CircleHeader = "group_id,msisdn,operator,members_contacted,member_share,calls,sms,seconds,working_hours_share,reciprocity,clustering,first_seen,last_seen,groups_reached,employee_likelihood,reasons";

    /// <summary>prospects.csv or potential-members.csv.</summary>
    public static void WriteCircle(TextWriter w, IEnumerable<CircleContact> contacts)
    {
        w.Write(CircleHeader);
        w.Write('\n');
        var row = new CsvRowWriter(w);
        foreach (var c in contacts)
        {
            row.Text(c.GroupId); row.Msisdn(c.Msisdn); row.Text(c.Operator); row.Number(c.MembersContacted); row.Number(c.MemberShare);
            row.Number(c.Calls); row.Number(c.Sms); row.Number(c.Seconds); row.Number(c.WorkingHoursShare);
            row.Number(c.Reciprocity); row.Number(c.Clustering); row.Time(c.FirstSeen); row.Time(c.LastSeen);
            row.Number(c.GroupsReached); row.Number(c.EmployeeLikelihood); row.Text(c.Reasons);
            row.EndRow();
        }
        row.Flush();
    }

    /// <summary>The verdict as written in members.csv.</summary>
    public static string VerdictName(Verdict v) => v switch
    {
        Verdict.Genuine => "genuine",
        Verdict.Suspect => "suspect",
        Verdict.Fake => "fake",
        _ => "unscored",
    };

    /// <summary>rollup.csv: by branch, then by account manager.</summary>
    public static void WriteRollups(TextWriter w, IEnumerable<RollupRow> rows)
    {
        w.Write("dimension,key,groups,roster,genuine,estimated_competitor_members,market_share,prospects\n");
        var row = new CsvRowWriter(w);
        foreach (var r in rows)
        {
            row.Text(r.Dimension); row.Text(r.Key); row.Number(r.Groups); row.Number(r.Roster); row.Number(r.Genuine);
            row.Number(r.EstimatedCompetitorMembers); row.Number(r.MarketShare); row.Number(r.Prospects);
            row.EndRow();
        }
        row.Flush();
    }

    /// <summary>trends.csv: per group and period.</summary>
    public static void WriteTrends(TextWriter w, IEnumerable<TrendRow> rows)
    {
        w.Write("group_id,period,market_share,share_change_points,purity,purity_change_points,prospects,prospects_change,genuine,estimated_competitor_members\n");
        foreach (var r in rows)
        {
            w.Write(CsvText.Line(CsvText.Neutralise(r.GroupId), CsvText.Neutralise(r.Period), CsvText.Number(r.MarketShare), CsvText.Number(r.ShareChange), CsvText.Number(r.Purity),
                CsvText.Number(r.PurityChange), CsvText.Number(r.Prospects), r.ProspectsChange is int c ? CsvText.Number(c) : "",
                CsvText.Number(r.Genuine), CsvText.Number(r.EstimatedCompetitorMembers)));
            w.Write('\n');
        }
    }

    /// <summary>alerts.csv: one row per moved member of each alerted group (a row with an empty member when none was found).</summary>
    public static void WriteAlerts(TextWriter w, IEnumerable<ShareAlert> alerts)
    {
        w.Write("group_id,from_period,to_period,share_before,share_after,drop_points,member,events_before,events_after,new_number,new_operator,overlap\n");
        foreach (var a in alerts)
        {
            var head = new[] { CsvText.Neutralise(a.GroupId), CsvText.Neutralise(a.FromPeriod), CsvText.Neutralise(a.ToPeriod), CsvText.Number(a.ShareBefore), CsvText.Number(a.ShareAfter), CsvText.Number(a.DropPoints) };
            if (a.Moved.Count == 0)
            {
                w.Write(CsvText.Line([.. head, "", "", "", "", "", ""]));
                w.Write('\n');
            }
            foreach (var m in a.Moved)
            {
                w.Write(CsvText.Line(head.Concat(new[] { m.Member.ToString(), CsvText.Number(m.EventsBefore), CsvText.Number(m.EventsAfter),
                    m.NewNumber?.ToString() ?? "", CsvText.Neutralise(m.NewOperator), CsvText.Number(m.Overlap) }).ToArray()));
                w.Write('\n');
            }
        }
    }
}
