using CallGraph.Csv;
using CallGraph.Output;
using CallGraph.Ingest;

namespace CallGraph.Campaigns.Input;

/// <summary>
/// Reads <c>prospects.csv</c> by header name (its contract is <see cref="CircleFile"/>). Only <c>group_id, msisdn, operator, members_contacted,
/// member_share</c> are required; the other columns of the contract and any extra ones are ignored.
/// </summary>
public static class ProspectFile
{
    private static readonly CsvColumn[] Required = [CircleFile.GroupId, CircleFile.Msisdn, CircleFile.Operator, CircleFile.MembersContacted, CircleFile.MemberShare];

    /// <summary>Reads every row; throws <see cref="DataException"/> at the first bad one.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="source">The name errors use, usually the file path.</param>
    public static IReadOnlyList<Prospect> Read(TextReader reader, string source)
    {
        using var table = new ImportTable(CircleFile.Contract.Read(reader, source, Required));
        var prospects = new List<Prospect>();
        while (table.Next())
        {
            prospects.Add(new Prospect(
                table.RequiredText(CircleFile.GroupId),
                table.Msisdn(CircleFile.Msisdn),
                table.Text(CircleFile.Operator),
                table.NonNegativeInt(CircleFile.MembersContacted),
                table.Share(CircleFile.MemberShare)));
        }
        return prospects;
    }
}
