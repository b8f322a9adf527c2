using CallGraph.Csv;
using System.Collections.Concurrent;
using System.Text;

namespace CallGraph.Numbers;

/// <summary>
/// The operator of each opaque subscriber id (see <see cref="SubscriberIdKind.Opaque"/>), from, in this order
/// of precedence: the CDRs' <c>caller_operator</c>/<c>callee_operator</c> columns, a subscriber table
/// (<c>id,operator</c>), and otherwise the rosters (an id on a roster is on-net). Any other id has no known
/// network: it can be a colleague or a shared contact but never a prospect; <see cref="IdsWithoutNetwork"/>
/// counts those the analyses looked at. Safe to use from several threads.
/// </summary>
public sealed class SubscriberNetworks
{
    private readonly Dictionary<ulong, byte> _listed = new();
    private readonly ConcurrentDictionary<ulong, byte> _fromCdrs = new();
    private readonly ConcurrentDictionary<ulong, byte> _onRoster = new();
    private readonly ConcurrentDictionary<ulong, byte> _withoutNetwork = new();
    private readonly byte[][] _nameBytes;

    /// <summary>Creates the networks of one run over an operator table (whose names the columns and table use).</summary>
    /// <param name="operators">The operator table; every operator name given later must be in it.</param>
    /// <param name="homeOperator">The operator whose lines are on-net, e.g. <c>cmcc</c>.</param>
    /// <param name="listed">Rows of a subscriber table: id and operator name.</param>
    /// <exception cref="InvalidDataException">A listed operator is not in the table.</exception>
    public SubscriberNetworks(OperatorTable operators, string homeOperator, IEnumerable<KeyValuePair<PhoneNumber, string>>? listed = null)
    {
        ArgumentNullException.ThrowIfNull(operators);
        ArgumentNullException.ThrowIfNull(homeOperator);
        Operators = operators;
        HomeCode = operators.CodeOf(homeOperator) ?? throw new ArgumentException($"home operator '{homeOperator}' is not in the operator table", nameof(homeOperator));
        _nameBytes = operators.Names.Select(n => Encoding.UTF8.GetBytes(n)).ToArray();
        if (listed is not null)
            foreach (var (id, name) in listed)
            {
                if (!id.IsOpaque) throw new ArgumentException($"'{id}' is not an opaque subscriber id", nameof(listed));
                _listed[id.Key] = operators.CodeOf(name) ?? throw new InvalidDataException($"subscriber {id}: operator '{name}' is not in the operator table (known: {string.Join(", ", operators.Names.Skip(1))})");
            }
    }

    /// <summary>The operator table names and codes refer to.</summary>
    public OperatorTable Operators { get; }

    /// <summary>The home operator's code.</summary>
    public byte HomeCode { get; }

    /// <summary>Ids given by the subscriber table.</summary>
    public int ListedCount => _listed.Count;

    /// <summary>Distinct ids the analyses described whose network nobody gave (never prospects).</summary>
    public int IdsWithoutNetwork => _withoutNetwork.Count;

    /// <summary>Records that <paramref name="ids"/> are on a roster: on-net unless a column or the table says otherwise.</summary>
    public void AddRosterMembers(IEnumerable<PhoneNumber> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        foreach (var id in ids) _onRoster.TryAdd(id.Key, 0);
    }

    /// <summary>
    /// Records the operator a CDR column gives <paramref name="id"/> (trimmed UTF-8 name, any case; empty says
    /// nothing). When rows disagree the operator with the highest code in the table wins, whatever the row
    /// order. False when the name is not in the operator table. Allocation-free once the id is known.
    /// </summary>
    internal bool RecordFromCdr(PhoneNumber id, ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty) return true;
        int code = CodeOf(name);
        if (code < 0) return false;
        Record(id.Key, (byte)code);
        return true;
    }

    /// <summary>Keeps the higher of the recorded code and <paramref name="code"/> for the id.</summary>
    private void Record(ulong key, byte code)
    {
        while (true)
        {
            if (_fromCdrs.TryGetValue(key, out byte old))
            {
                if (old >= code || _fromCdrs.TryUpdate(key, code, old)) return;
            }
            else if (_fromCdrs.TryAdd(key, code)) return;
        }
    }

    /// <summary>
    /// The operators the CDRs' operator columns gave, by id in key order: what a partial aggregate carries, since the
    /// analysis of merged aggregates never sees the CDRs.
    /// </summary>
    public IReadOnlyList<KeyValuePair<PhoneNumber, byte>> OperatorsFromCdrs() =>
        _fromCdrs.OrderBy(p => p.Key).Select(p => new KeyValuePair<PhoneNumber, byte>(new PhoneNumber(p.Key), p.Value)).ToList();

    /// <summary>
    /// Records an operator that CDR columns read elsewhere gave <paramref name="id"/> (a partial aggregate's): as for a
    /// row read here, the highest code wins whatever the order.
    /// </summary>
    /// <exception cref="ArgumentException">The id is not opaque, or the code is not an operator of the table.</exception>
    public void AddFromCdrs(PhoneNumber id, byte code)
    {
        if (!id.IsOpaque) throw new ArgumentException($"'{id}' is not an opaque subscriber id", nameof(id));
        if (code == 0 || code >= _nameBytes.Length) throw new ArgumentException($"operator code {code} is not in the operator table", nameof(code));
        Record(id.Key, code);
    }

    private int CodeOf(ReadOnlySpan<byte> name)
    {
        for (int c = 1; c < _nameBytes.Length; c++)
            if (System.Text.Ascii.EqualsIgnoreCase(name, _nameBytes[c])) return c;
        return -1;
    }

    /// <summary>The operator code of <paramref name="id"/> by the precedence above, or null when none is known.</summary>
    public byte? OperatorOf(PhoneNumber id)
    {
        if (_fromCdrs.TryGetValue(id.Key, out byte c)) return c;
        return StaticOperatorOf(id);
    }

    /// <summary>
    /// The operator known before any CDR is read (subscriber table, then roster), or null: what the hot loop may
    /// use, since it does not change while the CDRs are read in any order.
    /// </summary>
    internal byte? StaticOperatorOf(PhoneNumber id)
    {
        if (_listed.TryGetValue(id.Key, out byte c)) return c;
        return _onRoster.ContainsKey(id.Key) ? HomeCode : null;
    }

    /// <summary>Counts an id described without a network.</summary>
    internal void NoteWithoutNetwork(PhoneNumber id) => _withoutNetwork.TryAdd(id.Key, 0);

    /// <summary>The columns of a subscriber table: <c>id,operator</c> (the id column may be named subscriber, subscriber_id or msisdn).</summary>
    public static readonly CsvContract SubscriberFile = new("subscribers", new CsvColumn("id", true, "subscriber", "subscriber_id", "msisdn"), new CsvColumn("operator"));

    /// <summary>
    /// Reads an <c>id,operator</c> CSV (header optional: a first line starting with <c>id</c>, <c>subscriber</c> or
    /// <c>msisdn</c>). Errors name the source and line.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<PhoneNumber, string>> ReadSubscribers(TextReader reader, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var rows = new List<KeyValuePair<PhoneNumber, string>>();
        foreach (var (line, fields) in OperatorTable.HeaderOptionalRows(reader, sourceName, SubscriberFile))
        {
            if (fields.Count < 2) throw new InvalidDataException($"{sourceName}:{line}: expected id,operator");
            if (!SubscriberIds.TryIntern(Encoding.UTF8.GetBytes(fields[0]), out var id))
                throw new InvalidDataException($"{sourceName}:{line}:1: '{fields[0]}' is not a subscriber id");
            string op = fields[1].Trim().ToLowerInvariant();
            if (op.Length == 0) throw new InvalidDataException($"{sourceName}:{line}:2: empty operator");
            rows.Add(new(id, op));
        }
        return rows;
    }
}
