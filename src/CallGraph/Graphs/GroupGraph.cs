using CallGraph.Aggregation;
using CallGraph.Numbers;
using CallGraph.Rosters;

namespace CallGraph.Graphs;

/// <summary>
/// One group's call graph in compressed sparse row form. Nodes 0..<see cref="MemberCount"/>-1 are the
/// roster members (roster order); the rest are the group's outside contacts, sorted by number. Every
/// edge is a member's pair record; member→member edges appear once from each side. A reverse index lists,
/// for each contact, the members that exchanged traffic with it.
/// </summary>
public sealed class GroupGraph
{
    private readonly int[] _edgeStart;     // per member node: range in _edgeTarget/_edgePair
    private readonly int[] _edgeTarget;    // node id of the other end
    private readonly int[] _edgePair;      // index into the aggregate's pairs of that member
    private readonly int[] _contactStart;  // per contact: range in _contactMembers
    private readonly int[] _contactMembers;
    private readonly PhoneNumber[] _contacts;
    private readonly CallAggregate _aggregate;

    private GroupGraph(RosterGroup group, CallAggregate aggregate, PhoneNumber[] contacts, int[] edgeStart, int[] edgeTarget, int[] edgePair, int[] contactStart, int[] contactMembers)
    {
        Group = group;
        _aggregate = aggregate;
        _contacts = contacts;
        _edgeStart = edgeStart;
        _edgeTarget = edgeTarget;
        _edgePair = edgePair;
        _contactStart = contactStart;
        _contactMembers = contactMembers;
    }

    /// <summary>The roster group.</summary>
    public RosterGroup Group { get; }

    /// <summary>Roster size (member nodes).</summary>
    public int MemberCount => Group.Size;

    /// <summary>Outside contacts (contact nodes).</summary>
    public int ContactCount => _contacts.Length;

    /// <summary>All nodes.</summary>
    public int NodeCount => MemberCount + ContactCount;

    /// <summary>Edges (member-side pair records).</summary>
    public int EdgeCount => _edgeTarget.Length;

    /// <summary>The number of a node.</summary>
    public PhoneNumber NumberOf(int node) => node < MemberCount ? Group.Members[node] : _contacts[node - MemberCount];

    /// <summary>True when the node is a roster member.</summary>
    public bool IsMember(int node) => node < MemberCount;

    /// <summary>Node of a contact number, or -1.</summary>
    public int ContactNode(PhoneNumber number)
    {
        int i = Array.BinarySearch(_contacts, number, KeyComparer.Instance);
        return i >= 0 ? MemberCount + i : -1;
    }

    /// <summary>Neighbour nodes of a member node.</summary>
    public ReadOnlySpan<int> NeighboursOf(int member) => _edgeTarget.AsSpan(_edgeStart[member], _edgeStart[member + 1] - _edgeStart[member]);

    /// <summary>Pair records of a member node, aligned with <see cref="NeighboursOf"/>.</summary>
    public ReadOnlySpan<PairStats> PairsOf(int member) => _aggregate.PairsOf(Group.FirstEntry + member);

    /// <summary>Member nodes that exchanged traffic with a contact node.</summary>
    public ReadOnlySpan<int> MembersOfContact(int contactNode)
    {
        int c = contactNode - MemberCount;
        return _contactMembers.AsSpan(_contactStart[c], _contactStart[c + 1] - _contactStart[c]);
    }

    /// <summary>Builds the graph of <paramref name="group"/> from the aggregate.</summary>
    public static GroupGraph Build(CallAggregate aggregate, RosterGroup group)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        ArgumentNullException.ThrowIfNull(group);
        var roster = aggregate.Roster;
        int m = group.Size;
        int edgeCount = 0;
        for (int i = 0; i < m; i++) edgeCount += aggregate.PairsOf(group.FirstEntry + i).Length;

        // Outside contacts: every other party that is not on this roster, distinct and sorted.
        var others = new List<ulong>(edgeCount);
        for (int i = 0; i < m; i++)
            foreach (ref readonly var p in aggregate.PairsOf(group.FirstEntry + i))
                if (roster.EntryOf(new PhoneNumber(p.Other), group.Index) < 0) others.Add(p.Other);
        var keys = others.ToArray();
        Array.Sort(keys, (a, b) => new PhoneNumber(a).CompareTo(new PhoneNumber(b)));
        int distinct = 0;
        for (int i = 0; i < keys.Length; i++)
            if (distinct == 0 || keys[i] != keys[distinct - 1]) keys[distinct++] = keys[i];
        var contacts = new PhoneNumber[distinct];
        for (int i = 0; i < distinct; i++) contacts[i] = new PhoneNumber(keys[i]);

        var edgeStart = new int[m + 1];
        var edgeTarget = new int[edgeCount];
        var edgePair = new int[edgeCount];
        var contactDegree = new int[distinct + 1];
        int k = 0;
        for (int i = 0; i < m; i++)
        {
            var pairs = aggregate.PairsOf(group.FirstEntry + i);
            for (int j = 0; j < pairs.Length; j++)
            {
                var other = new PhoneNumber(pairs[j].Other);
                int entry = roster.EntryOf(other, group.Index);
                int node;
                if (entry >= 0) node = entry - group.FirstEntry;
                else
                {
                    int c = Array.BinarySearch(contacts, other, KeyComparer.Instance);
                    node = m + c;
                    contactDegree[c + 1]++;
                }
                edgeTarget[k] = node;
                edgePair[k] = j;
                k++;
            }
            edgeStart[i + 1] = k;
        }
        for (int c = 0; c < distinct; c++) contactDegree[c + 1] += contactDegree[c];
        var contactMembers = new int[contactDegree[distinct]];
        var fill = contactDegree.AsSpan(0, distinct).ToArray();
        for (int i = 0; i < m; i++)
            for (int e = edgeStart[i]; e < edgeStart[i + 1]; e++)
                if (edgeTarget[e] >= m) contactMembers[fill[edgeTarget[e] - m]++] = i; // members ascend, so lists are sorted
        return new GroupGraph(group, aggregate, contacts, edgeStart, edgeTarget, edgePair, contactDegree, contactMembers);
    }

    private sealed class KeyComparer : IComparer<PhoneNumber>
    {
        public static readonly KeyComparer Instance = new();

        public int Compare(PhoneNumber x, PhoneNumber y) => x.CompareTo(y);
    }
}
