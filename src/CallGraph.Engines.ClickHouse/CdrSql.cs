using System.Globalization;
using System.Text;
using CallGraph.Aggregation;
using CallGraph.Engines.Sql;
using CallGraph.Ingest;

namespace CallGraph.Engines.ClickHouse;

/// <summary>The table columns that hold each CDR field; <see cref="Type"/> and <see cref="Cell"/> may be absent.</summary>
internal sealed record CdrTableColumns(string Caller, string Callee, string StartTime, string Duration, string? Type, string? Cell)
{
    /// <summary>
    /// Finds the mapped names among the table's columns, case-insensitively as the CSV reader matches headers.
    /// </summary>
    /// <exception cref="InvalidOperationException">A required column is missing.</exception>
    public static CdrTableColumns Resolve(CdrColumnMap map, IReadOnlyList<string> tableColumns, string table)
    {
        string? Find(string? name) =>
            string.IsNullOrWhiteSpace(name) ? null : tableColumns.FirstOrDefault(c => string.Equals(c, name.Trim(), StringComparison.OrdinalIgnoreCase));
        string Require(string name, string field) => Find(name) ?? throw new InvalidOperationException(
            $"table {table} has no column '{name}' for {field} (columns: {string.Join(", ", tableColumns)}); map columns with CdrColumnMap");
        return new CdrTableColumns(Require(map.Caller, "caller"), Require(map.Callee, "callee"), Require(map.StartTime, "start_time"),
            Require(map.Duration, "duration_s"), Find(map.Type), Find(map.Cell));
    }
}

/// <summary>
/// The reading rules of the in-process CDR reader (<c>CdrParser</c>, <c>NumberNormalizer</c>, <c>CdrTimeFormat</c>) as
/// ClickHouse 18.16 SQL over a table of raw text columns, and the aggregation of <see cref="CallAggregator"/> over the
/// rows it accepts. Every row gets a reject code (the <see cref="RejectReason"/> the reader would give, checked in
/// the reader's order, or <see cref="Accepted"/>), its canonical number keys, start second, duration, type and cell
/// key. Expressions are integer and string arithmetic only, so the server's time zone plays no part.
/// </summary>
internal sealed class CdrSql
{
    /// <summary>Reject code of a row the reader accepts.</summary>
    public const int Accepted = 255;

    /// <summary>The session's temporary table that holds the roster's distinct member keys (column <c>key</c>).</summary>
    public const string RosterTable = "cg_roster";

    private readonly string _table;
    private readonly CdrTableColumns _columns;
    private readonly CdrReaderOptions _reader;
    private readonly AggregationOptions _aggregation;

    public CdrSql(string table, CdrTableColumns columns, CdrReaderOptions reader, AggregationOptions aggregation)
    {
        _table = table;
        _columns = columns;
        _reader = reader;
        _aggregation = aggregation;
    }

    /// <summary>A back-quoted identifier; a dotted name (<c>db.table</c>) is quoted part by part.</summary>
    public static string QuoteTable(string name) => string.Join(".", name.Split('.').Select(Quote));

    /// <summary>A back-quoted identifier.</summary>
    public static string Quote(string name) => "`" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("`", "\\`", StringComparison.Ordinal) + "`";

    /// <summary>A single-quoted string literal.</summary>
    public static string Literal(string text) => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    private static string Raw(string column) => $"ifNull(toString({Quote(column)}), '')";

    /// <summary>A field with spaces and tabs stripped from both ends, as the reader trims.</summary>
    private static string Trim(string expression) => $"replaceRegexpAll({expression}, '^[ \\t]+|[ \\t]+$', '')";

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The WITH list that defines, per row, cg_reject, cg_outside and the accepted row's fields cg_caller, cg_callee
    /// (packed keys), cg_start (seconds), cg_duration, cg_sms (1 for SMS) and cg_ce (the trimmed cell text, empty for none).
    /// </summary>
    public string RowDefinitions()
    {
        var d = new List<string>();
        void Define(string alias, string expression) => d.Add($"{expression} AS {alias}");

        NumberDefinitions(Define, "cg_caller", Raw(_columns.Caller));
        NumberDefinitions(Define, "cg_callee", Raw(_columns.Callee));

        // Start time: the shapes of the reader's format (SqlTimePattern, shared with the other SQL engines), each a
        // whole-field regular expression with every calendar part at a fixed place.
        Define("cg_t", Trim(Raw(_columns.StartTime)));
        var shapes = SqlTimePattern.For(_reader.TimeFormat);
        for (int i = 0; i < shapes.Count; i++) Define($"cg_t_m{i}", $"match(cg_t, {Literal("^(?:" + shapes[i].Regex + ")$")})");
        void Part(string alias, Func<SqlTimePattern, int> position, int width)
        {
            string At(int at) => at switch
            {
                0 => "'00'",
                -1 => "if(substring(cg_t, 17, 1) = ':', substring(cg_t, 18, 2), '00')", // ISO's optional seconds
                _ => $"substring(cg_t, {I(at)}, {I(width)})",
            };
            string cases = string.Join(", ", shapes.Select((shape, i) => $"cg_t_m{i}, {At(position(shape))}"));
            Define(alias, $"toInt64OrZero(multiIf({cases}, ''))");
        }
        Part("cg_year", p => p.Year, 4);
        Part("cg_month", p => p.Month, 2);
        Part("cg_day", p => p.Day, 2);
        Part("cg_hour", p => p.Hour, 2);
        Part("cg_minute", p => p.Minute, 2);
        Part("cg_second", p => p.Second, 2);
        Define("cg_t_shape", string.Join(" OR ", shapes.Select((_, i) => $"cg_t_m{i}")));
        Define("cg_month_days", "multiIf(cg_month = 2, if(cg_year % 4 = 0 AND (cg_year % 100 != 0 OR cg_year % 400 = 0), 29, 28), cg_month IN (4, 6, 9, 11), 30, 31)");
        Define("cg_t_valid", "(cg_t_shape) AND cg_year >= 1 AND cg_month >= 1 AND cg_month <= 12 AND cg_day >= 1 AND cg_day <= cg_month_days "
            + "AND cg_hour <= 23 AND cg_minute <= 59 AND cg_second <= 59");
        // Days since 1970-01-01 of a proleptic Gregorian date (the civil-to-days algorithm: years from March).
        Define("cg_y", "cg_year - (cg_month <= 2)");
        Define("cg_era", "intDiv(cg_y, 400)");
        Define("cg_yoe", "cg_y - cg_era * 400");
        Define("cg_doy", "intDiv(153 * ((cg_month + 9) % 12) + 2, 5) + cg_day - 1");
        Define("cg_days", "cg_era * 146097 + cg_yoe * 365 + intDiv(cg_yoe, 4) - intDiv(cg_yoe, 100) + cg_doy - 719468");
        Define("cg_start", "if(cg_t_valid, cg_days * 86400 + cg_hour * 3600 + cg_minute * 60 + cg_second, 0)");

        // Type: one letter or digit (v/0, s/1, any case: the byte OR 0x20, as the reader compares), or a word.
        if (_columns.Type is { } type)
        {
            Define("cg_ty", Trim(Raw(type)));
            Define("cg_ty_letter", "bitOr(reinterpretAsUInt8(cg_ty), 32)");
            Define("cg_type", "multiIf(length(cg_ty) = 1, multiIf(cg_ty_letter IN (118, 48), 0, cg_ty_letter IN (115, 49), 1, 2), "
                + "lower(cg_ty) IN ('voice', 'call'), 0, lower(cg_ty) IN ('sms', 'text'), 1, 2)");
        }
        else Define("cg_type", "0");
        Define("cg_sms", "cg_type = 1");

        // Duration: optional sign, digits, at most int.MaxValue; empty is allowed on SMS only.
        Define("cg_du", Trim(Raw(_columns.Duration)));
        Define("cg_du_significant", "replaceRegexpOne(replaceRegexpOne(cg_du, '^[+-]', ''), '^0+', '')");
        Define("cg_du_value", "if(length(cg_du_significant) <= 10, toInt64OrZero(cg_du_significant), 0)");
        Define("cg_du_reject", $"multiIf(cg_du = '', if(cg_type = 0, {I((int)RejectReason.EmptyField)}, {Accepted}), "
            + $"NOT match(cg_du, '^[+-]?[0-9]+$') OR length(cg_du_significant) > 10 OR cg_du_value > 2147483647, {I((int)RejectReason.BadDuration)}, "
            + $"startsWith(cg_du, '-') AND cg_du_value != 0, {I((int)RejectReason.NegativeDuration)}, {Accepted})");
        Define("cg_duration", "if(cg_sms OR cg_du_reject != " + I(Accepted) + ", 0, cg_du_value)");

        // The cell as text: rows are told apart by it (the key is a function of it), and only the member sides that
        // reach the aggregate pay for its MD5 (CellKey).
        Define("cg_ce", _columns.Cell is { } cell ? Trim(Raw(cell)) : "''");

        long earliest = CdrClock.FromDateTime(new DateTime(_reader.EarliestYear, 1, 1, 0, 0, 0, DateTimeKind.Unspecified));
        string tooLate = _reader.LatestYear >= 9999 ? "0"
            : "cg_start >= " + I(CdrClock.FromDateTime(new DateTime(_reader.LatestYear + 1, 1, 1, 0, 0, 0, DateTimeKind.Unspecified)));
        int empty = (int)RejectReason.EmptyField, badNumber = (int)RejectReason.BadNumber;
        Define("cg_reject", "multiIf("
            + $"cg_caller_error = 1, {empty}, cg_caller_error = 2, {badNumber}, "
            + $"cg_callee_error = 1, {empty}, cg_callee_error = 2, {badNumber}, "
            + $"cg_caller = cg_callee, {I((int)RejectReason.SelfCall)}, "
            + $"cg_t = '', {empty}, NOT cg_t_valid, {I((int)RejectReason.BadTime)}, "
            + $"cg_start < {I(earliest)} OR {tooLate}, {I((int)RejectReason.ImplausibleTime)}, "
            + $"cg_type = 2, {I((int)RejectReason.UnknownType)}, "
            + $"cg_du_reject != {Accepted}, cg_du_reject, {Accepted})");
        var window = new List<string>();
        if (_reader.From is long from) window.Add("cg_start < " + I(from));
        if (_reader.To is long to) window.Add("cg_start >= " + I(to));
        Define("cg_outside", window.Count == 0 ? "0" : $"cg_reject = {Accepted} AND ({string.Join(" OR ", window)})");
        return "WITH " + string.Join(",\n  ", d);
    }

    /// <summary>
    /// Canonical number of a raw field, as <c>NumberNormalizer</c>: <c>{p}_error</c> (0 none, 1 empty, 2 not a number)
    /// and <c>{p}</c>, the packed key (digit count &lt;&lt; 60 | value).
    /// </summary>
    private static void NumberDefinitions(Action<string, string> define, string p, string raw)
    {
        define(p + "_raw", raw);
        // Digits, with separators anywhere and one '+' before the first digit.
        define(p + "_form", $"match({p}_raw, '^[ \\t()-]*\\\\+?[0-9 \\t()-]*$')");
        define(p + "_plus", $"position({p}_raw, '+') > 0");
        define(p + "_d", $"replaceRegexpAll({p}_raw, '[^0-9]', '')");
        // International: '+' or a leading 00 (dropped). +86 before a mobile drops 86; before a fixed line it
        // gives the trunk 0 back; another country keeps 00. 86 + 11-digit mobile without a '+' drops 86.
        define(p + "_i", $"if({p}_plus, {p}_d, substring({p}_d, 3))");
        define(p + "_n", $"substring({p}_i, 3)");
        define(p + "_c", $"multiIf(({p}_plus OR (length({p}_d) > 2 AND startsWith({p}_d, '00'))) AND length({p}_i) > 2 AND startsWith({p}_i, '86'), "
            + $"multiIf({Mobile(p + "_n")}, {p}_n, substring({p}_n, 1, 1) != '0', concat('0', {p}_n), {p}_n), "
            + $"{p}_plus OR (length({p}_d) > 2 AND startsWith({p}_d, '00')), concat('00', {p}_i), "
            + $"length({p}_d) = 13 AND startsWith({p}_d, '86') AND {Mobile($"substring({p}_d, 3)")}, substring({p}_d, 3), {p}_d)");
        define(p + "_error", $"multiIf(NOT {p}_form, 2, {p}_d = '', if({p}_plus, 2, 1), length({p}_d) > 24 OR length({p}_c) > {Numbers.PhoneNumber.MaxDigits}, 2, 0)");
        define(p, $"if({p}_error = 0, bitOr(bitShiftLeft(toUInt64(length({p}_c)), 60), toUInt64OrZero({p}_c)), toUInt64(0))");
    }

    private static string Mobile(string digits) => $"(length({digits}) = 11 AND substring({digits}, 1, 1) = '1' AND substring({digits}, 2, 1) >= '3')";

    /// <summary>
    /// The cell key of the text <paramref name="text"/>: the first 8 bytes of its MD5 digest read big-endian (reversed,
    /// since reinterpretAsUInt64 reads little-endian); 0 for no cell, 1 for a zero digest.
    /// </summary>
    private static string CellKey(string text) =>
        $"if({text} = '', toUInt64(0), if(reinterpretAsUInt64(reverse(substring(MD5({text}), 1, 8))) = 0, toUInt64(1), reinterpretAsUInt64(reverse(substring(MD5({text}), 1, 8)))))";

    private const string Touching = "(cg_caller GLOBAL IN " + RosterTable + " OR cg_callee GLOBAL IN " + RosterTable + ")";

    private const string RowKey = "cg_caller, cg_callee, cg_start, cg_duration, cg_sms, cg_ce";

    /// <summary>
    /// Counts by (reject code, outside the window): rows, rows kept (distinct rows when deduplicating), earliest and
    /// latest start. Distinct counts merge exactly across shards, so duplicates on different shards are found.
    /// </summary>
    public string CountsQuery()
    {
        string kept = _reader.Deduplicate ? $"uniqExact({RowKey})" : "count()";
        return $"{RowDefinitions()}\nSELECT cg_reject, cg_outside, count(), {kept}, min(cg_start), max(cg_start)\nFROM {QuoteTable(_table)}\nGROUP BY cg_reject, cg_outside";
    }

    /// <summary>
    /// The aggregate rows, one query, one scan. Accepted in-window CDRs touching a member, deduplicated across shards,
    /// become one event per member side (two when both parties are members); the events are grouped three ways at
    /// once, told apart by the first column:
    /// <list type="bullet">
    /// <item>0, member, other party: out/in calls, out/in SMS, working-hour events, seconds, first, last, cell bits (the
    /// member's own cells: events it made), and in the last column the CDRs the pair's rows stand for (each CDR counted
    /// on one side only: the sum over pairs is the count of CDRs touching a member);</item>
    /// <item>1, member, other party or 0, cell key: events and working-hour events of the cell, where the other party
    /// is 0 when the cell is the member's by rule (it called) and the calling non-member when it is the member's only
    /// if the caller is not on the home network (the client decides with its number plan);</item>
    /// <item>2, member, profile bin: events.</item>
    /// </list>
    /// </summary>
    public string AggregateQuery()
    {
        string distinct = _reader.Deduplicate ? "\n  GROUP BY " + RowKey : "";
        int workStart = _aggregation.WorkdayStartHour, workEnd = _aggregation.WorkdayEndHour;
        return $$"""
            SELECT cg_kind, cg_member,
              multiIf(cg_kind = 0, cg_other, cg_kind = 1, if(cg_own_cell != 0, toUInt64(0), cg_other), toUInt64(cg_bin)) AS cg_key2,
              if(cg_kind = 1, if(cg_own_cell != 0, cg_own_cell, cg_other_cell), toUInt64(0)) AS cg_key3,
              countIf(cg_out AND NOT cg_sms), countIf(NOT cg_out AND NOT cg_sms), countIf(cg_out AND cg_sms), countIf(NOT cg_out AND cg_sms),
              countIf(cg_work), sum(cg_duration), min(cg_clamped), max(cg_clamped),
              groupBitOr(if(cg_own_cell = 0, toUInt32(0), toUInt32(bitShiftLeft(toUInt32(1), cg_own_cell % 32)))),
              if(cg_kind = 0, countIf(cg_side = 1 OR NOT cg_caller_member), count())
            FROM (
              SELECT if(cg_side = 1, cg_caller, cg_callee) AS cg_member, if(cg_side = 1, cg_callee, cg_caller) AS cg_other, cg_side = 1 AS cg_out,
                cg_sms, cg_duration, toUInt32(greatest(least(cg_start, 4294967295), 0)) AS cg_clamped,
                if(cg_start >= 0, intDiv(cg_start, 86400), -intDiv(86399 - cg_start, 86400)) AS cg_day_number,
                intDiv(cg_start - cg_day_number * 86400, 3600) AS cg_hour_of_day,
                (cg_day_number % 7 + 10) % 7 AS cg_weekday,
                cg_weekday < 5 AND cg_hour_of_day >= {{workStart}} AND cg_hour_of_day < {{workEnd}} AS cg_work,
                if(cg_weekday >= 5, 24, 0) + cg_hour_of_day AS cg_bin,
                cg_side, cg_caller IN {{RosterTable}} AS cg_caller_member,
                {{CellKey("cg_ce")}} AS cg_cell,
                if(cg_side = 1, cg_cell, toUInt64(0)) AS cg_own_cell,
                if(cg_side = 2 AND NOT cg_caller_member, cg_cell, toUInt64(0)) AS cg_other_cell
              FROM (
                {{RowDefinitions()}}
                SELECT {{RowKey}}
                FROM {{QuoteTable(_table)}}
                WHERE cg_reject = {{Accepted}} AND NOT cg_outside AND {{Touching}}{{distinct}}
              )
              ARRAY JOIN multiIf(cg_caller IN {{RosterTable}} AND cg_callee IN {{RosterTable}}, [1, 2], cg_caller IN {{RosterTable}}, [1], [2]) AS cg_side
            )
            ARRAY JOIN if(cg_own_cell != 0 OR cg_other_cell != 0, [0, 1, 2], [0, 2]) AS cg_kind
            GROUP BY cg_kind, cg_member, cg_key2, cg_key3
            """;
    }
}
