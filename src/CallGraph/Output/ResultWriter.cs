using System.Text;
using CallGraph.Analysis;
using CallGraph.Csv;

namespace CallGraph.Output;

/// <summary>
/// Writes analysis results as the documented CSV files (UTF-8 without BOM, "\n" line ends, sorted,
/// culture-invariant), each by its contract (<see cref="MembersFile"/>, <see cref="GroupsFile"/>, …). The big files
/// (members, groups, circle, rollup) go through the measured <see cref="CsvRowWriter"/>, the small ones through CsvHelper. Each method takes a <see cref="TextWriter"/>: where it goes is the caller's business.
/// </summary>
public static class ResultWriter
{
    /// <summary>Encoding of every output file.</summary>
    public static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>members.csv: one row per roster entry, verdict, score, every signal and the reasons.</summary>
    public static void WriteMembers(TextWriter w, IEnumerable<MemberAssessment> members)
    {
        WriteHeader(w, MembersFile.Contract);
        var row = new CsvRowWriter(w);
        foreach (var m in members)
        {
            row.Text(m.GroupId); row.Msisdn(m.Msisdn); row.Text(VerdictName(m.Verdict)); row.Number(m.Score); row.Text(m.Operator);
            row.Number(m.Events); row.Number(m.Calls); row.Number(m.Sms); row.Number(m.Seconds); row.Number(m.Contacts);
            row.Number(m.ColleaguesReached); row.Number(m.Colleagues); row.Number(m.InsideShare); row.Number(m.Reciprocity);
            row.Number(m.SharedCircle); row.Number(m.WorkingHoursShare); row.Number(m.ProfileSimilarity); row.Number(m.PlaceShare); row.Number(m.Embeddedness);
            foreach (var added in SignalDescriptor.AddedColumns) row.Number(added.ValueIn(m));
            row.Text(m.Inactive ? "true" : "false"); row.Number(m.OtherRosters); row.Text(m.Reasons);
            row.EndRow();
        }
        row.Flush();
    }

    /// <summary>groups.csv: one row per group.</summary>
    public static void WriteGroups(TextWriter w, IEnumerable<GroupSummary> groups)
    {
        WriteHeader(w, GroupsFile.Contract);
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

    /// <summary>Header of prospects.csv, potential-members.csv and competitor-members.csv (<see cref="CircleFile"/>).</summary>
    public static string CircleHeader => CircleFile.Contract.Header;

    /// <summary>prospects.csv or potential-members.csv.</summary>
    public static void WriteCircle(TextWriter w, IEnumerable<CircleContact> contacts)
    {
        WriteHeader(w, CircleFile.Contract);
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
        WriteHeader(w, RollupFile.Contract);
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
        using var row = TrendsFile.Contract.Write(w);
        foreach (var r in rows)
        {
            row.Text(r.GroupId); row.Text(r.Period); row.Number(r.MarketShare); row.Number(r.ShareChange); row.Number(r.Purity);
            row.Number(r.PurityChange); row.Number(r.Prospects); row.Number(r.ProspectsChange); row.Number(r.Genuine); row.Number(r.EstimatedCompetitorMembers);
            row.EndRow();
        }
    }

    /// <summary>alerts.csv: one row per moved member of each alerted group (a row with an empty member when none was found).</summary>
    public static void WriteAlerts(TextWriter w, IEnumerable<ShareAlert> alerts)
    {
        using var row = AlertsFile.Contract.Write(w);
        foreach (var a in alerts)
        {
            // An alert without a moved member still gets its row, with the member's columns empty.
            foreach (var m in a.Moved.Count == 0 ? [null] : a.Moved.Cast<MovedMember?>())
            {
                row.Text(a.GroupId); row.Text(a.FromPeriod); row.Text(a.ToPeriod); row.Number(a.ShareBefore); row.Number(a.ShareAfter); row.Number(a.DropPoints);
                if (m is null) for (int i = 0; i < 6; i++) row.Field("");
                else
                {
                    row.Field(m.Member.ToString()); row.Number(m.EventsBefore); row.Number(m.EventsAfter);
                    row.Field(m.NewNumber?.ToString() ?? ""); row.Text(m.NewOperator); row.Number(m.Overlap);
                }
                row.EndRow();
            }
        }
    }

    /// <summary>Writes the header of <paramref name="contract"/> for a file whose rows <see cref="CsvRowWriter"/> writes (the big outputs).</summary>
    private static void WriteHeader(TextWriter w, CsvContract contract)
    {
        w.Write(contract.Header);
        w.Write('\n');
    }
}
