using CallGraph.Analysis;
using CallGraph.Numbers;

namespace CallGraph.Tests.Analysis;

public class CouplingTests
{
    private static MemberAssessment Of(AnalysisResult r, PhoneNumber n) => r.Members.Single(m => m.Msisdn == n);

    [Fact]
    public void Clique_members_are_genuine_and_a_relative_who_calls_one_member_in_the_evening_is_fake()
    {
        var w = new TestWorld();
        var staff = w.AddGroup("G1", 12);
        w.Clique(staff, officeCell: 77);
        var relative = w.OnNet();
        w.AddMember("G1", relative);
        for (int d = 0; d < 7; d++)
        {
            w.Call(relative, staff[0], TestWorld.At(d, 20), 300, cell: 9001);
            w.Sms(staff[0], relative, TestWorld.At(d, 21));
        }
        var r = w.Analyze();
        foreach (var s in staff) Assert.Equal(Verdict.Genuine, Of(r, s).Verdict);
        var rel = Of(r, relative);
        Assert.Equal(Verdict.Fake, rel.Verdict);
        Assert.Equal(1, rel.ColleaguesReached);
        Assert.Contains("reached 1 of 12 colleagues", rel.Reasons);
        Assert.Contains("outside working hours", rel.Reasons);
        var g = r.Groups.Single();
        Assert.Equal(13, g.Roster);
        Assert.Equal(12, g.Genuine);
        Assert.Equal(1, g.Fake);
        Assert.Equal(Math.Round(12 / 13.0, 4), g.Purity);
    }

    [Fact]
    public void A_dormant_sim_is_an_inactive_fake()
    {
        var w = new TestWorld();
        var staff = w.AddGroup("G1", 10);
        w.Clique(staff);
        var dormant = w.OnNet();
        w.AddMember("G1", dormant);
        w.Sms(w.OffNet(), dormant, TestWorld.At(3, 12));
        var a = Of(w.Analyze(), dormant);
        Assert.Equal(Verdict.Fake, a.Verdict);
        Assert.True(a.Inactive);
        Assert.StartsWith("inactive: 1 events", a.Reasons);
        Assert.True(a.Score < 0.1);
    }

    [Fact]
    public void An_employee_who_only_calls_shared_partners_in_working_hours_is_genuine()
    {
        var w = new TestWorld();
        var staff = w.AddGroup("G1", 12);
        w.Clique(staff, officeCell: 5);
        var partners = Enumerable.Range(0, 4).Select(_ => w.OffNet()).ToArray();
        // Every employee works with the partners too.
        for (int i = 0; i < staff.Length; i++)
            foreach (var p in partners) w.Call(staff[i], p, TestWorld.At(i % 5, 15), 120, 5);
        var fieldWorker = w.OnNet();
        w.AddMember("G1", fieldWorker);
        for (int d = 0; d < 5; d++)
            foreach (var p in partners) w.Call(fieldWorker, p, TestWorld.At(d, 10 + d), 200, 5);
        var a = Of(w.Analyze(), fieldWorker);
        Assert.Equal(0, a.ColleaguesReached);
        Assert.Equal(1.0, a.SharedCircle);
        Assert.Equal(Verdict.Genuine, a.Verdict);
    }

    [Fact]
    public void Small_groups_are_reported_but_not_scored()
    {
        var w = new TestWorld();
        var staff = w.AddGroup("tiny", 4);
        w.Clique(staff);
        var r = w.Analyze();
        Assert.All(r.Members, m => Assert.Equal(Verdict.Unscored, m.Verdict));
        Assert.False(r.Groups.Single().Scored);
        Assert.Null(r.Groups.Single().MarketShare);
    }

    [Fact]
    public void Two_relatives_calling_each_other_do_not_vouch_for_each_other()
    {
        var w = new TestWorld();
        var staff = w.AddGroup("G1", 15);
        w.Clique(staff, officeCell: 3);
        var r1 = w.OnNet();
        var r2 = w.OnNet();
        w.AddMember("G1", r1);
        w.AddMember("G1", r2);
        for (int d = 0; d < 7; d++)
        {
            w.Call(r1, staff[2], TestWorld.At(d, 19), 100, 800);
            w.Call(r2, staff[2], TestWorld.At(d, 20), 100, 801);
            w.Call(r1, r2, TestWorld.At(d, 21), 100, 800);
        }
        var result = w.Analyze();
        Assert.Equal(2, Of(result, r1).ColleaguesReached);
        Assert.Equal(Verdict.Fake, Of(result, r1).Verdict);
        Assert.Equal(Verdict.Fake, Of(result, r2).Verdict);
    }
}
