using CallGraph.Graphs;
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
        : this(RowTable.From(rows).Arrange(null), issues ?? Array.Empty<RosterIssue>())
    {
    }

    private Roster((RosterGroup[] Groups, PhoneNumber[] Numbers) arranged, IReadOnlyList<RosterIssue> issues)
    {
        var (groups, numbers) = arranged;
        Groups = groups;
        _numberOfEntry = numbers;
        _groupOfEntry = new int[numbers.Length];
        foreach (var g in groups) _groupOfEntry.AsSpan(g.FirstEntry, g.Size).Fill(g.Index);
        _nextEntryOfSameNumber = new int[numbers.Length];

        // Entries by number key, each number's entries ascending: a run of two or more is a number on several
        // rosters, chained from its first entry.
        var keys = new ulong[numbers.Length];
        var entries = new int[numbers.Length];
        for (int e = 0; e < numbers.Length; e++)
        {
            keys[e] = numbers[e].Key;
            entries[e] = e;
        }
        Array.Sort(keys, entries);
        var firstEntry = new List<(ulong Key, int Entry)>(numbers.Length);
        var multi = new List<ulong>();
        for (int run = 0; run < keys.Length;)
        {
            int end = run + 1;
            while (end < keys.Length && keys[end] == keys[run]) end++;
            var chain = entries.AsSpan(run, end - run);
            chain.Sort();
            for (int i = 0; i < chain.Length; i++) _nextEntryOfSameNumber[chain[i]] = i + 1 < chain.Length ? chain[i + 1] : -1;
            firstEntry.Add((keys[run], chain[0]));
            if (chain.Length > 1) multi.Add(GroupGraph.SortKey(keys[run]));
            run = end;
        }
        _firstEntryOfNumber = new NumberIndex(firstEntry);
        multi.Sort();
        NumbersOnSeveralRosters = multi.Select(GroupGraph.FromSortKey).ToArray();
        Issues = issues;
        GroupById = groups.ToDictionary(g => g.GroupId, StringComparer.Ordinal);
    }

    /// <summary>
    /// Roster rows as read: group ids numbered by first appearance, numbers as keys that sort like
    /// <see cref="PhoneNumber.CompareTo"/>. Arranging them sorts (by group id, then number) per group
    /// instead of through a tree per group.
    /// </summary>
    private sealed class RowTable
    {
        private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
        private readonly List<string> _names = new();
        private readonly List<int> _group = new();
        private readonly List<ulong> _key = new();

        public static RowTable From(IEnumerable<(string GroupId, PhoneNumber Number)> rows)
        {
            ArgumentNullException.ThrowIfNull(rows);
            var table = new RowTable();
            foreach (var (g, n) in rows) table.Add(g, n);
            return table;
        }

        public void Add(string groupId, PhoneNumber number)
        {
            if (!_ids.TryGetValue(groupId, out int id))
            {
                id = _names.Count;
                _ids.Add(groupId, id);
                _names.Add(groupId);
            }
            _group.Add(id);
            _key.Add(GroupGraph.SortKey(number.Key));
        }

        /// <summary>
        /// The groups in id order, each with its distinct members in number order, and the numbers of all entries.
        /// A row repeating an earlier row of its group is dropped; with <paramref name="repeats"/>, its index is added there.
        /// </summary>
        public (RosterGroup[] Groups, PhoneNumber[] Numbers) Arrange(List<int>? repeats)
        {
            var order = Enumerable.Range(0, _names.Count).ToArray();
            Array.Sort(_names.ToArray(), order, StringComparer.Ordinal);
            var rank = new int[_names.Count];
            for (int r = 0; r < order.Length; r++) rank[order[r]] = r;

            // Rows bucketed by group rank, in row order within a bucket.
            var start = new int[order.Length + 1];
            foreach (int id in _group) start[rank[id] + 1]++;
            for (int r = 0; r < order.Length; r++) start[r + 1] += start[r];
            var fill = start.AsSpan(0, order.Length).ToArray();
            var keys = new ulong[_group.Count];
            var rows = new int[_group.Count];
            for (int i = 0; i < _group.Count; i++)
            {
                int at = fill[rank[_group[i]]]++;
                keys[at] = _key[i];
                rows[at] = i;
            }

            var groups = new RosterGroup[order.Length];
            var numbers = new List<PhoneNumber>(_group.Count);
            for (int r = 0; r < order.Length; r++)
            {
                var k = keys.AsSpan(start[r], start[r + 1] - start[r]);
                var w = rows.AsSpan(start[r], start[r + 1] - start[r]);
                k.Sort(w);
                var members = new List<PhoneNumber>(k.Length);
                for (int run = 0; run < k.Length;)
                {
                    int end = run + 1, first = w[run];
                    while (end < k.Length && k[end] == k[run]) first = Math.Min(first, w[end++]);
                    if (repeats is not null)
                        for (int i = run; i < end; i++)
                            if (w[i] != first) repeats.Add(w[i]);
                    members.Add(GroupGraph.FromSortKey(k[run]));
                    run = end;
                }
                groups[r] = new RosterGroup(r, _names[order[r]], members.ToArray(), numbers.Count);
                numbers.AddRange(members);
            }
            return (groups, numbers.ToArray());
        }
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
        var table = new RowTable();
        var rowLines = new List<(long Line, string Group, string Raw)>();
        var issues = new List<RosterIssue>();
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
            table.Add(group, number);
            rowLines.Add((line, group, raw));
        }
        if (groupCol < 0) throw new DataException(sourceName, 0, 0, "roster file is empty");
        // Repeats are found when the rows are arranged; every line has at most one issue, so ordering the
        // issues by line puts the repeats where reading them in turn would have.
        var repeats = new List<int>();
        var arranged = table.Arrange(repeats);
        if (repeats.Count > 0)
        {
            foreach (int r in repeats)
                issues.Add(new RosterIssue(sourceName, rowLines[r].Line, rowLines[r].Group, rowLines[r].Raw, "repeated on the same roster"));
            issues.Sort(static (a, b) => a.Line.CompareTo(b.Line));
        }
        return new Roster(arranged, issues);
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
