using CallGraph.Csv;

namespace CallGraph.Rosters;

/// <summary>The columns of a roster file, <c>group_id,msisdn</c>, read by <see cref="Roster.Read"/>.</summary>
public static class RosterFile
{
    /// <summary>The group's id.</summary>
    public static readonly CsvColumn GroupId = new("group_id");

    /// <summary>The member's number (or subscriber id); also read from a column named <c>number</c> or <c>member</c>.</summary>
    public static readonly CsvColumn Msisdn = new("msisdn", true, "number", "member");

    /// <summary>The file's columns in the order written.</summary>
    public static readonly CsvContract Contract = new("roster", GroupId, Msisdn);
}

/// <summary>The columns of the groups file, <c>group_id,name,branch,account_manager[,industry]</c>, read by <see cref="Roster.ReadGroups"/>.</summary>
public static class GroupInfoFile
{
    /// <summary>The file's columns, each named as its header; industry may be absent.</summary>
    public static readonly CsvColumn GroupId = new("group_id"), Name = new("name"), Branch = new("branch"), AccountManager = new("account_manager"),
        Industry = new("industry", required: false);

    /// <summary>The file's columns in the order written.</summary>
    public static readonly CsvContract Contract = new("groups", GroupId, Name, Branch, AccountManager, Industry);
}
