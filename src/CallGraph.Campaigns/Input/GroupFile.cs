using CallGraph.Rosters;

namespace CallGraph.Campaigns.Input;

/// <summary>Reads the groups file <c>group_id,name,branch,account_manager[,industry]</c> with the core's one reader and rule.</summary>
public static class GroupFile
{
    /// <summary>Reads every row, keyed by group id; a missing column, an empty or repeated group id is an error naming the line.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="source">The name errors use, usually the file path.</param>
    public static IReadOnlyDictionary<string, GroupInfo> Read(TextReader reader, string source) => Roster.ReadGroups(reader, source);
}
