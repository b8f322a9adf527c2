using CallGraph.Ingest;

namespace CallGraph.Campaigns.Input;

/// <summary>
/// Reads <c>prospects.csv</c> by header name. Only <c>group_id, msisdn, operator, members_contacted,
/// member_share</c> are required; the other columns of the contract and any extra ones are ignored.
/// </summary>
public static class ProspectFile
{
    private static readonly string[] Required = ["group_id", "msisdn", "operator", "members_contacted", "member_share"];

    /// <summary>Reads every row; throws <see cref="DataException"/> at the first bad one.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="source">The name errors use, usually the file path.</param>
    public static IReadOnlyList<Prospect> Read(TextReader reader, string source)
    {
        var table = CsvTable.Open(reader, source, Required);
        var prospects = new List<Prospect>();
        while (table.Next())
        {
            prospects.Add(new Prospect(
                table.RequiredText("group_id"),
                table.Msisdn("msisdn"),
                table.Text("operator"),
                table.NonNegativeInt("members_contacted"),
                table.Share("member_share")));
        }
        return prospects;
    }
}
