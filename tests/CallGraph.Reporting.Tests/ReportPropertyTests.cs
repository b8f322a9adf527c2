using CallGraph.Analysis;
using CallGraph.Graphs;
using CallGraph.Reporting;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CallGraph.Reporting.Tests;

public class ReportPropertyTests
{
    private static readonly Arbitrary<int> Seeds = Arb.From(Gen.Choose(0, 1_000_000));

    private static readonly string[] Pieces = { "a", "Z", "9", " ", "<", ">", "&", "\"", "'", "/", "集团", "é", "\\", ",", "\n", "😀", "script" };

    private static string Text(Random r, int max)
    {
        int n = r.Next(max + 1);
        return string.Concat(Enumerable.Range(0, n).Select(_ => Pieces[r.Next(Pieces.Length)]));
    }

    /// <summary>A random graph: members, contacts, edges between members and from members to anything.</summary>
    private static GraphData RandomGraph(int seed)
    {
        var r = new Random(seed);
        int m = r.Next(0, 30), c = r.Next(0, 20);
        string[] verdicts = { "genuine", "suspect", "fake", "unscored" };
        var nodes = new List<GraphNode>();
        for (int i = 0; i < m; i++)
        {
            string v = verdicts[r.Next(4)];
            nodes.Add(new GraphNode((13800000000L + i).ToString(System.Globalization.CultureInfo.InvariantCulture), GraphNodeKind.Member, v,
                v == "unscored" ? null : Math.Round(r.NextDouble(), 4), r.Next(2) == 0 ? "cmcc" : Text(r, 3), false, false, false, r.Next(10)));
        }
        for (int i = 0; i < c; i++)
            nodes.Add(new GraphNode((18600000000L + i).ToString(System.Globalization.CultureInfo.InvariantCulture), GraphNodeKind.Contact, "", null,
                Text(r, 3), r.Next(2) == 0, r.Next(3) == 0, r.Next(3) == 0, r.Next(10)));
        var edges = new List<GraphEdge>();
        for (int i = 0; i < m; i++)
            for (int j = i + 1; j < m + c; j++)
                if (r.Next(4) == 0)
                {
                    int calls = r.Next(100), sms = r.Next(20);
                    edges.Add(new GraphEdge(nodes[i].Msisdn, nodes[j].Msisdn, calls + sms, calls, sms, r.Next(100_000)));
                }
        return new GraphData(Text(r, 6), c + r.Next(50), nodes, edges);
    }

    [Property]
    public Property Json_round_trips_any_graph() =>
        Prop.ForAll(Seeds, seed =>
        {
            var data = RandomGraph(seed);
            var sw = new StringWriter();
            GraphExport.WriteJson(sw, data);
            var back = GraphExport.ReadJson(new StringReader(sw.ToString()), "g.json");
            return back.GroupId == data.GroupId && back.ContactsTotal == data.ContactsTotal
                && back.Nodes.SequenceEqual(data.Nodes) && back.Edges.SequenceEqual(data.Edges);
        });

    [Property]
    public Property Any_group_name_is_escaped_and_every_number_is_finite() =>
        Prop.ForAll(Seeds, seed =>
        {
            var r = new Random(seed);
            var graph = RandomGraph(seed);
            string name = Text(r, 8) + "<b>";
            int roster = graph.MemberCount;
            var group = new GroupSummary(graph.GroupId, name, Text(r, 4), Text(r, 4), roster >= 10, roster, roster / 2, roster / 4,
                roster - roster / 2 - roster / 4, 0, roster == 0 ? 0 : Math.Round((double)(roster / 2) / roster, 4), roster / 2, 1, 0, 1, 1, 1, 1,
                roster >= 10 ? 0.5 : null);
            var model = new ReportModel
            {
                Title = Text(r, 5),
                Groups = new[] { group },
                Rollups = Rollups.Build(new[] { group }),
                Graphs = new Dictionary<string, GraphData> { [graph.GroupId] = graph },
            };
            var sw = new StringWriter();
            HtmlReport.Write(sw, model, new ReportOptions { GroupsDetail = "all" });
            string html = sw.ToString();
            html = html[..html.LastIndexOf("<script>", StringComparison.Ordinal)]; // the script itself mentions isNaN and Infinity
            return !html.Contains("<b>", StringComparison.Ordinal)
                && html.Contains(HtmlReport.Escape(name), StringComparison.Ordinal)
                && !html.Contains("NaN", StringComparison.Ordinal)
                && !html.Contains("Infinity", StringComparison.Ordinal)
                && html.Contains("<svg class=\"graph", StringComparison.Ordinal);
        });

    [Property]
    public Property The_layout_is_deterministic_and_keeps_nodes_inside_the_picture() =>
        Prop.ForAll(Seeds, seed =>
        {
            var graph = RandomGraph(seed);
            var a = GraphLayout.Compute(graph, 160, 60, 400);
            var b = GraphLayout.Compute(graph, 160, 60, 400);
            var all = a.Members.Concat(a.Contacts).ToList();
            return all.Select(p => (p.Node.Msisdn, p.X, p.Y)).SequenceEqual(b.Members.Concat(b.Contacts).Select(p => (p.Node.Msisdn, p.X, p.Y)))
                && all.All(p => p.X is >= 0 and <= GraphLayout.Size && p.Y is >= 0 and <= GraphLayout.Size)
                && all.Select(p => p.Node.Msisdn).Distinct().Count() == all.Count
                && a.Edges.Count <= 400;
        });
}
