using CallGraph.Ingest;
using CallGraph.Numbers;

namespace CallGraph.Rosters;

/// <summary>Descriptive data of a group customer, from the optional groups file.</summary>
/// <param name="GroupId">Group key, as on the roster.</param>
/// <param name="Name">Display name (any script).</param>
/// <param name="Branch">Branch office that owns the account.</param>
/// <param name="AccountManager">Account manager in charge.</param>
/// <param name="Industry">Industry, when given.</param>
public sealed record GroupInfo(string GroupId, string Name, string Branch, string AccountManager, string Industry);

/// <summary>A roster row that was not taken, or a fact worth reporting about one that was.</summary>
/// <param name="Source">File name.</param>
/// <param name="Line">1-based line.</param>
/// <param name="GroupId">Group on that line.</param>
/// <param name="Raw">The number as written.</param>
/// <param name="Reason">Why it was rejected or reported.</param>
public sealed record RosterIssue(string Source, long Line, string GroupId, string Raw, string Reason);

/// <summary>One group's roster: its members as canonical numbers, sorted.</summary>
public sealed class RosterGroup
{
    internal RosterGroup(int index, string groupId, PhoneNumber[] members, int firstEntry)
    {
        Index = index;
        GroupId = groupId;
        Members = members;
        FirstEntry = firstEntry;
    }

    /// <summary>Position of the group in <see cref="Roster.Groups"/> (sorted by id).</summary>
    public int Index { get; }

    /// <summary>Group key.</summary>
    public string GroupId { get; }

    /// <summary>Roster numbers, sorted; position i is member entry <see cref="FirstEntry"/> + i.</summary>
    public IReadOnlyList<PhoneNumber> Members { get; }

    /// <summary>Roster size.</summary>
    public int Size => Members.Count;

    /// <summary>Dense id of this group's first member entry.</summary>
    public int FirstEntry { get; }
}

/// <summary>
/// All rosters of a run, with dense member-entry ids: entry = (group, number), numbered group by group
/// in group-id order, then by number. A number on two rosters has two entries.
/// </summary>
public sealed class Roster
{
    private readonly NumberIndex _firstEntryOfNumber;
    private readonly int[] _nextEntryOfSameNumber;
    private readonly int[] _groupOfEntry;
    private readonly PhoneNumber[] _numberOfEntry;

    /// <summary>Builds a roster from (group, number) pairs; duplicates within a group collapse to one entry.</summary>
    public Roster(IEnumerable<(string GroupId, PhoneNumber Number)> rows, IReadOnlyList<RosterIssue>? issues = null)
    {
        var byGroup = new SortedDictionary<string, SortedSet<PhoneNumber>>(StringComparer.Ordinal);
        foreach (var (g, n) in rows)
        {
            if (!byGroup.TryGetValue(g, out var set)) byGroup[g] = set = new SortedSet<PhoneNumber>();
            set.Add(n);
        }
        var groups = new List<RosterGroup>();
        var numbers = new List<PhoneNumber>();
        var groupOf = new List<int>();
        foreach (var (g, set) in byGroup)
        {
            var members = set.ToArray();
            groups.Add(new RosterGroup(groups.Count, g, members, numbers.Count));
            foreach (var n in members) { numbers.Add(n); groupOf.Add(groups.Count - 1); }
        }
        Groups = groups;
        _numberOfEntry = numbers.ToArray();
        _groupOfEntry = groupOf.ToArray();
        _nextEntryOfSameNumber = new int[_numberOfEntry.Length];
        var firstEntry = new Dictionary<ulong, int>(_numberOfEntry.Length);
        var multi = new SortedSet<PhoneNumber>();
        // Walk backwards so each chain lists entries in ascending order.
        for (int e = _numberOfEntry.Length - 1; e >= 0; e--)
        {
            ulong key = _numberOfEntry[e].Key;
            if (firstEntry.TryGetValue(key, out int next)) { _nextEntryOfSameNumber[e] = next; multi.Add(_numberOfEntry[e]); }
            else _nextEntryOfSameNumber[e] = -1;
            firstEntry[key] = e;
        }
        _firstEntryOfNumber = new NumberIndex(firstEntry.Select(kv => (kv.Key, kv.Value)).ToArray());
        NumbersOnSeveralRosters = multi.ToArray();
        Issues = issues ?? Array.Empty<RosterIssue>();
        GroupById = groups.ToDictionary(g => g.GroupId, StringComparer.Ordinal);
    }

    /// <summary>Groups sorted by id.</summary>
    public IReadOnlyList<RosterGroup> Groups { get; }

    /// <summary>Groups by id.</summary>
    public IReadOnlyDictionary<string, RosterGroup> GroupById { get; }

    /// <summary>Total member entries (sum of roster sizes).</summary>
    public int EntryCount => _numberOfEntry.Length;

    /// <summary>Numbers that appear on more than one roster (allowed, reported).</summary>
    public IReadOnlyList<PhoneNumber> NumbersOnSeveralRosters { get; }

    /// <summary>Rows rejected or reported while reading.</summary>
    public IReadOnlyList<RosterIssue> Issues { get; }

    /// <summary>The number of a member entry.</summary>
    public PhoneNumber NumberOf(int entry) => _numberOfEntry[entry];

    /// <summary>The group index of a member entry.</summary>
    public int GroupOf(int entry) => _groupOfEntry[entry];

    /// <summary>First member entry of <paramref name="number"/>, or -1 when it is on no roster.</summary>
    public int FirstEntryOf(PhoneNumber number) => _firstEntryOfNumber.Find(number.Key);

    /// <summary>Hints the CPU to fetch what <see cref="FirstEntryOf"/> reads first for <paramref name="number"/>.</summary>
    internal void PrefetchNumber(PhoneNumber number) => _firstEntryOfNumber.Prefetch(number.Key);

    /// <summary>The next entry of the same number after <paramref name="entry"/>, or -1.</summary>
    public int NextEntryOfSameNumber(int entry) => _nextEntryOfSameNumber[entry];

    /// <summary>Member entry of <paramref name="number"/> in group <paramref name="groupIndex"/>, or -1.</summary>
    public int EntryOf(PhoneNumber number, int groupIndex)
    {
        for (int e = FirstEntryOf(number); e >= 0; e = _nextEntryOfSameNumber[e])
            if (_groupOfEntry[e] == groupIndex) return e;
        return -1;
    }

    /// <summary>
    /// Reads a <c>group_id,msisdn</c> roster (header required; extra columns ignored). Invalid numbers,
    /// service numbers and repeated rows become <see cref="Issues"/>; a missing column is a <see cref="DataException"/>.
    /// </summary>
    public static Roster Read(TextReader reader, string sourceName, NumberPlan plan)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(plan);
        var rows = new List<(string, PhoneNumber)>();
        var issues = new List<RosterIssue>();
        var seen = new HashSet<(string, ulong)>();
        int groupCol = -1, numberCol = -1;
        foreach (var (line, fields) in SimpleCsv.Rows(reader))
        {
            if (groupCol < 0)
            {
                for (int i = 0; i < fields.Count; i++)
                {
                    string h = fields[i].Trim().ToLowerInvariant();
                    if (h == "group_id") groupCol = i;
                    else if (h is "msisdn" or "number" or "member") numberCol = i;
                }
                if (groupCol < 0 || numberCol < 0)
                    throw new DataException(sourceName, line, 0, "roster header must name columns group_id and msisdn");
                continue;
            }
            if (fields.Count <= Math.Max(groupCol, numberCol))
            {
                issues.Add(new RosterIssue(sourceName, line, fields.Count > groupCol ? fields[groupCol] : "", "", $"expected at least {Math.Max(groupCol, numberCol) + 1} fields"));
                continue;
            }
            string group = fields[groupCol].Trim();
            string raw = fields[numberCol];
            if (group.Length == 0) { issues.Add(new RosterIssue(sourceName, line, group, raw, "empty group_id")); continue; }
            if (!NumberNormalizer.TryNormalize(raw.AsSpan(), out var number, out var error))
            {
                issues.Add(new RosterIssue(sourceName, line, group, raw, $"unparsable number ({error})"));
                continue;
            }
            var info = plan.Describe(number);
            if (info.Class is not (NumberClass.Mobile or NumberClass.Fixed))
            {
                issues.Add(new RosterIssue(sourceName, line, group, raw, $"{info.Class.ToString().ToLowerInvariant()} number cannot be a member"));
                continue;
            }
            if (!seen.Add((group, number.Key)))
            {
                issues.Add(new RosterIssue(sourceName, line, group, raw, "repeated on the same roster"));
                continue;
            }
            rows.Add((group, number));
        }
        if (groupCol < 0) throw new DataException(sourceName, 0, 0, "roster file is empty");
        return new Roster(rows, issues);
    }

    /// <summary>Reads the optional groups file <c>group_id,name,branch,account_manager[,industry]</c>.</summary>
    public static IReadOnlyDictionary<string, GroupInfo> ReadGroups(TextReader reader, string sourceName)
    {
        var result = new Dictionary<string, GroupInfo>(StringComparer.Ordinal);
        int[]? cols = null;
        foreach (var (line, fields) in SimpleCsv.Rows(reader))
        {
            if (cols is null)
            {
                var names = fields.Select(f => f.Trim().ToLowerInvariant()).ToList();
                cols = new[] { "group_id", "name", "branch", "account_manager", "industry" }.Select(n => names.IndexOf(n)).ToArray();
                if (cols[0] < 0) throw new DataException(sourceName, line, 0, "groups header must name column group_id");
                continue;
            }
            string Get(int c) => cols[c] >= 0 && cols[c] < fields.Count ? fields[cols[c]].Trim() : "";
            string id = Get(0);
            if (id.Length == 0) throw new DataException(sourceName, line, cols[0] + 1, "empty group_id");
            result[id] = new GroupInfo(id, Get(1), Get(2), Get(3), Get(4));
        }
        return result;
    }
}
