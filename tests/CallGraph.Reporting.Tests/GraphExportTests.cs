using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using CallGraph.Reporting;
using CallGraph.Analysis;
using CallGraph.Graphs;

namespace CallGraph.Reporting.Tests;

public class GraphExportTests
{
    private static readonly XNamespace G = GraphExport.GraphMlNamespace;

    private static string Write(Action<TextWriter> write)
    {
        var sw = new StringWriter { NewLine = "\n" };
        write(sw);
        return sw.ToString();
    }

    [Fact]
    public void The_world_has_what_the_report_needs()
    {
        var w = new ReportWorld();
        var g1 = w.Result.Groups.Single(g => g.GroupId == "G00001");
        Assert.True(g1.Scored);
        Assert.True(g1.Fake >= 1);
        Assert.Contains(w.Result.Prospects, p => p.Msisdn == w.Prospect);
        Assert.Contains(w.Result.CompetitorLike, p => p.Msisdn == w.Employee);
        Assert.False(w.Result.Groups.Single(g => g.GroupId == "G00003").Scored);
    }

    [Fact]
    public void Members_come_first_with_verdicts_and_member_edges_appear_once()
    {
        var w = new ReportWorld();
        var graph = w.Graph("G00001");
        var data = w.Data("G00001");
        Assert.Equal(16, data.MemberCount);
        Assert.All(data.Nodes.Take(16), n => Assert.Equal(GraphNodeKind.Member, n.Kind));
        Assert.All(data.Nodes.Skip(16), n => Assert.Equal(GraphNodeKind.Contact, n.Kind));
        foreach (var a in w.Result.Members.Where(m => m.GroupId == "G00001"))
        {
            var node = data.Nodes.Single(n => n.Msisdn == a.Msisdn.ToString());
            Assert.Equal(GraphExport.VerdictName(a.Verdict), node.Verdict);
            Assert.Equal(a.Score, node.Score);
        }
        var pairs = data.Edges.Select(e => string.CompareOrdinal(e.Source, e.Target) < 0 ? (e.Source, e.Target) : (e.Target, e.Source)).ToList();
        Assert.Equal(pairs.Count, pairs.Distinct().Count());
        // Team A is a clique of 7: 21 member edges, each with 5 days x 2 calls.
        var teamA = w.Big[..7].Select(n => n.ToString()).ToHashSet();
        var inA = data.Edges.Where(e => teamA.Contains(e.Source) && teamA.Contains(e.Target)).ToList();
        Assert.Equal(21, inA.Count);
        Assert.All(inA, e => Assert.Equal(10, e.Calls));
        // Contacts: the prospect and the employee-like number are flagged; single-member private contacts are left out by default.
        var prospect = data.Nodes.Single(n => n.Msisdn == w.Prospect.ToString());
        Assert.True(prospect.Prospect);
        Assert.Equal("cucc", prospect.Operator);
        Assert.Equal(4, prospect.MembersContacted);
        Assert.True(data.Nodes.Single(n => n.Msisdn == w.Employee.ToString()).CompetitorLike);
        Assert.Equal(graph.ContactCount, data.ContactsTotal);
        Assert.True(data.Nodes.Count < graph.NodeCount);
        Assert.Equal(graph.NodeCount, w.Data("G00001", GraphExportOptions.Full).Nodes.Count);
    }

    [Fact]
    public void Json_reads_back_to_the_same_graph_and_is_deterministic()
    {
        var w = new ReportWorld();
        var graph = w.Graph("G00001");
        string json = Write(t => GraphExport.WriteJson(t, graph, w.Result.Members, w.Result.Prospects, w.Result.PotentialMembers, w.Result.CompetitorLike));
        string again = Write(t => GraphExport.WriteJson(t, w.Data("G00001")));
        Assert.Equal(json, again);
        var back = GraphExport.ReadJson(new StringReader(json), "g.json");
        var data = w.Data("G00001");
        Assert.Equal(data.GroupId, back.GroupId);
        Assert.Equal(data.ContactsTotal, back.ContactsTotal);
        Assert.Equal(data.Nodes, back.Nodes);
        Assert.Equal(data.Edges, back.Edges);
        Assert.Contains("\"potential_member\":", json);
        Assert.Contains("\"members_contacted\":", json);
    }

    [Theory]
    [InlineData("{\"format\":\"other\",\"group_id\":\"G\",\"nodes\":[],\"edges\":[]}", "format")]
    [InlineData("{\"format\":\"callgraph-group-graph\",\"group_id\":\"G\",\"nodes\":[{\"msisdn\":\"1\",\"kind\":\"member\"}],\"edges\":[{\"source\":\"1\",\"target\":\"2\",\"events\":1,\"calls\":1,\"sms\":0,\"seconds\":5}]}", "not in the nodes")]
    [InlineData("{\"format\":\"callgraph-group-graph\",\"group_id\":\"G\",\"nodes\":[{\"msisdn\":\"1\",\"kind\":\"robot\"}],\"edges\":[]}", "kind")]
    [InlineData("{\"format\":\"callgraph-group-graph\",\"nodes\":[],\"edges\":[]}", "group_id")]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("{\"format\":\"callgraph-group-graph\",\"version\":1.5,\"group_id\":\"G\",\"nodes\":[],\"edges\":[]}", "version")]
    [InlineData("{\"format\":\"callgraph-group-graph\",\"group_id\":\"G\",\"nodes\":[{\"msisdn\":\"1\",\"kind\":\"member\"}],\"edges\":[{\"source\":\"1\",\"target\":\"1\",\"events\":1.5,\"calls\":1,\"sms\":0,\"seconds\":5}]}", "events")]
    public void Json_reader_rejects_bad_input_naming_the_file(string json, string reason)
    {
        var ex = Assert.Throws<InvalidDataException>(() => GraphExport.ReadJson(new StringReader(json), "graphs/G.json"));
        Assert.StartsWith("graphs/G.json: ", ex.Message);
        Assert.Contains(reason, ex.Message);
    }

    [Fact]
    public void GraphMl_is_valid_against_the_schema_of_the_subset_we_emit()
    {
        var w = new ReportWorld();
        string xml = Write(t => GraphExport.WriteGraphMl(t, w.Graph("G00001"), w.Result.Members, w.Result.Prospects, w.Result.PotentialMembers, w.Result.CompetitorLike));
        Assert.Empty(Validate(xml));
    }

    [Theory]
    [InlineData("<data key=\"events\">", "<data key=\"bogus\">")]
    [InlineData("edgedefault=\"undirected\"", "edgedefault=\"sideways\"")]
    public void The_schema_catches_what_it_should(string from, string to)
    {
        var w = new ReportWorld();
        string xml = Write(t => GraphExport.WriteGraphMl(t, w.Data("G00001")));
        Assert.Contains(from, xml);
        Assert.NotEmpty(Validate(xml.Replace(from, to)));
        var edge = XDocument.Parse(xml).Root!.Element(G + "graph")!.Element(G + "edge")!;
        string target = (string)edge.Attribute("target")!;
        Assert.NotEmpty(Validate(xml.Replace("target=\"" + target + "\"", "target=\"999\"")));
    }

    private static List<string> Validate(string xml)
    {
        var schemas = new XmlSchemaSet();
        using (var xsd = XmlReader.Create(new StringReader(GraphMlSchema.Xsd)))
            schemas.Add(GraphExport.GraphMlNamespace, xsd);
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity}: {e.Message} (line {e.Exception?.LineNumber})");
        using (var reader = XmlReader.Create(new StringReader(xml), settings))
            while (reader.Read()) { }
        return errors;
    }

    [Fact]
    public void GraphMl_structure_holds_every_key_declared_and_every_endpoint_a_node()
    {
        var w = new ReportWorld();
        var data = w.Data("G00001");
        var doc = XDocument.Parse(Write(t => GraphExport.WriteGraphMl(t, data)));
        var root = doc.Root!;
        Assert.Equal(G + "graphml", root.Name);
        var keys = root.Elements(G + "key").ToDictionary(k => (string)k.Attribute("id")!, k => (string)k.Attribute("for")!);
        foreach (var name in new[] { "msisdn", "kind", "verdict", "score", "operator", "prospect" }) Assert.Equal("node", keys[name]);
        foreach (var name in new[] { "events", "calls", "sms", "seconds" }) Assert.Equal("edge", keys[name]);
        var graph = root.Element(G + "graph")!;
        Assert.Equal("undirected", (string)graph.Attribute("edgedefault")!);
        var nodes = graph.Elements(G + "node").Select(n => (string)n.Attribute("id")!).ToList();
        Assert.Equal(nodes.Count, nodes.Distinct().Count());
        Assert.Equal(data.Nodes.Count, nodes.Count);
        var nodeSet = nodes.ToHashSet();
        var edges = graph.Elements(G + "edge").ToList();
        Assert.Equal(data.Edges.Count, edges.Count);
        Assert.All(edges, e => Assert.True(nodeSet.Contains((string)e.Attribute("source")!) && nodeSet.Contains((string)e.Attribute("target")!)));
        foreach (var d in graph.Descendants(G + "data"))
        {
            string key = (string)d.Attribute("key")!;
            Assert.True(keys.ContainsKey(key), key);
            Assert.Equal(d.Parent!.Name.LocalName, keys[key]);
        }
        var prospect = graph.Elements(G + "node").Single(n => (string)n.Attribute("id")! == w.Prospect.ToString());
        Assert.Equal("true", prospect.Elements(G + "data").Single(d => (string)d.Attribute("key")! == "prospect").Value);
        Assert.Equal("contact", prospect.Elements(G + "data").Single(d => (string)d.Attribute("key")! == "kind").Value);
    }

    [Fact]
    public void Dot_has_balanced_braces_each_node_once_and_colours_by_verdict()
    {
        var w = new ReportWorld();
        var data = w.Data("G00001");
        string dot = Write(t => GraphExport.WriteDot(t, data));
        Assert.StartsWith("graph \"G00001\" {", dot);
        Assert.Equal(dot.Count(c => c == '{'), dot.Count(c => c == '}'));
        var lines = dot.Split('\n');
        foreach (var n in data.Nodes)
            Assert.Single(lines, l => l.StartsWith("  \"" + n.Msisdn + "\" [", StringComparison.Ordinal));
        Assert.Equal(data.Edges.Count, lines.Count(l => l.Contains(" -- ", StringComparison.Ordinal)));
        var fake = w.Result.Members.First(m => m.GroupId == "G00001" && m.Verdict == Verdict.Fake);
        Assert.Contains("fillcolor=\"#c62828\"", lines.Single(l => l.StartsWith("  \"" + fake.Msisdn + "\" [", StringComparison.Ordinal)));
        Assert.DoesNotContain(" -> ", dot);
    }

    [Fact]
    public void Dot_quotes_awkward_ids()
    {
        var data = new GraphData("G \"1\"\\x", 0, new[] { new GraphNode("1", GraphNodeKind.Member, "genuine", 0.9, "cmcc", false, false, false, 0) }, Array.Empty<GraphEdge>());
        string dot = Write(t => GraphExport.WriteDot(t, data));
        Assert.StartsWith("graph \"G \\\"1\\\"\\\\x\" {", dot);
    }
}
