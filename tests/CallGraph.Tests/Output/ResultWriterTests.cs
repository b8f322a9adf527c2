using CallGraph.Analysis;
using CallGraph.Numbers;
using CallGraph.Output;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CallGraph.Tests.Output;

/// <summary>The block row writer writes what joining <see cref="CsvText"/> fields with <see cref="CsvText.Line"/> writes.</summary>
public class ResultWriterTests
{
    private static Gen<double> Doubles() => Gen.OneOf(
        Gen.Elements(0.0, -0.0, 1.0, -1.5, 0.00005, -0.00004, 1e10, 9_999_999_999.9999, 1e300, -1e-300, double.MaxValue,
            double.Epsilon, double.NaN, double.PositiveInfinity, double.NegativeInfinity),
        Gen.Choose(-100_000_000, 100_000_000).Select(i => i / 10_000.0),
        Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 7.0),
        Gen.Choose(int.MinValue, int.MaxValue).Two().Select(t => BitConverter.Int64BitsToDouble(((long)t.Item1 << 32) | (uint)t.Item2)));

    private static Gen<long> Longs() => Gen.OneOf(
        Gen.Elements(0L, -1L, 9L, 10L, long.MinValue, long.MaxValue, int.MinValue, int.MaxValue),
        Gen.Choose(-10_000, 10_000).Select(i => (long)i),
        Gen.Choose(int.MinValue, int.MaxValue).Two().Select(t => ((long)t.Item1 << 32) | (uint)t.Item2));

    private static Gen<int> Ints() => Longs().Select(l => (int)l);

    private static Gen<string> Texts() =>
        Gen.Elements("", "G00001", "cmcc", "a,b", "say \"hi\"", "line\nbreak", "cr\r", "组1", "😀", "\uD800", " ", "=", "+", "-", "@", "\t", "'")
            .ArrayOf().Select(parts => string.Concat(parts));

    private static Gen<PhoneNumber> Numbers() => Gen.OneOf(
        Gen.Constant(default(PhoneNumber)),
        from length in Gen.Choose(1, PhoneNumber.MaxDigits)
        from value in Longs()
        select PhoneNumber.FromDigits(length, (ulong)Math.Abs(value % (long)PhoneNumber.Pow10[length])));

    // The dump clock's whole range: 0001-01-01 to 9999-12-31 in seconds from 1970.
    private static Gen<long> Times() =>
        Gen.Choose(int.MinValue, int.MaxValue).Two().Select(t => -62_135_596_800L + (long)((((ulong)(uint)t.Item1 << 32) | (uint)t.Item2) % 315_537_897_600UL));

    private static string Written(Action<TextWriter> write)
    {
        var w = new StringWriter { NewLine = "\n" };
        write(w);
        return w.ToString();
    }

    [Property]
    public Property Members_are_the_joined_fields()
    {
        var members = from g in Texts() from n in Numbers() from v in Gen.Choose(0, 3) from score in Doubles() from op in Texts()
                      from ints in Ints().ArrayOf(8) from seconds in Longs() from shares in Doubles().ArrayOf(5)
                      from place in Gen.OneOf(Gen.Constant<double?>(null), Doubles().Select(d => (double?)d))
                      from inactive in Gen.Elements(false, true) from reasons in Texts()
                      select new MemberAssessment(g, n, (Verdict)v, score, op, ints[0], ints[1], ints[2], seconds, ints[3], ints[4], ints[5],
                          shares[0], shares[1], shares[2], shares[3], shares[4], place, inactive, ints[6], reasons) { Embeddedness = score };
        return Prop.ForAll(members.ArrayOf().ToArbitrary(), rows =>
        {
            string expected = Written(w =>
            {
                // The columns of signals added since the named ones (none today) come after embeddedness.
                string added = string.Concat(SignalDescriptor.AddedColumns.Select(d => "," + d.Column));
                w.Write("group_id,msisdn,verdict,score,operator,events,calls,sms,seconds,contacts,colleagues_reached,colleagues,inside_share,reciprocity,shared_circle,working_hours_share,profile_similarity,place_share,embeddedness" + added + ",inactive,other_rosters,reasons\n");
                foreach (var m in rows)
                    w.Write(CsvText.Line([CsvText.Neutralise(m.GroupId), m.Msisdn.ToString(), ResultWriter.VerdictName(m.Verdict), CsvText.Number(m.Score), CsvText.Neutralise(m.Operator),
                        CsvText.Number(m.Events), CsvText.Number(m.Calls), CsvText.Number(m.Sms), CsvText.Number(m.Seconds), CsvText.Number(m.Contacts),
                        CsvText.Number(m.ColleaguesReached), CsvText.Number(m.Colleagues), CsvText.Number(m.InsideShare), CsvText.Number(m.Reciprocity),
                        CsvText.Number(m.SharedCircle), CsvText.Number(m.WorkingHoursShare), CsvText.Number(m.ProfileSimilarity), CsvText.Number(m.PlaceShare),
                        CsvText.Number(m.Embeddedness), .. SignalDescriptor.AddedColumns.Select(d => CsvText.Number(d.ValueIn(m))),
                        m.Inactive ? "true" : "false", CsvText.Number(m.OtherRosters), CsvText.Neutralise(m.Reasons)]) + "\n");
            });
            return Written(w => ResultWriter.WriteMembers(w, rows)) == expected;
        });
    }

    [Property]
    public Property Circle_contacts_are_the_joined_fields()
    {
        var contacts = from g in Texts() from n in Numbers() from op in Texts() from ints in Ints().ArrayOf(4) from seconds in Longs()
                       from shares in Doubles().ArrayOf(5) from first in Times() from last in Times() from reasons in Texts()
                       select new CircleContact(g, n, op, ints[0], shares[0], ints[1], ints[2], seconds, shares[1], shares[2], shares[3],
                           first, last, ints[3], shares[4], reasons);
        return Prop.ForAll(contacts.ArrayOf().ToArbitrary(), rows =>
        {
            string expected = Written(w =>
            {
                w.Write(ResultWriter.CircleHeader + "\n");
                foreach (var c in rows)
                    w.Write(CsvText.Line(CsvText.Neutralise(c.GroupId), c.Msisdn.ToString(), CsvText.Neutralise(c.Operator), CsvText.Number(c.MembersContacted), CsvText.Number(c.MemberShare),
                        CsvText.Number(c.Calls), CsvText.Number(c.Sms), CsvText.Number(c.Seconds), CsvText.Number(c.WorkingHoursShare),
                        CsvText.Number(c.Reciprocity), CsvText.Number(c.Clustering), CsvText.Time(c.FirstSeen), CsvText.Time(c.LastSeen),
                        CsvText.Number(c.GroupsReached), CsvText.Number(c.EmployeeLikelihood), CsvText.Neutralise(c.Reasons)) + "\n");
            });
            return Written(w => ResultWriter.WriteCircle(w, rows)) == expected;
        });
    }

    [Property]
    public Property Groups_and_rollups_are_the_joined_fields()
    {
        var groups = from texts in Texts().ArrayOf(4) from scored in Gen.Elements(false, true) from ints in Ints().ArrayOf(8)
                     from doubles in Doubles().ArrayOf(4) from share in Gen.OneOf(Gen.Constant<double?>(null), Doubles().Select(d => (double?)d))
                     from low in Gen.OneOf(Gen.Constant<double?>(null), Doubles().Select(d => (double?)d))
                     select new GroupSummary(texts[0], texts[1], texts[2], texts[3], scored, ints[0], ints[1], ints[2], ints[3], ints[4], doubles[0],
                         ints[5], ints[6], ints[7], ints[0] ^ ints[1], doubles[1], doubles[2], doubles[3], share)
                     { MarketShareLow = low, MarketShareHigh = share, MinedCompetitorMembers = ints[2] ^ ints[3] };
        var rollups = from texts in Texts().ArrayOf(2) from ints in Ints().ArrayOf(4) from d in Doubles()
                      from share in Gen.OneOf(Gen.Constant<double?>(null), Doubles().Select(x => (double?)x))
                      select new RollupRow(texts[0], texts[1], ints[0], ints[1], ints[2], d, share, ints[3]);
        return Prop.ForAll(groups.ArrayOf().ToArbitrary(), rollups.ArrayOf().ToArbitrary(), (gs, rs) =>
        {
            string expectedGroups = string.Concat(gs.Select(g => CsvText.Line(CsvText.Neutralise(g.GroupId), CsvText.Neutralise(g.Name), CsvText.Neutralise(g.Branch), CsvText.Neutralise(g.AccountManager), g.Scored ? "true" : "false", CsvText.Number(g.Roster),
                CsvText.Number(g.Genuine), CsvText.Number(g.Suspect), CsvText.Number(g.Fake), CsvText.Number(g.Inactive), CsvText.Number(g.Purity),
                CsvText.Number(g.EstimatedTrueSize), CsvText.Number(g.Prospects), CsvText.Number(g.PotentialMembers),
                CsvText.Number(g.PotentialCompetitorMembers), CsvText.Number(g.DetectionRate), CsvText.Number(g.Coefficient), CsvText.Number(g.EstimatedCompetitorMembers),
                CsvText.Number(g.MarketShare), CsvText.Number(g.MarketShareLow), CsvText.Number(g.MarketShareHigh), CsvText.Number(g.MinedCompetitorMembers)) + "\n"));
            string expectedRollups = string.Concat(rs.Select(r => CsvText.Line(CsvText.Neutralise(r.Dimension), CsvText.Neutralise(r.Key), CsvText.Number(r.Groups), CsvText.Number(r.Roster), CsvText.Number(r.Genuine),
                CsvText.Number(r.EstimatedCompetitorMembers), CsvText.Number(r.MarketShare), CsvText.Number(r.Prospects)) + "\n"));
            string writtenGroups = Written(w => ResultWriter.WriteGroups(w, gs));
            string writtenRollups = Written(w => ResultWriter.WriteRollups(w, rs));
            return writtenGroups[(writtenGroups.IndexOf('\n') + 1)..] == expectedGroups
                && writtenRollups[(writtenRollups.IndexOf('\n') + 1)..] == expectedRollups;
        });
    }

    [Property]
    public Property Rows_come_out_whole_at_every_block_size() =>
        Prop.ForAll(Gen.Choose(64, 300).ToArbitrary(), (from t in Texts() from d in Doubles() from l in Longs() select (t, d, l)).ArrayOf().ToArbitrary(), (blockSize, fields) =>
        {
            var w = new StringWriter();
            var row = new CsvRowWriter(w, blockSize);
            foreach (var (text, d, l) in fields)
            {
                row.Text(text);
                row.Number(d);
                row.Number(l);
                row.EndRow();
            }
            row.Flush();
            return w.ToString() == string.Concat(fields.Select(f => CsvText.Line(CsvText.Neutralise(f.Item1), CsvText.Number(f.Item2), CsvText.Number(f.Item3)) + "\n"));
        });
}
