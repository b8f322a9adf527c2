using CallGraph.Reporting;
using CallGraph.Aggregation;
using CallGraph.Analysis;
using CallGraph.Graphs;
using CallGraph.Numbers;
using CallGraph.Rosters;
using CallGraph.Tests;

namespace CallGraph.Reporting.Tests;

/// <summary>
/// A small world for the report: a Chinese-named group with two teams, fakes, a prospect and a
/// competitor-like number; a group whose name tries to inject a script; and a roster too small to score.
/// </summary>
internal sealed class ReportWorld
{
    public const string ChineseName = "中国移动测试集团";
    public const string ScriptName = "<script>alert('x')</script> & Co";

    public TestWorld World { get; } = new();
    public Roster Roster { get; }
    public CallAggregate Aggregate { get; }
    public AnalysisResult Result { get; }
    public PhoneNumber Prospect { get; }
    public PhoneNumber Employee { get; }
    public PhoneNumber[] Big { get; }

    public ReportWorld()
    {
        var w = World;
        Big = w.AddGroup("G00001", 16);
        var teamA = Big[..7];
        var teamB = Big[7..14];
        w.Clique(teamA, officeCell: 11);
        w.Clique(teamB, officeCell: 11);
        w.Call(teamA[0], teamB[0], TestWorld.At(2, 15), 300, 11);
        w.Call(teamB[0], teamA[0], TestWorld.At(3, 15), 200, 11);
        // Big[14]: a relative who only calls one member in the evening; Big[15]: a dormant SIM.
        for (int d = 0; d < 6; d++) w.Call(Big[14], teamA[1], TestWorld.At(d, 21), 600);
        w.Sms(Big[15], teamA[2], TestWorld.At(1, 20));

        Prospect = w.OffNet();
        for (int i = 0; i < 4; i++) w.Call(Prospect, Big[i * 3], TestWorld.At(i % 5, 14), 120);

        Employee = w.OffNet();
        for (int i = 0; i < 6; i++)
            for (int d = 0; d < 4; d++)
            {
                w.Call(Employee, teamB[i], TestWorld.At(d, 10 + i % 5), 90);
                w.Call(teamB[i], Employee, TestWorld.At(d, 14 + i % 3), 60);
            }
        // The long tail: each member's private contacts.
        foreach (var m in Big[..14]) w.Call(m, w.OnNet(), TestWorld.At(5, 19));

        var second = w.AddGroup("G00002", 10);
        w.Clique(second, officeCell: 22, days: 3);
        var small = w.AddGroup("G00003", 4);
        w.Clique(small, days: 2);

        var info = new Dictionary<string, GroupInfo>(StringComparer.Ordinal)
        {
            ["G00001"] = new("G00001", ChineseName, "北京分公司", "王经理", ""),
            ["G00002"] = new("G00002", ScriptName, "Shanghai", "A. Manager", ""),
            ["G00003"] = new("G00003", "Tiny Ltd", "Shanghai", "A. Manager", ""),
        };
        Roster = w.Roster();
        Aggregate = w.Aggregate(Roster);
        Result = GroupAnalyzer.Analyze(Aggregate, NumberPlan.Default, new AnalysisOptions { Threads = 1 }, info);
    }

    public GroupGraph Graph(string groupId) => GroupGraph.Build(Aggregate, Roster.GroupById[groupId]);

    public GraphData Data(string groupId, GraphExportOptions? options = null) =>
        GraphExport.Build(Graph(groupId), Result.Members, Result.Prospects, Result.PotentialMembers, Result.CompetitorLike, options);
}
