using CallGraph.Ingest;

namespace CallGraph.Campaigns.Input;

/// <summary>Reads the groups file <c>group_id,name,branch,account_manager[,industry]</c> by header name.</summary>
public static class GroupFile
{
    private static readonly string[] Required = ["group_id", "name", "branch", "account_manager"];

    /// <summary>Reads every row, keyed by group id; a repeated group id is an error.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="source">The name errors use, usually the file path.</param>
    public static IReadOnlyDictionary<string, GroupInfo> Read(TextReader reader, string source)
    {
        var table = CsvTable.Open(reader, source, Required);
        var groups = new Dictionary<string, GroupInfo>(StringComparer.Ordinal);
        var firstLine = new Dictionary<string, long>(StringComparer.Ordinal);
        bool hasIndustry = table.Has("industry");
        while (table.Next())
        {
            string id = table.RequiredText("group_id");
            if (!firstLine.TryAdd(id, table.Line))
                throw table.Error("group_id", $"group {CsvTable.Shown(id)} already given on line {firstLine[id]}");
            groups[id] = new GroupInfo(id, table.Text("name"), table.Text("branch"), table.Text("account_manager"),
                hasIndustry ? table.Text("industry") : null);
        }
        return groups;
    }
}
