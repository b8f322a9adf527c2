using System.Buffers;
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
    private readonly int[] _edgeStart;     // per member node: range in _edgeTarget
    private readonly int[] _edgeTarget;    // node id of the other end
    private readonly int _edgeCount;
    private readonly int[] _contactStart;  // per contact: range in _contactMembers
    private readonly int[] _contactMembers;
    private readonly PhoneNumber[] _contacts;
    private readonly int _contactCount;
    private readonly CallAggregate _aggregate;

    private GroupGraph(RosterGroup group, CallAggregate aggregate, PhoneNumber[] contacts, int contactCount, int[] edgeStart, int[] edgeTarget, int edgeCount, int[] contactStart, int[] contactMembers)
    {
        Group = group;
        _aggregate = aggregate;
        _contacts = contacts;
        _contactCount = contactCount;
        _edgeStart = edgeStart;
        _edgeTarget = edgeTarget;
        _edgeCount = edgeCount;
        _contactStart = contactStart;
        _contactMembers = contactMembers;
    }

    /// <summary>The roster group.</summary>
    public RosterGroup Group { get; }

    /// <summary>Roster size (member nodes).</summary>
    public int MemberCount => Group.Size;

    /// <summary>Outside contacts (contact nodes).</summary>
    public int ContactCount => _contactCount;

    /// <summary>All nodes.</summary>
    public int NodeCount => MemberCount + ContactCount;

    /// <summary>Edges (member-side pair records).</summary>
    public int EdgeCount => _edgeCount;

    /// <summary>The number of a node.</summary>
    public PhoneNumber NumberOf(int node) => node < MemberCount ? Group.Members[node] : _contacts[node - MemberCount];

    /// <summary>True when the node is a roster member.</summary>
    public bool IsMember(int node) => node < MemberCount;

    /// <summary>Node of a contact number, or -1.</summary>
    public int ContactNode(PhoneNumber number)
    {
        int i = Array.BinarySearch(_contacts, 0, _contactCount, number, KeyComparer.Instance);
        return i >= 0 ? MemberCount + i : -1;
    }

    /// <summary>The outside contacts in node order (sorted by number).</summary>
    internal ReadOnlySpan<PhoneNumber> Contacts => _contacts.AsSpan(0, _contactCount);

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
        // A one-off graph keeps its own arrays; only the sort scratch is borrowed from the shared pool.
        int edges = 1;
        for (int i = 0; i < group.Size; i++) edges += aggregate.PairsOf(group.FirstEntry + i).Length;
        var buffers = new Buffers { SortKeys = ArrayPool<ulong>.Shared.Rent(edges), OutsideEdge = ArrayPool<int>.Shared.Rent(edges) };
        try
        {
            return Build(aggregate, group, buffers);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(buffers.SortKeys);
            ArrayPool<int>.Shared.Return(buffers.OutsideEdge);
        }
    }

    /// <summary>
    /// Arrays a graph is built in. A worker that builds graph after graph passes the same buffers each time
    /// instead of allocating every graph afresh; a graph built in them is valid until they are used again.
    /// </summary>
    internal sealed class Buffers
    {
        public int[] EdgeStart = [];
        public int[] EdgeTarget = [];
        public PhoneNumber[] Contacts = [];
        public int[] ContactStart = [];
        public int[] ContactMembers = [];
        public ulong[] SortKeys = [];
        public int[] OutsideEdge = [];
    }

    /// <summary>Builds the graph of <paramref name="group"/> in <paramref name="buffers"/>.</summary>
    internal static GroupGraph Build(CallAggregate aggregate, RosterGroup group, Buffers buffers)
    {
        var roster = aggregate.Roster;
        int m = group.Size;
        int first = group.FirstEntry;
        int edgeCount = 0;
        for (int i = 0; i < m; i++) edgeCount += aggregate.PairsOf(first + i).Length;

        // One pass over the member edges: colleagues get their node now; outside parties are collected
        // with their edge, as order-preserving sort keys, then sorted once to number the contacts.
        var edgeStart = ScratchArray.Ensure(ref buffers.EdgeStart, m + 1);
        var edgeTarget = ScratchArray.Ensure(ref buffers.EdgeTarget, edgeCount);
        var sortKeys = ScratchArray.Ensure(ref buffers.SortKeys, edgeCount);
        var outsideEdge = ScratchArray.Ensure(ref buffers.OutsideEdge, edgeCount);
        int outside = 0, k = 0;
        edgeStart[0] = 0;
        for (int i = 0; i < m; i++)
        {
            var pairs = aggregate.PairsOf(first + i);
            for (int j = 0; j < pairs.Length; j++)
            {
                ulong other = pairs[j].Other;
                int entry = roster.EntryOf(new PhoneNumber(other), group.Index);
                if (entry >= 0) edgeTarget[k] = entry - first;
                else
                {
                    sortKeys[outside] = SortKey(other);
                    outsideEdge[outside++] = k;
                }
                k++;
            }
            edgeStart[i + 1] = k;
        }

        // Outside contacts: distinct and in number order (equal sort keys are equal numbers).
        Array.Sort(sortKeys, outsideEdge, 0, outside);
        int distinct = 0;
        for (int t = 0; t < outside; t++)
            if (t == 0 || sortKeys[t] != sortKeys[t - 1]) distinct++;
        var contacts = ScratchArray.Ensure(ref buffers.Contacts, distinct);
        var contactStart = ScratchArray.Ensure(ref buffers.ContactStart, distinct + 1);
        Array.Clear(contactStart, 0, distinct + 1);
        int c = -1;
        for (int t = 0; t < outside; t++)
        {
            if (t == 0 || sortKeys[t] != sortKeys[t - 1]) contacts[++c] = FromSortKey(sortKeys[t]);
            edgeTarget[outsideEdge[t]] = m + c;
            contactStart[c + 1]++;
        }

        for (int d = 0; d < distinct; d++) contactStart[d + 1] += contactStart[d];
        var contactMembers = ScratchArray.Ensure(ref buffers.ContactMembers, contactStart[distinct]);
        // Each contact's start is its fill cursor, so the fill leaves it at the next contact's start: shift back after.
        for (int i = 0; i < m; i++)
            for (int e = edgeStart[i]; e < edgeStart[i + 1]; e++)
                if (edgeTarget[e] >= m) contactMembers[contactStart[edgeTarget[e] - m]++] = i; // members ascend, so lists are sorted
        for (int d = distinct; d > 0; d--) contactStart[d] = contactStart[d - 1];
        contactStart[0] = 0;
        return new GroupGraph(group, aggregate, contacts, distinct, edgeStart, edgeTarget, edgeCount, contactStart, contactMembers);
    }

    /// <summary>
    /// A 64-bit key that sorts like <see cref="PhoneNumber.CompareTo"/>: the digits aligned to 15 places
    /// (below 10^15 &lt; 2^50), then the length in the low 4 bits. Distinct numbers get distinct keys.
    /// </summary>
    internal static ulong SortKey(ulong key)
    {
        var n = new PhoneNumber(key);
        int length = n.Length;
        return (n.Value * PhoneNumber.Pow10[PhoneNumber.MaxDigits - length]) << 4 | (uint)length;
    }

    internal static PhoneNumber FromSortKey(ulong sortKey)
    {
        int length = (int)(sortKey & 15);
        ulong value = (sortKey >> 4) / PhoneNumber.Pow10[PhoneNumber.MaxDigits - length];
        return new PhoneNumber(((ulong)length << 60) | value);
    }

    private sealed class KeyComparer : IComparer<PhoneNumber>
    {
        public static readonly KeyComparer Instance = new();

        public int Compare(PhoneNumber x, PhoneNumber y) => x.CompareTo(y);
    }
}
