using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Xml;
using CallGraph.Output;
using CallGraph.Analysis;
using CallGraph.Graphs;

namespace CallGraph.Reporting;

/// <summary>Whether a node of an exported graph is a roster member or an outside contact.</summary>
public enum GraphNodeKind
{
    /// <summary>A roster member of the group.</summary>
    Member,

    /// <summary>An outside number the members talk to.</summary>
    Contact,
}

/// <summary>One node of an exported group graph.</summary>
/// <param name="Msisdn">The canonical number; also the node's id (unique within one group graph).</param>
/// <param name="Kind">Member or contact.</param>
/// <param name="Verdict">For members: genuine, suspect, fake or unscored; empty for contacts.</param>
/// <param name="Score">For members: the coupling score; null for contacts and unassessed members.</param>
/// <param name="Operator">Operator name, or empty when unknown.</param>
/// <param name="Prospect">True for an off-net contact over the prospect threshold.</param>
/// <param name="PotentialMember">True for an on-net contact off the roster that looks like a member.</param>
/// <param name="CompetitorLike">True for an off-net contact that looks like one of the group's own people.</param>
/// <param name="MembersContacted">Distinct members this node exchanged traffic with (members: colleagues reached).</param>
public sealed record GraphNode(
    string Msisdn,
    GraphNodeKind Kind,
    string Verdict,
    double? Score,
    string Operator,
    bool Prospect,
    bool PotentialMember,
    bool CompetitorLike,
    int MembersContacted)
{
    /// <summary>
    /// For members: the sub-team (connected component of the colleague graph, see <see cref="ColleagueTeams"/>), 0 for
    /// the largest; null for contacts and in graph files written before teams were recorded.
    /// </summary>
    public int? Team { get; init; }
}

/// <summary>One undirected edge of an exported group graph (member–member edges appear once).</summary>
/// <param name="Source">Id (number) of the first end: always a member.</param>
/// <param name="Target">Id (number) of the other end.</param>
/// <param name="Events">Calls and SMS, both directions.</param>
/// <param name="Calls">Voice calls, both directions.</param>
/// <param name="Sms">SMS, both directions.</param>
/// <param name="Seconds">Voice seconds.</param>
public sealed record GraphEdge(string Source, string Target, int Events, int Calls, int Sms, long Seconds);

/// <summary>
/// A group's call graph reduced to plain data: what the export formats write and what the HTML report
/// draws. Nodes are the members in roster order (sorted by number), then the kept contacts sorted by number;
/// edges are ordered by the earlier of their two ends in that node order, then by the later.
/// </summary>
/// <param name="GroupId">Group key.</param>
/// <param name="ContactsTotal">Outside contacts in the full graph (before any were left out).</param>
/// <param name="Nodes">Nodes.</param>
/// <param name="Edges">Edges.</param>
public sealed record GraphData(string GroupId, int ContactsTotal, IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphEdge> Edges)
{
    /// <summary>Member nodes.</summary>
    public int MemberCount => Nodes.Count(n => n.Kind == GraphNodeKind.Member);
}

/// <summary>Which outside contacts an export keeps (members and their edges are always kept).</summary>
public sealed record GraphExportOptions
{
    /// <summary>Every contact, the whole long tail (for other graph tools; can be large).</summary>
    public static GraphExportOptions Full { get; } = new() { MinMembersForOtherContacts = 1, MaxOtherContacts = int.MaxValue };

    /// <summary>
    /// Contacts that are in none of the circle lists are kept when they talk to at least this many members
    /// (default 2: one member's private contacts say nothing about the group).
    /// </summary>
    public int MinMembersForOtherContacts { get; init; } = 2;

    /// <summary>At most this many such other contacts, the most connected first (default 200). Listed contacts are always kept.</summary>
    public int MaxOtherContacts { get; init; } = 200;
}

/// <summary>
/// Exports one group's call graph as GraphML, Graphviz DOT or JSON, and reads the JSON form back.
/// Output is deterministic and culture-invariant.
/// </summary>
public static class GraphExport
{
    /// <summary>The GraphML namespace.</summary>
    public const string GraphMlNamespace = "http://graphml.graphdrawing.org/xmlns";

    /// <summary>Value of the JSON form's <c>format</c> field.</summary>
    public const string JsonFormat = "callgraph-group-graph";

    /// <summary>Version of the JSON form.</summary>
    public const int JsonVersion = 1;

    /// <summary>
    /// Reduces <paramref name="graph"/> to plain data: members with their verdicts and scores from
    /// <paramref name="members"/>, contacts flagged from the three circle lists, member–member edges once.
    /// </summary>
    public static GraphData Build(GroupGraph graph, IReadOnlyList<MemberAssessment> members, IReadOnlyList<CircleContact> prospects,
        IReadOnlyList<CircleContact> potentialMembers, IReadOnlyList<CircleContact> competitorLike, GraphExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(prospects);
        ArgumentNullException.ThrowIfNull(potentialMembers);
        ArgumentNullException.ThrowIfNull(competitorLike);
        options ??= new GraphExportOptions();
        string groupId = graph.Group.GroupId;
        int m = graph.MemberCount;

        var assessed = new Dictionary<ulong, MemberAssessment>();
        foreach (var a in members)
            if (a.GroupId == groupId) assessed[a.Msisdn.Key] = a;
        var circle = new Dictionary<ulong, (CircleContact Contact, bool Prospect, bool Potential, bool Competitor)>();
        void Flag(IReadOnlyList<CircleContact> list, int which)
        {
            foreach (var c in list)
            {
                if (c.GroupId != groupId) continue;
                var entry = circle.TryGetValue(c.Msisdn.Key, out var e) ? e : (c, false, false, false);
                if (which == 0) entry.Item2 = true;
                else if (which == 1) entry.Item3 = true;
                else entry.Item4 = true;
                circle[c.Msisdn.Key] = entry;
            }
        }
        Flag(prospects, 0);
        Flag(potentialMembers, 1);
        Flag(competitorLike, 2);

        // Which contacts to keep: every listed one, plus the best connected of the rest.
        var keep = new bool[graph.ContactCount];
        var others = new List<int>();
        for (int c = 0; c < graph.ContactCount; c++)
        {
            int node = m + c;
            if (circle.ContainsKey(graph.NumberOf(node).Key)) keep[c] = true;
            else if (graph.MembersOfContact(node).Length >= options.MinMembersForOtherContacts) others.Add(c);
        }
        others.Sort((a, b) =>
        {
            int x = graph.MembersOfContact(m + b).Length.CompareTo(graph.MembersOfContact(m + a).Length);
            return x != 0 ? x : a.CompareTo(b); // contacts are sorted by number, so index order is number order
        });
        for (int i = 0; i < others.Count && i < options.MaxOtherContacts; i++) keep[others[i]] = true;

        var nodes = new List<GraphNode>(m + graph.ContactCount);
        var teams = ColleagueTeams.Find(graph);
        var colleagues = new int[m];
        for (int i = 0; i < m; i++)
            foreach (int n in graph.NeighboursOf(i))
                if (n < m && n != i) colleagues[i]++;
        for (int i = 0; i < m; i++)
        {
            var number = graph.NumberOf(i);
            assessed.TryGetValue(number.Key, out var a);
            nodes.Add(new GraphNode(number.ToString(), GraphNodeKind.Member, a is null ? "unscored" : VerdictName(a.Verdict),
                a is null || a.Verdict == Verdict.Unscored ? null : a.Score, a?.Operator ?? "", false, false, false, colleagues[i]) { Team = teams.TeamOf[i] });
        }
        for (int c = 0; c < graph.ContactCount; c++)
        {
            if (!keep[c]) continue;
            var number = graph.NumberOf(m + c);
            bool listed = circle.TryGetValue(number.Key, out var info);
            nodes.Add(new GraphNode(number.ToString(), GraphNodeKind.Contact, "", null, listed ? info.Contact.Operator : "",
                listed && info.Prospect, listed && info.Potential, listed && info.Competitor, graph.MembersOfContact(m + c).Length));
        }

        var edges = new List<GraphEdge>(graph.EdgeCount);
        for (int i = 0; i < m; i++)
        {
            var targets = graph.NeighboursOf(i);
            var pairs = graph.PairsOf(i);
            var row = new List<(int Node, GraphEdge Edge)>();
            for (int j = 0; j < targets.Length; j++)
            {
                int t = targets[j];
                if (t == i) continue;
                if (t < m)
                {
                    // Member–member: both sides hold the same traffic; keep the lower member's record, or the
                    // higher's when only it has one.
                    if (t < i && HasEdge(graph, t, i)) continue;
                }
                else if (!keep[t - m]) continue;
                ref readonly var p = ref pairs[j];
                row.Add((t, new GraphEdge(graph.NumberOf(i).ToString(), graph.NumberOf(t).ToString(), p.Events, p.Calls, p.Sms, p.Seconds)));
            }
            foreach (var r in row) edges.Add(r.Edge);
        }
        edges.Sort(EdgeOrder(nodes));
        return new GraphData(groupId, graph.ContactCount, nodes, edges);
    }

    private static bool HasEdge(GroupGraph graph, int from, int to)
    {
        foreach (int n in graph.NeighboursOf(from))
            if (n == to) return true;
        return false;
    }

    private static Comparison<GraphEdge> EdgeOrder(List<GraphNode> nodes)
    {
        var index = new Dictionary<string, int>(nodes.Count, StringComparer.Ordinal);
        for (int i = 0; i < nodes.Count; i++) index[nodes[i].Msisdn] = i;
        return (a, b) =>
        {
            int sa = Math.Min(index[a.Source], index[a.Target]), sb = Math.Min(index[b.Source], index[b.Target]);
            if (sa != sb) return sa.CompareTo(sb);
            int ta = Math.Max(index[a.Source], index[a.Target]), tb = Math.Max(index[b.Source], index[b.Target]);
            return ta.CompareTo(tb);
        };
    }

    /// <summary>The verdict's lower-case name as written in the outputs.</summary>
    public static string VerdictName(Verdict verdict) => verdict switch
    {
        Verdict.Genuine => "genuine",
        Verdict.Suspect => "suspect",
        Verdict.Fake => "fake",
        _ => "unscored",
    };

    /// <summary>Builds the graph data (default options) and writes it as JSON: the form <c>analyze</c> saves as <c>graphs/&lt;group_id&gt;.json</c>.</summary>
    public static void WriteJson(TextWriter writer, GroupGraph graph, IReadOnlyList<MemberAssessment> members, IReadOnlyList<CircleContact> prospects,
        IReadOnlyList<CircleContact> potentialMembers, IReadOnlyList<CircleContact> competitorLike) =>
        WriteJson(writer, Build(graph, members, prospects, potentialMembers, competitorLike));

    /// <summary>Builds the graph data (default options) and writes it as GraphML.</summary>
    public static void WriteGraphMl(TextWriter writer, GroupGraph graph, IReadOnlyList<MemberAssessment> members, IReadOnlyList<CircleContact> prospects,
        IReadOnlyList<CircleContact> potentialMembers, IReadOnlyList<CircleContact> competitorLike) =>
        WriteGraphMl(writer, Build(graph, members, prospects, potentialMembers, competitorLike));

    /// <summary>Builds the graph data (default options) and writes it as Graphviz DOT.</summary>
    public static void WriteDot(TextWriter writer, GroupGraph graph, IReadOnlyList<MemberAssessment> members, IReadOnlyList<CircleContact> prospects,
        IReadOnlyList<CircleContact> potentialMembers, IReadOnlyList<CircleContact> competitorLike) =>
        WriteDot(writer, Build(graph, members, prospects, potentialMembers, competitorLike));

    /// <summary>
    /// Writes the JSON form: <c>{"format","version","group_id","contacts_total","nodes":[…],"edges":[…]}</c>,
    /// snake_case names, one node or edge per line. A member node carries its sub-team (<c>team</c>) when known.
    /// </summary>
    public static void WriteJson(TextWriter writer, GraphData data)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(data);
        var buffer = new ArrayBufferWriter<byte>();
        var jsonOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };
        writer.Write("{\"format\":\"" + JsonFormat + "\",\"version\":");
        writer.Write(JsonVersion.ToString(CultureInfo.InvariantCulture));
        writer.Write(",\"group_id\":");
        writer.Write(JsonString(data.GroupId));
        writer.Write(",\"contacts_total\":");
        writer.Write(data.ContactsTotal.ToString(CultureInfo.InvariantCulture));
        writer.Write(",\n\"nodes\":[");
        for (int i = 0; i < data.Nodes.Count; i++)
        {
            var n = data.Nodes[i];
            buffer.ResetWrittenCount();
            using (var j = new Utf8JsonWriter(buffer, jsonOptions))
            {
                j.WriteStartObject();
                j.WriteString("msisdn", n.Msisdn);
                j.WriteString("kind", n.Kind == GraphNodeKind.Member ? "member" : "contact");
                j.WriteString("verdict", n.Verdict);
                if (n.Score is double s) j.WriteNumber("score", s); else j.WriteNull("score");
                j.WriteString("operator", n.Operator);
                j.WriteBoolean("prospect", n.Prospect);
                j.WriteBoolean("potential_member", n.PotentialMember);
                j.WriteBoolean("competitor_like", n.CompetitorLike);
                j.WriteNumber("members_contacted", n.MembersContacted);
                if (n.Team is int team) j.WriteNumber("team", team);
                j.WriteEndObject();
            }
            writer.Write(i == 0 ? "\n" : ",\n");
            writer.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
        writer.Write("],\n\"edges\":[");
        for (int i = 0; i < data.Edges.Count; i++)
        {
            var e = data.Edges[i];
            writer.Write(i == 0 ? "\n" : ",\n");
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"{{\"source\":{JsonString(e.Source)},\"target\":{JsonString(e.Target)},\"events\":{e.Events},\"calls\":{e.Calls},\"sms\":{e.Sms},\"seconds\":{e.Seconds}}}"));
        }
        writer.Write("]}\n");
    }

    private static readonly JsonSerializerOptions StringOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string JsonString(string value) => JsonSerializer.Serialize(value, StringOptions);

    /// <summary>
    /// Reads the JSON form back. Unknown fields are ignored; a missing or mistyped required field, an
    /// edge whose end is not a node, or another format is an <see cref="InvalidDataException"/> naming <paramref name="sourceName"/>.
    /// </summary>
    public static GraphData ReadJson(TextReader reader, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sourceName);
        JsonDocument doc;
        try { doc = JsonDocument.Parse(reader.ReadToEnd()); }
        catch (JsonException ex) { throw new InvalidDataException($"{sourceName}: not valid JSON ({ex.Message})", ex); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Bad(sourceName, "expected a JSON object");
            if (!root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != JsonFormat)
                throw Bad(sourceName, $"not a group graph (format must be \"{JsonFormat}\")");
            if (root.TryGetProperty("version", out var version) && (!version.TryGetInt32(out int v) || v > JsonVersion))
                throw Bad(sourceName, $"unsupported version (this build reads up to {JsonVersion})");
            string groupId = Str(root, "group_id", sourceName);
            int contactsTotal = root.TryGetProperty("contacts_total", out var ct) && ct.ValueKind == JsonValueKind.Number && ct.TryGetInt32(out int total) ? total : 0;
            var nodes = new List<GraphNode>();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var n in Arr(root, "nodes", sourceName))
            {
                string kind = Str(n, "kind", sourceName);
                if (kind is not ("member" or "contact")) throw Bad(sourceName, $"node kind \"{kind}\" is neither member nor contact");
                var node = new GraphNode(Str(n, "msisdn", sourceName), kind == "member" ? GraphNodeKind.Member : GraphNodeKind.Contact,
                    OptStr(n, "verdict"), n.TryGetProperty("score", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : null,
                    OptStr(n, "operator"), OptBool(n, "prospect"), OptBool(n, "potential_member"), OptBool(n, "competitor_like"),
                    n.TryGetProperty("members_contacted", out var mc) && mc.ValueKind == JsonValueKind.Number && mc.TryGetInt32(out int contacted) ? contacted : 0)
                {
                    Team = kind == "member" && n.TryGetProperty("team", out var t) && t.ValueKind == JsonValueKind.Number && t.TryGetInt32(out int team) && team >= 0 ? team : null,
                };
                if (!ids.Add(node.Msisdn)) throw Bad(sourceName, $"node {node.Msisdn} appears twice");
                nodes.Add(node);
            }
            var edges = new List<GraphEdge>();
            foreach (var e in Arr(root, "edges", sourceName))
            {
                var edge = new GraphEdge(Str(e, "source", sourceName), Str(e, "target", sourceName), Int(e, "events", sourceName),
                    Int(e, "calls", sourceName), Int(e, "sms", sourceName), Long(e, "seconds", sourceName));
                if (!ids.Contains(edge.Source) || !ids.Contains(edge.Target))
                    throw Bad(sourceName, $"edge {edge.Source}-{edge.Target} names a node that is not in the nodes list");
                edges.Add(edge);
            }
            return new GraphData(groupId, contactsTotal, nodes, edges);
        }
    }

    private static InvalidDataException Bad(string source, string reason) => new($"{source}: {reason}");

    private static string Str(JsonElement e, string name, string source) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()! : throw Bad(source, $"missing text field \"{name}\"");

    private static string OptStr(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    private static bool OptBool(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    private static int Int(JsonElement e, string name, string source) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i)
            ? i : throw Bad(source, $"missing whole-number field \"{name}\"");

    private static long Long(JsonElement e, string name, string source) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long i)
            ? i : throw Bad(source, $"missing whole-number field \"{name}\"");

    private static JsonElement.ArrayEnumerator Arr(JsonElement e, string name, string source) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : throw Bad(source, $"missing array \"{name}\"");

    /// <summary>
    /// Writes GraphML (undirected), with keys for the node attributes <c>msisdn, kind, verdict, score, operator,
    /// prospect, potential_member, competitor_like, members_contacted</c> and the edge attributes
    /// <c>events, calls, sms, seconds</c>. A node without a score has no score data element.
    /// </summary>
    public static void WriteGraphMl(TextWriter writer, GraphData data)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(data);
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", NewLineChars = "\n", OmitXmlDeclaration = false, Encoding = Encoding.UTF8 };
        using var x = XmlWriter.Create(writer, settings);
        x.WriteStartDocument();
        x.WriteStartElement("graphml", GraphMlNamespace);
        void Key(string id, string domain, string type)
        {
            x.WriteStartElement("key", GraphMlNamespace);
            x.WriteAttributeString("id", id);
            x.WriteAttributeString("for", domain);
            x.WriteAttributeString("attr.name", id);
            x.WriteAttributeString("attr.type", type);
            x.WriteEndElement();
        }
        Key("msisdn", "node", "string");
        Key("kind", "node", "string");
        Key("verdict", "node", "string");
        Key("score", "node", "double");
        Key("operator", "node", "string");
        Key("prospect", "node", "boolean");
        Key("potential_member", "node", "boolean");
        Key("competitor_like", "node", "boolean");
        Key("members_contacted", "node", "int");
        Key("events", "edge", "int");
        Key("calls", "edge", "int");
        Key("sms", "edge", "int");
        Key("seconds", "edge", "long");
        x.WriteStartElement("graph", GraphMlNamespace);
        x.WriteAttributeString("id", data.GroupId);
        x.WriteAttributeString("edgedefault", "undirected");
        void Data(string key, string value)
        {
            x.WriteStartElement("data", GraphMlNamespace);
            x.WriteAttributeString("key", key);
            x.WriteString(value);
            x.WriteEndElement();
        }
        var ci = CultureInfo.InvariantCulture;
        foreach (var n in data.Nodes)
        {
            x.WriteStartElement("node", GraphMlNamespace);
            x.WriteAttributeString("id", n.Msisdn);
            Data("msisdn", n.Msisdn);
            Data("kind", n.Kind == GraphNodeKind.Member ? "member" : "contact");
            if (n.Verdict.Length > 0) Data("verdict", n.Verdict);
            if (n.Score is double s) Data("score", s.ToString("R", ci));
            if (n.Operator.Length > 0) Data("operator", n.Operator);
            Data("prospect", n.Prospect ? "true" : "false");
            if (n.Kind == GraphNodeKind.Contact)
            {
                Data("potential_member", n.PotentialMember ? "true" : "false");
                Data("competitor_like", n.CompetitorLike ? "true" : "false");
            }
            Data("members_contacted", n.MembersContacted.ToString(ci));
            x.WriteEndElement();
        }
        int k = 0;
        foreach (var e in data.Edges)
        {
            x.WriteStartElement("edge", GraphMlNamespace);
            x.WriteAttributeString("id", "e" + (k++).ToString(ci));
            x.WriteAttributeString("source", e.Source);
            x.WriteAttributeString("target", e.Target);
            Data("events", e.Events.ToString(ci));
            Data("calls", e.Calls.ToString(ci));
            Data("sms", e.Sms.ToString(ci));
            Data("seconds", e.Seconds.ToString(ci));
            x.WriteEndElement();
        }
        x.WriteEndElement();
        x.WriteEndElement();
        x.WriteEndDocument();
        x.Flush();
        writer.Write('\n');
    }

    /// <summary>Fill colour of a node in the DOT export and the HTML report: by verdict for members, by role for contacts.</summary>
    public static string ColourOf(GraphNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.Kind == GraphNodeKind.Member)
            return node.Verdict switch
            {
                "genuine" => "#2e7d32",
                "suspect" => "#f9a825",
                "fake" => "#c62828",
                _ => "#9e9e9e",
            };
        if (node.Prospect) return "#e65100";
        if (node.CompetitorLike) return "#8e24aa";
        if (node.PotentialMember) return "#1565c0";
        return "#cfd8dc";
    }

    /// <summary>
    /// Writes Graphviz DOT: an undirected <c>graph</c>, quoted ids, members as circles filled by verdict,
    /// contacts as boxes (prospects orange), pen width by traffic.
    /// </summary>
    public static void WriteDot(TextWriter writer, GraphData data)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(data);
        var ci = CultureInfo.InvariantCulture;
        writer.Write("graph " + DotId(data.GroupId) + " {\n");
        writer.Write("  graph [overlap=false, splines=true, outputorder=edgesfirst];\n");
        writer.Write("  node [style=filled, fontname=\"Helvetica\", fontsize=9];\n");
        writer.Write("  edge [color=\"#90a4ae\"];\n");
        foreach (var n in data.Nodes)
        {
            string label = n.Kind == GraphNodeKind.Member
                ? n.Msisdn + "\\n" + n.Verdict + (n.Score is double s ? " " + s.ToString("0.00", ci) : "")
                : n.Msisdn + (n.Operator.Length > 0 ? "\\n" + DotEscape(n.Operator) : "");
            string shape = n.Kind == GraphNodeKind.Member ? "ellipse" : n.Prospect ? "diamond" : "box";
            string font = n.Kind == GraphNodeKind.Member && n.Verdict is "genuine" or "fake" ? "white" : "black";
            writer.Write(string.Create(ci, $"  {DotId(n.Msisdn)} [label=\"{label}\", shape={shape}, fillcolor=\"{ColourOf(n)}\", fontcolor={font}];\n"));
        }
        foreach (var e in data.Edges)
        {
            double width = 1 + Math.Log10(1 + Math.Max(0, e.Events));
            writer.Write(string.Create(ci, $"  {DotId(e.Source)} -- {DotId(e.Target)} [penwidth={width:0.##}, tooltip=\"{e.Events} events, {e.Calls} calls, {e.Sms} sms, {e.Seconds} s\"];\n"));
        }
        writer.Write("}\n");
    }

    private static string DotId(string id) => "\"" + DotEscape(id) + "\"";

    private static string DotEscape(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
        .Replace("\n", " ", StringComparison.Ordinal).Replace("\r", " ", StringComparison.Ordinal);
}
