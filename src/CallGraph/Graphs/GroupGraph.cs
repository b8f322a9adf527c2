using System.Buffers;
using System.Numerics;
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
    private readonly int[] _colleagueStart; // per member node: range in _colleagueEdges
    private readonly int[] _colleagueEdges; // positions, within the member's edges, of its member→member edges
    private readonly int[] _contactStart;  // per contact: range in _contactMembers
    private readonly int[] _contactMembers;
    private readonly PhoneNumber[] _contacts;
    private readonly int _contactCount;
    private readonly bool _contactsInNumberOrder;
    private readonly CallAggregate _aggregate;
    private readonly int _memberCount; // the roster size, read per call by the node accessors (Group.Size is an interface call)

    private GroupGraph(RosterGroup group, CallAggregate aggregate, PhoneNumber[] contacts, int contactCount, bool contactsInNumberOrder, int[] edgeStart, int[] edgeTarget, int edgeCount, int[] colleagueStart, int[] colleagueEdges, int[] contactStart, int[] contactMembers)
    {
        Group = group;
        _memberCount = group.Size;
        _aggregate = aggregate;
        _contacts = contacts;
        _contactCount = contactCount;
        _contactsInNumberOrder = contactsInNumberOrder;
        _edgeStart = edgeStart;
        _edgeTarget = edgeTarget;
        _edgeCount = edgeCount;
        _colleagueStart = colleagueStart;
        _colleagueEdges = colleagueEdges;
        _contactStart = contactStart;
        _contactMembers = contactMembers;
    }

    /// <summary>The roster group.</summary>
    public RosterGroup Group { get; }

    /// <summary>Roster size (member nodes).</summary>
    public int MemberCount => _memberCount;

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
        int i = _contactsInNumberOrder ? Array.BinarySearch(_contacts, 0, _contactCount, number, KeyComparer.Instance) : Array.IndexOf(_contacts, number, 0, _contactCount);
        return i >= 0 ? MemberCount + i : -1;
    }

    /// <summary>The outside contacts in node order (sorted by number, unless built otherwise: see <see cref="Build(CallAggregate, RosterGroup, Buffers, bool)"/>).</summary>
    internal ReadOnlySpan<PhoneNumber> Contacts => _contacts.AsSpan(0, _contactCount);

    /// <summary>Neighbour nodes of a member node.</summary>
    public ReadOnlySpan<int> NeighboursOf(int member) => _edgeTarget.AsSpan(_edgeStart[member], _edgeStart[member + 1] - _edgeStart[member]);

    /// <summary>
    /// Positions in <see cref="NeighboursOf"/> (and <see cref="PairsOf"/>) of a member node's edges to other
    /// members, ascending: its colleague ties, without walking its contacts.
    /// </summary>
    internal ReadOnlySpan<int> ColleagueEdgesOf(int member) => _colleagueEdges.AsSpan(_colleagueStart[member], _colleagueStart[member + 1] - _colleagueStart[member]);

    /// <summary>Pair records of a member node, aligned with <see cref="NeighboursOf"/>.</summary>
    public ReadOnlySpan<PairStats> PairsOf(int member) => _aggregate.PairsOf(Group.FirstEntry + member);

    /// <summary>The aggregate the graph is drawn from.</summary>
    internal CallAggregate Aggregate => _aggregate;

    /// <summary>Member nodes that exchanged traffic with a contact node.</summary>
    public ReadOnlySpan<int> MembersOfContact(int contactNode)
    {
        int c = contactNode - MemberCount;
        return _contactMembers.AsSpan(_contactStart[c], _contactStart[c + 1] - _contactStart[c]);
    }

    /// <summary>
    /// The whole graph as a QuikGraph bidirectional graph over node ids (members, then contacts), without a copy:
    /// every pair record is an edge from its member. Valid as long as the graph is.
    /// </summary>
    public GroupGraphView AsQuikGraph() => new(this, colleaguesOnly: false);

    /// <summary>
    /// The colleague graph as a QuikGraph bidirectional graph, without a copy: the member nodes and their
    /// member→member edges (<see cref="ColleagueTeams"/> finds its components).
    /// </summary>
    public GroupGraphView AsColleagueGraph() => new(this, colleaguesOnly: true);

    /// <summary>Builds the graph of <paramref name="group"/> from the aggregate.</summary>
    public static GroupGraph Build(CallAggregate aggregate, RosterGroup group)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        ArgumentNullException.ThrowIfNull(group);
        // A one-off graph keeps its own arrays; only the scratch is borrowed from the shared pool.
        int edges = 1;
        for (int i = 0; i < group.Size; i++) edges += aggregate.PairsOf(group.FirstEntry + i).Length;
        int slots = SlotCount(group.Size, edges);
        var buffers = new Buffers
        {
            SlotKeys = ArrayPool<ulong>.Shared.Rent(slots),
            SlotNodes = ArrayPool<int>.Shared.Rent(slots),
            SortKeys = ArrayPool<ulong>.Shared.Rent(edges),
            ColleagueEdges = ArrayPool<int>.Shared.Rent(edges),
        };
        try
        {
            // The colleague edges are collected in borrowed scratch (their count is known only at the end): keep an exact copy.
            var graph = Build(aggregate, group, buffers);
            var colleagueEdges = buffers.ColleagueEdges.AsSpan(0, graph._colleagueStart[graph.MemberCount]).ToArray();
            return new GroupGraph(group, aggregate, graph._contacts, graph._contactCount, graph._contactsInNumberOrder, graph._edgeStart,
                graph._edgeTarget, graph._edgeCount, graph._colleagueStart, colleagueEdges, graph._contactStart, graph._contactMembers);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(buffers.SlotKeys);
            ArrayPool<int>.Shared.Return(buffers.SlotNodes);
            ArrayPool<ulong>.Shared.Return(buffers.SortKeys);
            ArrayPool<int>.Shared.Return(buffers.ColleagueEdges);
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
        public int[] ColleagueStart = [];
        public int[] ColleagueEdges = [];
        public PhoneNumber[] Contacts = [];
        public int[] ContactStart = [];
        public int[] ContactMembers = [];
        // Scratch: the table from number to node, and the contacts' sort keys.
        public ulong[] SlotKeys = [];
        public int[] SlotNodes = [];
        public ulong[] SortKeys = [];
    }

    // No packed key is all ones: its top 4 bits hold a length of at most 15 and its value is below 10^15.
    private const ulong EmptySlot = ulong.MaxValue;

    /// <summary>Slots of the number table: a power of two, at least twice the numbers it can hold.</summary>
    private static int SlotCount(int members, int edges) => (int)BitOperations.RoundUpToPowerOf2((uint)(2 * (members + edges) + 2));

    /// <summary>
    /// Builds the graph of <paramref name="group"/> in <paramref name="buffers"/>. Without
    /// <paramref name="contactsInNumberOrder"/>, contacts are numbered in order of first sight instead (the
    /// same for the same aggregate, and cheaper: no sort), for callers that do not depend on their order;
    /// <see cref="ContactNode"/> then searches them one by one.
    /// </summary>
    internal static GroupGraph Build(CallAggregate aggregate, RosterGroup group, Buffers buffers, bool contactsInNumberOrder = true)
    {
        var roster = aggregate.Roster;
        int m = group.Size;
        int first = group.FirstEntry;
        int edgeCount = 0;
        for (int i = 0; i < m; i++) edgeCount += aggregate.PairsOf(first + i).Length;

        // A small open-addressing table from number to node, holding the members first: one probe per edge
        // tells a colleague from an outside party, and finds each outside party once.
        int slots = SlotCount(m, edgeCount), shift = 64 - BitOperations.Log2((uint)slots);
        var slotKeys = ScratchArray.Ensure(ref buffers.SlotKeys, slots);
        var slotNodes = ScratchArray.Ensure(ref buffers.SlotNodes, slots);
        slotKeys.AsSpan(0, slots).Fill(EmptySlot);
        for (int i = 0; i < m; i++) slotNodes[FindOrAdd(slotKeys, slots, shift, roster.NumberOf(first + i).Key, out _)] = i;

        var edgeStart = ScratchArray.Ensure(ref buffers.EdgeStart, m + 1);
        var edgeTarget = ScratchArray.Ensure(ref buffers.EdgeTarget, edgeCount);
        var colleagueStart = ScratchArray.Ensure(ref buffers.ColleagueStart, m + 1);
        var colleagueEdges = ScratchArray.Ensure(ref buffers.ColleagueEdges, edgeCount);
        var sortKeys = contactsInNumberOrder ? ScratchArray.Ensure(ref buffers.SortKeys, edgeCount) : [];
        var contacts = contactsInNumberOrder ? [] : ScratchArray.Ensure(ref buffers.Contacts, edgeCount);
        int distinct = 0, k = 0, colleagues = 0;
        edgeStart[0] = 0;
        colleagueStart[0] = 0;
        for (int i = 0; i < m; i++)
        {
            foreach (ref readonly var pair in aggregate.PairsOf(first + i))
            {
                int slot = FindOrAdd(slotKeys, slots, shift, pair.Other, out bool added);
                if (added)
                {
                    // In number order, a contact's node is known only after the sort: until then its edges hold its slot, complemented.
                    if (contactsInNumberOrder)
                    {
                        sortKeys[distinct] = PhoneNumber.SortKey(pair.Other);
                        slotNodes[slot] = ~slot;
                    }
                    else
                    {
                        contacts[distinct] = new PhoneNumber(pair.Other);
                        slotNodes[slot] = m + distinct;
                    }
                    distinct++;
                }
                int node = slotNodes[slot];
                if ((uint)node < (uint)m) colleagueEdges[colleagues++] = k - edgeStart[i];
                edgeTarget[k++] = node;
            }
            edgeStart[i + 1] = k;
            colleagueStart[i + 1] = colleagues;
        }

        if (contactsInNumberOrder)
        {
            // Equal sort keys are equal numbers, and these are distinct. Each contact's slot then gets its node.
            sortKeys.AsSpan(0, distinct).Sort();
            contacts = ScratchArray.Ensure(ref buffers.Contacts, distinct);
            for (int r = 0; r < distinct; r++)
            {
                contacts[r] = PhoneNumber.FromSortKey(sortKeys[r]);
                slotNodes[FindOrAdd(slotKeys, slots, shift, contacts[r].Key, out _)] = m + r;
            }
            for (int e = 0; e < edgeCount; e++)
                if (edgeTarget[e] < 0) edgeTarget[e] = slotNodes[~edgeTarget[e]];
        }
        var contactStart = ScratchArray.Ensure(ref buffers.ContactStart, distinct + 1);
        Array.Clear(contactStart, 0, distinct + 1);
        for (int e = 0; e < edgeCount; e++)
            if (edgeTarget[e] >= m) contactStart[edgeTarget[e] - m + 1]++;

        for (int d = 0; d < distinct; d++) contactStart[d + 1] += contactStart[d];
        var contactMembers = ScratchArray.Ensure(ref buffers.ContactMembers, contactStart[distinct]);
        // Each contact's start is its fill cursor, so the fill leaves it at the next contact's start: shift back after.
        for (int i = 0; i < m; i++)
            for (int e = edgeStart[i]; e < edgeStart[i + 1]; e++)
                if (edgeTarget[e] >= m) contactMembers[contactStart[edgeTarget[e] - m]++] = i; // members ascend, so lists are sorted
        for (int d = distinct; d > 0; d--) contactStart[d] = contactStart[d - 1];
        contactStart[0] = 0;
        return new GroupGraph(group, aggregate, contacts, distinct, contactsInNumberOrder, edgeStart, edgeTarget, edgeCount, colleagueStart, colleagueEdges, contactStart, contactMembers);
    }

    /// <summary>The slot of <paramref name="key"/>, claimed (<paramref name="added"/>) when the key is new.</summary>
    private static int FindOrAdd(ulong[] slotKeys, int slots, int shift, ulong key, out bool added)
    {
        int mask = slots - 1;
        for (int s = Internals.StableHash.Slot(key, shift); ; s = (s + 1) & mask)
        {
            ulong at = slotKeys[s];
            if (at == key || at == EmptySlot)
            {
                added = at == EmptySlot;
                slotKeys[s] = key;
                return s;
            }
        }
    }

    private sealed class KeyComparer : IComparer<PhoneNumber>
    {
        public static readonly KeyComparer Instance = new();

        public int Compare(PhoneNumber x, PhoneNumber y) => x.CompareTo(y);
    }
}
