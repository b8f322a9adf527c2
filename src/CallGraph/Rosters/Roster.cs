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
        MemberArray = members;
        FirstEntry = firstEntry;
    }

    /// <summary>Position of the group in <see cref="Roster.Groups"/> (sorted by id).</summary>
    public int Index { get; }

    /// <summary>Group key.</summary>
    public string GroupId { get; }

    /// <summary>Roster numbers, sorted; position i is member entry <see cref="FirstEntry"/> + i.</summary>
    public IReadOnlyList<PhoneNumber> Members => MemberArray;

    internal PhoneNumber[] MemberArray { get; }

    /// <summary>Roster size.</summary>
    public int Size => MemberArray.Length;

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
    private readonly RosterGroup[] _groups;

    /// <summary>Builds a roster from (group, number) pairs; duplicates within a group collapse to one entry.</summary>
    public Roster(IEnumerable<(string GroupId, PhoneNumber Number)> rows, IReadOnlyList<RosterIssue>? issues = null)
        : this(RowTable.From(rows).Arrange(null), issues ?? Array.Empty<RosterIssue>())
    {
    }

    private Roster(RosterGroup[] groups, IReadOnlyList<RosterIssue> issues)
    {
        _groups = groups;
        int entries = groups.Length == 0 ? 0 : groups[^1].FirstEntry + groups[^1].Size;
        _groupOfEntry = new int[entries];
        foreach (var g in groups)
            for (int e = g.FirstEntry; e < g.FirstEntry + g.Size; e++) _groupOfEntry[e] = g.Index;
        _nextEntryOfSameNumber = new int[entries];

        // Each number's entries chained in entry order from its first entry: a chain of two or more is a
        // number on several rosters. Walking the entries backwards, each one becomes its number's first
        // entry so far and links to the one before.
        _firstEntryOfNumber = new NumberIndex(entries);
        var multi = new List<ulong>();
        for (int e = entries - 1; e >= 0; e--)
        {
            ulong key = NumberOf(e).Key;
            int next = _firstEntryOfNumber.Replace(key, e);
            _nextEntryOfSameNumber[e] = next;
            if (next >= 0 && _nextEntryOfSameNumber[next] < 0) multi.Add(PhoneNumber.SortKey(key));
        }
        multi.Sort();
        var several = new PhoneNumber[multi.Count];
        for (int i = 0; i < several.Length; i++) several[i] = PhoneNumber.FromSortKey(multi[i]);
        NumbersOnSeveralRosters = several;
        Issues = issues;
        GroupById = groups.ToDictionary(g => g.GroupId, StringComparer.Ordinal);
    }

    /// <summary>
    /// Roster rows as read: group ids numbered by first appearance, numbers as keys that sort like
    /// <see cref="PhoneNumber.CompareTo"/>. Arranging them sorts (by group id, then number) per group
    /// instead of through a tree per group. Rows are stored in blocks, so that growing never copies them:
    /// on a big roster, fresh memory costs more than the parsing.
    /// </summary>
    private sealed class RowTable
    {
        private const int BlockShift = 12, BlockSize = 1 << BlockShift;

        private struct Row
        {
            public ulong Key;
            public int Group;
            public int Line;
        }

        private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _idsBySpan;
        private readonly List<string> _names = new();
        private readonly List<Row[]> _blocks = new();
        private int _count;
        private int _lastId = -1;

        public RowTable() => _idsBySpan = _ids.GetAlternateLookup<ReadOnlySpan<char>>();

        public static RowTable From(IEnumerable<(string GroupId, PhoneNumber Number)> rows)
        {
            ArgumentNullException.ThrowIfNull(rows);
            var table = new RowTable();
            foreach (var (g, n) in rows)
            {
                ArgumentNullException.ThrowIfNull(g);
                table.Add(g, n, 0);
            }
            return table;
        }

        /// <summary>Adds a row; <paramref name="line"/> is kept for <see cref="LineOf"/>.</summary>
        public void Add(ReadOnlySpan<char> groupId, PhoneNumber number, int line)
        {
            // Rosters list a group's members together: most rows repeat the previous row's group.
            int id = _lastId;
            if (id < 0 || !groupId.SequenceEqual(_names[id]))
            {
                if (!_idsBySpan.TryGetValue(groupId, out id))
                {
                    string name = groupId.ToString();
                    id = _names.Count;
                    _ids.Add(name, id);
                    _names.Add(name);
                }
                _lastId = id;
            }
            if ((_count & (BlockSize - 1)) == 0) _blocks.Add(new Row[BlockSize]);
            ref var row = ref _blocks[_count >> BlockShift][_count & (BlockSize - 1)];
            row.Key = PhoneNumber.SortKey(number.Key);
            row.Group = id;
            row.Line = line;
            _count++;
        }

        /// <summary>Rows added so far.</summary>
        public int Count => _count;

        private ref Row At(int row) => ref _blocks[row >> BlockShift][row & (BlockSize - 1)];

        /// <summary>The group id of row <paramref name="row"/>.</summary>
        public string GroupIdOf(int row) => _names[At(row).Group];

        /// <summary>The number of row <paramref name="row"/>.</summary>
        public PhoneNumber NumberOf(int row) => PhoneNumber.FromSortKey(At(row).Key);

        /// <summary>The line given when row <paramref name="row"/> was added.</summary>
        public int LineOf(int row) => At(row).Line;

        /// <summary>
        /// The groups in id order, each with its distinct members in number order.
        /// A row repeating an earlier row of its group is dropped; with <paramref name="repeats"/>, its index is added there.
        /// </summary>
        public RosterGroup[] Arrange(List<int>? repeats)
        {
            var order = new int[_names.Count];
            for (int i = 0; i < order.Length; i++) order[i] = i;
            Array.Sort(_names.ToArray(), order, StringComparer.Ordinal);
            var rank = new int[_names.Count];
            for (int r = 0; r < order.Length; r++) rank[order[r]] = r;

            // Rows by group rank, in row order within a group (bucket r is positions start[r] to start[r + 1]),
            // then by number. Rosters usually come in that order already: then the rows are their own
            // arrangement; otherwise they are copied into buckets and each bucket is sorted.
            var start = new int[order.Length + 1];
            bool arranged = true;
            for (int i = 0; i < _count; i++)
            {
                ref var row = ref At(i);
                start[rank[row.Group] + 1]++;
                if (i > 0)
                {
                    ref var previous = ref At(i - 1);
                    int step = rank[row.Group] - rank[previous.Group];
                    if (step < 0 || (step == 0 && row.Key < previous.Key)) arranged = false;
                }
            }
            for (int r = 0; r < order.Length; r++) start[r + 1] += start[r];
            ulong[]? keys = null;
            int[]? rows = null;
            if (!arranged)
            {
                var fill = new int[order.Length];
                Array.Copy(start, fill, order.Length);
                keys = new ulong[_count];
                rows = new int[_count];
                for (int i = 0; i < _count; i++)
                {
                    ref var row = ref At(i);
                    int at = fill[rank[row.Group]]++;
                    keys[at] = row.Key;
                    rows[at] = i;
                }
                for (int r = 0; r < order.Length; r++)
                    keys.AsSpan(start[r], start[r + 1] - start[r]).Sort(rows.AsSpan(start[r], start[r + 1] - start[r]));
            }
            ulong KeyAt(int position) => keys is null ? At(position).Key : keys[position];
            int RowAt(int position) => rows is null ? position : rows[position];

            var groups = new RosterGroup[order.Length];
            int entry = 0;
            for (int r = 0; r < order.Length; r++)
            {
                int distinct = 0;
                for (int p = start[r]; p < start[r + 1]; p++)
                    if (p == start[r] || KeyAt(p) != KeyAt(p - 1)) distinct++;
                var members = new PhoneNumber[distinct];
                for (int run = start[r], m = 0; run < start[r + 1]; m++)
                {
                    ulong key = KeyAt(run);
                    int end = run + 1, first = RowAt(run);
                    while (end < start[r + 1] && KeyAt(end) == key) first = Math.Min(first, RowAt(end++));
                    if (repeats is not null)
                        for (int i = run; i < end; i++)
                            if (RowAt(i) != first) repeats.Add(RowAt(i));
                    members[m] = PhoneNumber.FromSortKey(key);
                    run = end;
                }
                groups[r] = new RosterGroup(r, _names[order[r]], members, entry);
                entry += distinct;
            }
            return groups;
        }
    }

    /// <summary>Groups sorted by id.</summary>
    public IReadOnlyList<RosterGroup> Groups => _groups;

    /// <summary>Groups by id.</summary>
    public IReadOnlyDictionary<string, RosterGroup> GroupById { get; }

    /// <summary>Total member entries (sum of roster sizes).</summary>
    public int EntryCount => _groupOfEntry.Length;

    /// <summary>Numbers that appear on more than one roster (allowed, reported).</summary>
    public IReadOnlyList<PhoneNumber> NumbersOnSeveralRosters { get; }

    /// <summary>Rows rejected or reported while reading.</summary>
    public IReadOnlyList<RosterIssue> Issues { get; }

    /// <summary>The number of a member entry.</summary>
    public PhoneNumber NumberOf(int entry)
    {
        var group = _groups[_groupOfEntry[entry]];
        return group.MemberArray[entry - group.FirstEntry];
    }

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
        using var file = RosterFile.Contract.Read(reader, sourceName);
        var table = new RowTable();
        // Rows taken whose number is written other than as its canonical digits (rare), with the text:
        // a repeat's issue quotes it.
        var writtenRows = new List<int>();
        var writtenTexts = new List<string>();
        var issues = new List<RosterIssue>();
        int groupCol = file.ColumnOf(RosterFile.GroupId) - 1, numberCol = file.ColumnOf(RosterFile.Msisdn) - 1;
        while (file.Next())
        {
            int line = checked((int)file.Line);
            if (file.FieldCount <= Math.Max(groupCol, numberCol))
            {
                issues.Add(new RosterIssue(sourceName, line, file[groupCol], "", $"expected at least {Math.Max(groupCol, numberCol) + 1} fields"));
                continue;
            }
            var group = file[groupCol].AsSpan().Trim();
            var raw = file[numberCol].AsSpan();
            if (group.IsEmpty) { issues.Add(new RosterIssue(sourceName, line, "", raw.ToString(), "empty group_id")); continue; }
            PhoneNumber number;
            if (plan.Ids == SubscriberIdKind.Opaque)
            {
                // Any non-empty token is an id; its network is the subscriber table's, or on-net as a roster line.
                if (!SubscriberIds.TryIntern(System.Text.Encoding.UTF8.GetBytes(raw.ToString()), out number))
                {
                    issues.Add(new RosterIssue(sourceName, line, group.ToString(), raw.ToString(), raw.Trim().IsEmpty ? "empty id" : "unusable id (too long or control characters)"));
                    continue;
                }
                if (!raw.SequenceEqual(number.CanonicalText()))
                {
                    writtenRows.Add(table.Count);
                    writtenTexts.Add(raw.ToString());
                }
                table.Add(group, number, line);
                continue;
            }
            if (!NumberNormalizer.TryNormalize(raw, out number, out var error))
            {
                issues.Add(new RosterIssue(sourceName, line, group.ToString(), raw.ToString(), $"unparsable number ({error})"));
                continue;
            }
            var info = plan.Describe(number);
            if (info.Class is not (NumberClass.Mobile or NumberClass.Fixed))
            {
                issues.Add(new RosterIssue(sourceName, line, group.ToString(), raw.ToString(), $"{info.Class.ToString().ToLowerInvariant()} number cannot be a member"));
                continue;
            }
            if (!IsCanonicalText(raw, number))
            {
                writtenRows.Add(table.Count);
                writtenTexts.Add(raw.ToString());
            }
            table.Add(group, number, line);
        }
        // Repeats are found when the rows are arranged; every line has at most one issue, so ordering the
        // issues by line puts the repeats where reading them in turn would have.
        var repeats = new List<int>();
        var arranged = table.Arrange(repeats);
        if (repeats.Count > 0)
        {
            foreach (int r in repeats)
            {
                int written = writtenRows.BinarySearch(r);
                string raw = written >= 0 ? writtenTexts[written] : table.NumberOf(r).ToString();
                issues.Add(new RosterIssue(sourceName, table.LineOf(r), table.GroupIdOf(r), raw, "repeated on the same roster"));
            }
            issues.Sort(static (a, b) => a.Line.CompareTo(b.Line));
        }
        var roster = new Roster(arranged, issues);
        plan.Subscribers?.AddRosterMembers(roster.Groups.SelectMany(g => g.MemberArray));
        return roster;
    }

    /// <summary>True when <paramref name="raw"/> is exactly <paramref name="number"/>'s canonical digits (its <see cref="PhoneNumber.ToString"/>).</summary>
    private static bool IsCanonicalText(ReadOnlySpan<char> raw, PhoneNumber number)
    {
        if (raw.Length != number.Length) return false;
        ulong value = 0;
        foreach (char c in raw)
        {
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (uint)(c - '0');
        }
        return value == number.Value;
    }

    /// <summary>
    /// Reads the groups file <c>group_id,name,branch,account_manager[,industry]</c>: the one reader of it, used by
    /// analyze and the campaign commands alike. A missing column, an unclosed quote, an empty or a repeated group_id is a
    /// <see cref="DataException"/> naming the file and line.
    /// </summary>
    public static IReadOnlyDictionary<string, GroupInfo> ReadGroups(TextReader reader, string sourceName)
    {
        var result = new Dictionary<string, GroupInfo>(StringComparer.Ordinal);
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        using var file = GroupInfoFile.Contract.Read(reader, sourceName);
        while (file.Next())
        {
            int line = checked((int)file.Line);
            string id = file.Text(GroupInfoFile.GroupId).Trim();
            if (id.Length == 0) throw file.Error(GroupInfoFile.GroupId, "empty group_id");
            if (!firstLine.TryAdd(id, line)) throw file.Error(GroupInfoFile.GroupId, $"group {id} already given on line {firstLine[id]}");
            result[id] = new GroupInfo(id, file.Text(GroupInfoFile.Name).Trim(), file.Text(GroupInfoFile.Branch).Trim(),
                file.Text(GroupInfoFile.AccountManager).Trim(), file.Text(GroupInfoFile.Industry).Trim());
        }
        return result;
    }
}
