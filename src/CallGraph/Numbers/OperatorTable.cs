using CallGraph.Csv;
using System.Globalization;

namespace CallGraph.Numbers;

/// <summary>One row of an operator table: numbers starting with <see cref="Prefix"/> belong to <see cref="Operator"/>.</summary>
/// <param name="Prefix">Leading digits of the canonical number.</param>
/// <param name="Operator">Operator code, e.g. <c>cmcc</c>, <c>cucc</c>, <c>ctcc</c>, <c>cbn</c>.</param>
/// <param name="IsMvno">True when the range is resold by a virtual operator on that operator's network.</param>
public sealed record OperatorPrefix(string Prefix, string Operator, bool IsMvno = false);

/// <summary>
/// Decides each number's operator: a single-number override (ported numbers) first, then the longest
/// matching prefix. Operators are interned to small integer codes so per-number storage is one byte.
/// Immutable once built; safe to share between threads.
/// </summary>
public sealed class OperatorTable
{
    /// <summary>Code of the operator for numbers no prefix matches.</summary>
    public const byte Unknown = 0;

    /// <summary>Name reported for <see cref="Unknown"/>.</summary>
    public const string UnknownName = "unknown";

    private readonly Dictionary<ulong, byte> _prefixes = new();
    private readonly Dictionary<ulong, byte> _ported = new();
    private readonly List<string> _names = new() { UnknownName };
    private readonly List<bool> _mvno = new() { false };
    private readonly Dictionary<string, byte> _codes = new(StringComparer.Ordinal) { [UnknownName] = Unknown };
    private int _maxPrefixDigits;

    /// <summary>Builds a table from prefix rows and optional single-number overrides.</summary>
    public OperatorTable(IEnumerable<OperatorPrefix> prefixes, IEnumerable<KeyValuePair<PhoneNumber, string>>? ported = null)
    {
        ArgumentNullException.ThrowIfNull(prefixes);
        foreach (var row in prefixes)
        {
            var key = PhoneNumber.FromDigitString(row.Prefix);
            string name = row.IsMvno ? row.Operator + MvnoSuffix : row.Operator;
            _prefixes[key.Key] = Intern(name, row.IsMvno);
            _maxPrefixDigits = Math.Max(_maxPrefixDigits, key.Length);
        }
        if (ported is not null)
            foreach (var (number, op) in ported) _ported[number.Key] = Intern(op, false);
        _mobileByPrefix4 = BuildMobileShortcut();
    }

    // Operator of each 11-digit number by its first 4 digits, when no prefix is longer than 4 digits:
    // one array read instead of up to four hash lookups on the hot path.
    private readonly byte[]? _mobileByPrefix4;

    private byte[]? BuildMobileShortcut()
    {
        if (_maxPrefixDigits > 4) return null;
        var table = new byte[10000];
        for (int p = 0; p < table.Length; p++) table[p] = LookupByPrefix(PhoneNumber.FromDigits(11, (ulong)p * 10_000_000UL));
        return table;
    }

    /// <summary>Suffix appended to an operator code for its MVNO ranges, e.g. <c>cucc-mvno</c>.</summary>
    public const string MvnoSuffix = "-mvno";

    /// <summary>The built-in mainland-China table (see docs/numbering.md).</summary>
    public static OperatorTable BuiltIn { get; } = new(BuiltInPrefixes.Rows);

    /// <summary>Operator names by code; index 0 is <see cref="UnknownName"/>.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>Count of ported-number overrides.</summary>
    public int PortedCount => _ported.Count;

    /// <summary>Returns the same prefixes with <paramref name="ported"/> overrides added.</summary>
    public OperatorTable WithPorted(IEnumerable<KeyValuePair<PhoneNumber, string>> ported)
    {
        var rows = new List<OperatorPrefix>();
        foreach (var (key, code) in _prefixes)
        {
            string name = _names[code];
            bool mvno = _mvno[code];
            string op = mvno ? name[..^MvnoSuffix.Length] : name;
            rows.Add(new OperatorPrefix(new PhoneNumber(key).ToString(), op, mvno));
        }
        var all = new List<KeyValuePair<PhoneNumber, string>>();
        foreach (var (key, code) in _ported) all.Add(new(new PhoneNumber(key), _names[code]));
        all.AddRange(ported);
        return new OperatorTable(rows, all);
    }

    /// <summary>
    /// Returns the same prefixes and overrides with the operator names in <paramref name="names"/> added (lower-cased),
    /// for operators that own no prefix, such as those a subscriber table of opaque ids names.
    /// </summary>
    /// <exception cref="InvalidDataException">More than <see cref="MaxOperators"/> operators in all.</exception>
    public OperatorTable WithOperators(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var copy = WithPorted([]);
        foreach (string name in names)
        {
            string n = name.Trim().ToLowerInvariant();
            if (n.Length > 0 && copy.CodeOf(n) is null) copy.Intern(n, false);
        }
        return copy;
    }

    /// <summary>The operator code of <paramref name="number"/>, <see cref="Unknown"/> when none matches.</summary>
    public byte Lookup(PhoneNumber number)
    {
        if (_ported.Count != 0 && _ported.TryGetValue(number.Key, out byte p)) return p;
        if (_mobileByPrefix4 is not null && number.Length == 11) return _mobileByPrefix4[(int)(number.Value / 10_000_000UL)];
        return LookupByPrefix(number);
    }

    private byte LookupByPrefix(PhoneNumber number)
    {
        int len = number.Length;
        for (int digits = Math.Min(len, _maxPrefixDigits); digits >= 1; digits--)
            if (_prefixes.TryGetValue(number.Prefix(digits).Key, out byte code)) return code;
        return Unknown;
    }

    /// <summary>The operator name of <paramref name="number"/>.</summary>
    public string LookupName(PhoneNumber number) => _names[Lookup(number)];

    /// <summary>Code of an operator name, or null when the table never mentions it.</summary>
    public byte? CodeOf(string name) => _codes.TryGetValue(name, out var c) ? c : null;

    /// <summary>True when the operator code stands for an MVNO range.</summary>
    public bool IsMvno(byte code) => _mvno[code];

    private byte Intern(string name, bool mvno)
    {
        if (_codes.TryGetValue(name, out var c)) return c;
        if (_names.Count == byte.MaxValue) throw new InvalidDataException($"more than {MaxOperators} distinct operators in the prefix and ported-number tables (operator '{name}' is one too many)");
        c = (byte)_names.Count;
        _names.Add(name);
        _mvno.Add(mvno);
        _codes[name] = c;
        return c;
    }

    /// <summary>The columns of an operator prefix table.</summary>
    public static class PrefixFile
    {
        /// <summary>The file's columns, each named as its header; mvno may be absent.</summary>
        public static readonly CsvColumn Prefix = new("prefix"), Operator = new("operator"), Mvno = new("mvno", required: false);

        /// <summary>The file's columns in the order written.</summary>
        public static readonly CsvContract Contract = new("prefixes", Prefix, Operator, Mvno);
    }

    /// <summary>The columns of a ported-numbers table.</summary>
    public static class PortedFile
    {
        /// <summary>The file's columns, each named as its header.</summary>
        public static readonly CsvColumn Msisdn = new("msisdn"), Operator = new("operator");

        /// <summary>The file's columns in the order written.</summary>
        public static readonly CsvContract Contract = new("ported numbers", Msisdn, Operator);
    }

    /// <summary>Most distinct operators (MVNO ranges counted apart) one table holds.</summary>
    public const int MaxOperators = byte.MaxValue - 1;

    /// <summary>
    /// Reads a <c>prefix,operator[,mvno]</c> CSV (header optional). Errors name the source and line; a file
    /// without any prefix row, or with more than <see cref="MaxOperators"/> distinct operators, is an error.
    /// </summary>
    public static IReadOnlyList<OperatorPrefix> ReadPrefixes(TextReader reader, string sourceName)
    {
        var rows = new List<OperatorPrefix>();
        var operators = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (line, fields) in HeaderOptionalRows(reader, sourceName, PrefixFile.Contract))
        {
            if (fields.Count < 2) throw new InvalidDataException($"{sourceName}:{line}: expected prefix,operator");
            string prefix = fields[0].Trim();
            if (prefix.Length == 0 || prefix.Length > PhoneNumber.MaxDigits || !prefix.All(char.IsAsciiDigit))
                throw new InvalidDataException($"{sourceName}:{line}:1: prefix '{prefix}' is not 1–15 digits");
            string op = fields[1].Trim().ToLowerInvariant();
            if (op.Length == 0) throw new InvalidDataException($"{sourceName}:{line}:2: empty operator");
            bool mvno = fields.Count > 2 && fields[2].Trim() is "1" or "true" or "yes" or "mvno";
            if (operators.Add(mvno ? op + MvnoSuffix : op) && operators.Count > MaxOperators)
                throw new InvalidDataException($"{sourceName}:{line}:2: more than {MaxOperators} distinct operators");
            rows.Add(new OperatorPrefix(prefix, op, mvno));
        }
        if (rows.Count == 0) throw new InvalidDataException($"{sourceName}: no prefix rows (expected prefix,operator)");
        return rows;
    }

    /// <summary>
    /// The records of a table whose header is optional, with the line each starts on: a first record whose first
    /// field is the first column of <paramref name="contract"/> (or one of its aliases) is the header, and skipped.
    /// </summary>
    internal static IEnumerable<(long Line, List<string> Fields)> HeaderOptionalRows(TextReader reader, string sourceName, CsvContract contract)
    {
        var first = contract.Columns[0];
        bool atStart = true;
        foreach (var (line, fields) in CsvTable.Records(reader, sourceName))
        {
            bool header = atStart && first.Aliases.Prepend(first.Name).Contains(fields[0].Trim(), StringComparer.OrdinalIgnoreCase);
            atStart = false;
            if (!header) yield return (line, fields);
        }
    }

    /// <summary>Reads a <c>msisdn,operator</c> CSV of ported numbers (header optional).</summary>
    public static IReadOnlyList<KeyValuePair<PhoneNumber, string>> ReadPorted(TextReader reader, string sourceName)
    {
        var rows = new List<KeyValuePair<PhoneNumber, string>>();
        var operators = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (line, fields) in HeaderOptionalRows(reader, sourceName, PortedFile.Contract))
        {
            if (fields.Count < 2) throw new InvalidDataException($"{sourceName}:{line}: expected msisdn,operator");
            if (!NumberNormalizer.TryNormalize(fields[0].AsSpan(), out var n, out var e))
                throw new InvalidDataException($"{sourceName}:{line}:1: '{fields[0]}' is not a phone number ({e})");
            string op = fields[1].Trim().ToLowerInvariant();
            if (op.Length == 0) throw new InvalidDataException($"{sourceName}:{line}:2: empty operator");
            if (operators.Add(op) && operators.Count > MaxOperators)
                throw new InvalidDataException($"{sourceName}:{line}:2: more than {MaxOperators} distinct operators");
            rows.Add(new(n, op));
        }
        return rows;
    }

    /// <summary>Writes the table's prefix rows as <c>prefix,operator,mvno</c>, sorted by prefix.</summary>
    public static void WritePrefixes(TextWriter writer, IEnumerable<OperatorPrefix> rows)
    {
        using var output = PrefixFile.Contract.Write(writer);
        foreach (var r in rows.OrderBy(r => r.Prefix, StringComparer.Ordinal))
        {
            output.Field(r.Prefix);
            output.Field(r.Operator);
            output.Number(r.IsMvno ? 1 : 0);
            output.EndRow();
        }
    }
}
