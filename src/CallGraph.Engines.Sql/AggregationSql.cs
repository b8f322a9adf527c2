using System.Globalization;
using CallGraph.Aggregation;
using CallGraph.Ingest;

namespace CallGraph.Engines.Sql;

/// <summary>
/// The aggregation of <c>docs/aggregation.md</c> as SQL statements, in the order <see cref="SqlAggregation"/> runs
/// them. The CDRs come from the relation <see cref="Source"/>, which each engine defines (a view over its files or
/// its table) with the text columns <c>caller_raw, callee_raw, start_raw, duration_raw, type_raw, cell_raw</c>
/// (type and cell NULL when the dump has none) and the BOOLEAN <c>wrong_field_count</c> (the row has more or fewer
/// fields than the header; one empty field too many, a trailing delimiter, is not wrong). Every reading rule of the in-process reader is spelled out here: number normalisation, start-time
/// formats, plausible years, reject reasons in the reader's order, SMS carrying no duration, the time window, exact
/// duplicates, which party gets a CDR's cell, working hours and profile bins. Only what differs between engines
/// goes through the <see cref="SqlDialect"/>.
/// </summary>
public sealed class AggregationSql
{
    /// <summary>The relation the engine defines over its CDRs.</summary>
    public const string Source = "cg_source";

    /// <summary>The members' number keys (<see cref="SqlNumberKey"/>), one BIGINT column <c>number</c>, uploaded by the engine.</summary>
    public const string Members = "cg_members";

    /// <summary>The non-member callers on the home network whose CDRs' cells are not the member's (uploaded after <see cref="NonMemberCallers"/>).</summary>
    public const string HomeCallers = "cg_home_callers";

    /// <summary>Every row with its reject reason (NULL when valid), normalised fields and whether it starts outside the window.</summary>
    public const string Parsed = "cg_parsed";

    /// <summary>The accepted CDRs: valid, inside the window, exact duplicates dropped.</summary>
    public const string Events = "cg_events";

    /// <summary>The accepted CDRs that touch a member, with which side is a member.</summary>
    public const string Touching = "cg_touching";

    /// <summary>One row per (CDR, member side): what the member saw.</summary>
    public const string Sides = "cg_sides";

    // The reader's largest duration (an int of seconds).
    private const long MaxDuration = int.MaxValue;

    // Seconds per day and per hour, and the day of week of 1970-01-01 (a Thursday, 3 with Monday = 0): CdrClock's rules.
    private const int SecondsPerDay = 86400, SecondsPerHour = 3600, EpochDayOfWeek = 3;

    // Days from 0000-03-01 to 1970-01-01 in the proleptic Gregorian calendar, and the days of a 400-year era:
    // CdrTimeFormat.DaysSinceEpoch's constants (a March-based year puts the leap day last).
    private const int EpochDayOffset = 719468, DaysPerEra = 146097;

    private readonly SqlDialect _d;
    private readonly CdrReaderOptions _reader;
    private readonly AggregationOptions _aggregation;
    private readonly bool _hasType;

    /// <summary>The statements for one run.</summary>
    /// <param name="dialect">The engine's spelling of the functions that differ.</param>
    /// <param name="reader">Time format, window and plausible years.</param>
    /// <param name="aggregation">Working hours.</param>
    /// <param name="hasType">True when the source has a type column; without one every row is a voice call.</param>
    /// <exception cref="FormatException">The reader's time format is not a valid pattern.</exception>
    public AggregationSql(SqlDialect dialect, CdrReaderOptions reader, AggregationOptions aggregation, bool hasType)
    {
        _d = dialect ?? throw new ArgumentNullException(nameof(dialect));
        _reader = reader ?? throw new ArgumentNullException(nameof(reader));
        _aggregation = aggregation ?? throw new ArgumentNullException(nameof(aggregation));
        _hasType = hasType;
        TimePatterns = SqlTimePattern.For(reader.TimeFormat);
    }

    /// <summary>The reading options the statements follow (the reject limit among them).</summary>
    public CdrReaderOptions Reader => _reader;

    /// <summary>The start-time shapes the parse accepts.</summary>
    public IReadOnlyList<SqlTimePattern> TimePatterns { get; }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Creates <see cref="Parsed"/>: every source row with its reject reason, or its normalised fields.</summary>
    public string CreateParsed() => _d.CreateTempTable(Parsed, ParseSelect());

    /// <summary>
    /// The parse as a SELECT over <see cref="Source"/>, stage by stage (each stage names what the next one uses, so
    /// no engine needs lateral aliases).
    /// </summary>
    public string ParseSelect()
    {
        string raw = $"""
            SELECT wrong_field_count,
              {_d.RemoveNumberSeparators("coalesce(caller_raw, '')")} AS a_s,
              {_d.RemoveNumberSeparators("coalesce(callee_raw, '')")} AS b_s,
              {_d.TrimBlanks("coalesce(start_raw, '')")} AS t_s,
              {TimeMatches(_d.TrimBlanks("coalesce(start_raw, '')"))},
              {_d.TrimBlanks("coalesce(duration_raw, '')")} AS d_s,
              lower({_d.TrimBlanks("coalesce(type_raw, '')")}) AS y_s,
              {_d.TrimBlanks("coalesce(cell_raw, '')")} AS c_s
            FROM {Source}
            """;
        string signs = $"""
            SELECT *,
              {NumberDigits("a")}, {NumberDigits("b")},
              {TimeParts()},
              CASE WHEN substring(d_s, 1, 1) IN ('+', '-') THEN substring(d_s, 2, 99) ELSE d_s END AS d_digits,
              substring(d_s, 1, 1) = '-' AS d_negative
            FROM ({raw}{_d.StageFence}) s0
            """;
        string international = $"""
            SELECT *,
              {International("a")}, {International("b")},
              {TimeNumbers()},
              CASE WHEN {_d.FullMatch("d_digits", "0*[0-9]{1,10}")} THEN {_d.TryCastBigint("d_digits")} END AS d_value,
              {TypeCode()} AS y_code
            FROM ({signs}{_d.StageFence}) s1
            """;
        string canonical = $"""
            SELECT *, {Canonical("a")}, {Canonical("b")}, {TimeValid()}
            FROM ({international}{_d.StageFence}) s2
            """;
        string keys = $"""
            SELECT *, {Key("a")}, {Key("b")}, {StartSeconds()}
            FROM ({canonical}{_d.StageFence}) s3
            """;
        long earliest = CdrClock.FromDateTime(new DateTime(_reader.EarliestYear, 1, 1, 0, 0, 0, DateTimeKind.Unspecified));
        string tooLate = _reader.LatestYear >= 9999 ? "FALSE"
            : "start_s >= " + N(CdrClock.FromDateTime(new DateTime(_reader.LatestYear + 1, 1, 1, 0, 0, 0, DateTimeKind.Unspecified)));
        string outside = (_reader.From, _reader.To) switch
        {
            (long from, long to) => $"(start_s < {N(from)} OR start_s >= {N(to)})",
            (long from, null) => $"start_s < {N(from)}",
            (null, long to) => $"start_s >= {N(to)}",
            _ => "FALSE",
        };
        // The reader's order of checks: field count, caller, callee, self call, start, plausible years, type, duration.
        return $"""
            SELECT
              CASE
                WHEN wrong_field_count THEN 'field_count'
                WHEN a_s = '' THEN 'empty_field'
                WHEN a_key IS NULL THEN 'bad_number'
                WHEN b_s = '' THEN 'empty_field'
                WHEN b_key IS NULL THEN 'bad_number'
                WHEN a_key = b_key THEN 'self_call'
                WHEN t_s = '' THEN 'empty_field'
                WHEN start_s IS NULL THEN 'bad_time'
                WHEN start_s < {N(earliest)} OR {tooLate} THEN 'implausible_time'
                WHEN y_code IS NULL THEN 'unknown_type'
                WHEN d_s = '' THEN CASE WHEN y_code = 0 THEN 'empty_field' END
                WHEN d_value IS NULL OR d_value > {N(MaxDuration)} THEN 'bad_duration'
                WHEN d_negative AND d_value <> 0 THEN 'negative_duration'
              END AS reason,
              a_key AS caller, b_key AS callee, start_s,
              CAST(CASE WHEN y_code = 1 OR d_s = '' OR d_negative THEN 0 ELSE d_value END AS INTEGER) AS duration,
              y_code = 1 AS sms,
              CASE WHEN c_s = '' THEN NULL ELSE c_s END AS cell,
              {outside} AS outside
            FROM ({keys}{_d.StageFence}) s4
            """;
    }

    // A number field: whether it is digits with at most a leading '+', and those digits.
    private string NumberDigits(string p) =>
        $"{_d.FullMatch($"{p}_s", "[+]?[0-9]+")} AS {p}_ok, substring({p}_s, 1, 1) = '+' AS {p}_plus, " +
        $"CASE WHEN substring({p}_s, 1, 1) = '+' THEN substring({p}_s, 2, 99) ELSE {p}_s END AS {p}_d";

    // The digits after an international prefix ('+' or 00), or NULL for a national number.
    private static string International(string p) =>
        $"CASE WHEN {p}_plus THEN {p}_d WHEN length({p}_d) > 2 AND substring({p}_d, 1, 2) = '00' THEN substring({p}_d, 3, 99) END AS {p}_i";

    // NumberNormalizer.IsMobile: 11 digits, 1 then 3-9.
    private static string IsMobile(string digits) =>
        $"(length({digits}) = 11 AND substring({digits}, 1, 1) = '1' AND substring({digits}, 2, 1) >= '3')";

    // NumberNormalizer.Canonicalize: +86/0086 before a mobile stripped, a fixed line from abroad gets its trunk 0
    // back, other countries keep 00; 86 + mobile without a plus stripped; everything else as dialled.
    private static string Canonical(string p)
    {
        string national = $"substring({p}_i, 3, 99)";
        return $"""
            CASE
              WHEN {p}_i IS NOT NULL THEN
                CASE
                  WHEN length({p}_i) > 2 AND substring({p}_i, 1, 2) = '86' THEN
                    CASE WHEN {IsMobile(national)} THEN {national}
                         WHEN substring({national}, 1, 1) <> '0' THEN '0' || {national}
                         ELSE {national} END
                  ELSE '00' || {p}_i
                END
              WHEN length({p}_d) = 13 AND substring({p}_d, 1, 2) = '86' AND {IsMobile($"substring({p}_d, 3, 99)")} THEN substring({p}_d, 3, 99)
              ELSE {p}_d
            END AS {p}_c
            """;
    }

    // The SQL number key, or NULL when the field is no number or has more than 15 digits once canonical.
    private string Key(string p) =>
        $"CASE WHEN {p}_ok AND length({p}_c) <= {N(Numbers.PhoneNumber.MaxDigits)} THEN {_d.TryCastBigint($"{p}_c")} * {N(SqlNumberKey.LengthBase)} + length({p}_c) END AS {p}_key";

    private string TypeCode() => !_hasType ? "0" : """
        CASE WHEN y_s IN ('v', '0', 'voice', 'call') THEN 0 WHEN y_s IN ('s', '1', 'sms', 'text') THEN 1 END
        """;

    // Whether the trimmed start text matches each time shape: t_m0, t_m1, … Computed a stage before TimeParts
    // reads them, for engines without lateral column aliases (PostgreSQL).
    private string TimeMatches(string trimmed) =>
        string.Join(", ", TimePatterns.Select((p, i) => $"{_d.FullMatch(trimmed, p.Regex)} AS t_m{i}"));

    // The calendar parts as digit strings, from whichever time shape matches (NULL when none does).
    private string TimeParts()
    {
        string Part(string name, Func<SqlTimePattern, string> text)
        {
            var whens = TimePatterns.Select((p, i) => $"WHEN t_m{i} THEN {text(p)}");
            return $"CASE {string.Join(" ", whens)} END AS t_{name}_s";
        }
        static string At(int position, int width) => position switch
        {
            0 => "'00'",
            -1 => "CASE WHEN substring(t_s, 17, 1) = ':' THEN substring(t_s, 18, 2) ELSE '00' END", // ISO's optional seconds
            _ => $"substring(t_s, {position}, {width})",
        };
        return string.Join(", ",
            Part("y", p => At(p.Year, 4)), Part("mo", p => At(p.Month, 2)), Part("d", p => At(p.Day, 2)),
            Part("h", p => At(p.Hour, 2)), Part("mi", p => At(p.Minute, 2)), Part("se", p => At(p.Second, 2)));
    }

    private static readonly string[] TimeNumberNames = ["y", "mo", "d", "h", "mi", "se"];

    private string TimeNumbers() => string.Join(", ",
        TimeNumberNames.Select(n => $"{_d.TryCastBigint($"t_{n}_s")} AS t_{n}"));

    // CdrTimeFormat.TryCompose's checks, and the March-based year DaysSinceEpoch counts from.
    private static string TimeValid() => """
        (t_y >= 1 AND t_mo BETWEEN 1 AND 12 AND t_d >= 1 AND t_h <= 23 AND t_mi <= 59 AND t_se <= 59 AND t_d <= CASE
          WHEN t_mo = 2 THEN CASE WHEN t_y % 4 = 0 AND (t_y % 100 <> 0 OR t_y % 400 = 0) THEN 29 ELSE 28 END
          WHEN t_mo IN (4, 6, 9, 11) THEN 30 ELSE 31 END) AS t_valid,
        t_y - CASE WHEN t_mo <= 2 THEN 1 ELSE 0 END AS t_yy
        """;

    // Seconds since 1970-01-01 of a valid time: CdrTimeFormat.DaysSinceEpoch (y >= 1, so the era is never negative).
    private string StartSeconds()
    {
        string era = _d.IntDiv("t_yy", "400");
        string yearOfEra = $"(t_yy - {era} * 400)";
        string dayOfYear = $"({_d.IntDiv("153 * (CASE WHEN t_mo > 2 THEN t_mo - 3 ELSE t_mo + 9 END) + 2", "5")} + t_d - 1)";
        string dayOfEra = $"({yearOfEra} * 365 + {_d.IntDiv(yearOfEra, "4")} - {_d.IntDiv(yearOfEra, "100")} + {dayOfYear})";
        return $"CASE WHEN t_valid THEN ({era} * {N(DaysPerEra)} + {dayOfEra} - {N(EpochDayOffset)}) * {N(SecondsPerDay)} + t_h * {N(SecondsPerHour)} + t_mi * 60 + t_se END AS start_s";
    }

    /// <summary>Rows of <see cref="Parsed"/> by outcome: <c>outcome</c> (a reject reason, <see cref="OutsideOutcome"/> or <see cref="ValidOutcome"/>) and <c>n</c>.</summary>
    public string CountOutcomes() => $"""
        SELECT coalesce(reason, CASE WHEN outside THEN '{OutsideOutcome}' ELSE '{ValidOutcome}' END) AS outcome, count(*) AS n
        FROM {Parsed} GROUP BY 1 ORDER BY 1
        """;

    /// <summary>The outcome of a valid row outside the window in <see cref="CountOutcomes"/>.</summary>
    public const string OutsideOutcome = "~outside";

    /// <summary>The outcome of a valid row inside the window (accepted or a duplicate) in <see cref="CountOutcomes"/>.</summary>
    public const string ValidOutcome = "~valid";

    /// <summary>
    /// Creates <see cref="Events"/>: the valid in-window rows, each exact duplicate once (every row when
    /// <see cref="CdrReaderOptions.Deduplicate"/> is off). Duplicates are looked for in the whole input, as the reader
    /// does with an unbounded window; for a dump in day order its default one-day window finds the same.
    /// </summary>
    public string CreateEvents() => _d.CreateTempTable(Events, $"""
        SELECT {(_reader.Deduplicate ? "DISTINCT " : "")}caller, callee, start_s, duration, sms, cell FROM {Parsed} WHERE reason IS NULL AND NOT outside
        """);

    /// <summary>Accepted rows and their first and last start: <c>n, first_start, last_start</c>.</summary>
    public string CountEvents() => $"SELECT count(*) AS n, min(start_s) AS first_start, max(start_s) AS last_start FROM {Events}";

    /// <summary>Creates <see cref="Touching"/>: accepted rows with a member on either side.</summary>
    public string CreateTouching() => _d.CreateTempTable(Touching, $"""
        SELECT e.caller, e.callee, e.start_s, e.duration, e.sms, e.cell,
          c.number IS NOT NULL AS caller_member, d.number IS NOT NULL AS callee_member
        FROM {Events} e
          LEFT JOIN {Members} c ON e.caller = c.number
          LEFT JOIN {Members} d ON e.callee = d.number
        WHERE c.number IS NOT NULL OR d.number IS NOT NULL
        """);

    /// <summary>The count of <see cref="Touching"/>: <c>n</c>.</summary>
    public string CountTouching() => $"SELECT count(*) AS n FROM {Touching}";

    /// <summary>
    /// The non-member callers of members' CDRs that carry a cell: <c>number</c>. The engine keeps those on the home
    /// network (<see cref="Numbers.NumberPlan.IsHomeNetwork"/>, decided in .NET by the run's own plan) and uploads
    /// them as <see cref="HomeCallers"/>: the cell of such a CDR belongs to the caller, not to the member called.
    /// </summary>
    public string NonMemberCallers() => $"SELECT DISTINCT caller AS number FROM {Touching} WHERE NOT caller_member AND cell IS NOT NULL";

    /// <summary>
    /// Creates <see cref="Sides"/>: a member caller sees the callee and its own cell; a member callee sees the caller,
    /// and the cell only when the caller is neither a member nor on the home network (CallAggregator's rule).
    /// Each side row has its profile bin and whether it falls in working hours.
    /// </summary>
    public string CreateSides()
    {
        string hourOfDay = $"((start_s % {N(SecondsPerDay)} + {N(SecondsPerDay)}) % {N(SecondsPerDay)})";
        string day = _d.IntDiv($"start_s - {hourOfDay}", N(SecondsPerDay));
        // Days before 1970 are negative: shift by a multiple of 7 large enough for year 1 before taking the remainder.
        string dayOfWeek = $"(({day} + {N(EpochDayOfWeek)}) % 7 + 7) % 7";
        string hour = _d.IntDiv(hourOfDay, N(SecondsPerHour));
        string sides = $"""
            SELECT caller AS member, callee AS other, TRUE AS outgoing, start_s, duration, sms, cell
            FROM {Touching} WHERE caller_member
            UNION ALL
            SELECT t.callee, t.caller, FALSE, t.start_s, t.duration, t.sms,
              CASE WHEN NOT t.caller_member AND h.number IS NULL THEN t.cell END
            FROM {Touching} t LEFT JOIN {HomeCallers} h ON t.caller = h.number
            WHERE t.callee_member
            """;
        string timed = $"""
            SELECT member, other, outgoing, start_s, duration, sms, cell, {dayOfWeek} AS dow, {hour} AS hour FROM ({sides}) u
            """;
        return _d.CreateTempTable(Sides, $"""
            SELECT member, other, outgoing, start_s, duration, sms, cell,
              CASE WHEN dow >= 5 THEN 24 ELSE 0 END + hour AS bin,
              dow < 5 AND hour >= {N(_aggregation.WorkdayStartHour)} AND hour < {N(_aggregation.WorkdayEndHour)} AS work
            FROM ({timed}) w
            """);
    }

    /// <summary>Creates the cell keys of the members' cells: <c>cell, cell_key</c>, once per distinct text.</summary>
    public string CreateCellKeys() => _d.CreateTempTable(CellKeys, $"""
        SELECT cell, {_d.CellKey("cell")} AS cell_key FROM (SELECT DISTINCT cell FROM {Sides} WHERE cell IS NOT NULL) c
        """);

    /// <summary>The members' cells with their keys.</summary>
    public const string CellKeys = "cg_cell_keys";

    /// <summary>
    /// Pair rows: <c>member, other, out_calls, in_calls, out_sms, in_sms, work_events, seconds, first_start,
    /// last_start, cell_bits</c> (all BIGINT), one per (member, other party).
    /// </summary>
    public string SelectPairs() => $"""
        SELECT s.member, s.other,
          CAST(sum(CASE WHEN s.outgoing AND NOT s.sms THEN 1 ELSE 0 END) AS BIGINT) AS out_calls,
          CAST(sum(CASE WHEN NOT s.outgoing AND NOT s.sms THEN 1 ELSE 0 END) AS BIGINT) AS in_calls,
          CAST(sum(CASE WHEN s.outgoing AND s.sms THEN 1 ELSE 0 END) AS BIGINT) AS out_sms,
          CAST(sum(CASE WHEN NOT s.outgoing AND s.sms THEN 1 ELSE 0 END) AS BIGINT) AS in_sms,
          CAST(sum(CASE WHEN s.work THEN 1 ELSE 0 END) AS BIGINT) AS work_events,
          CAST(sum(s.duration) AS BIGINT) AS seconds,
          min(s.start_s) AS first_start, max(s.start_s) AS last_start,
          CAST({_d.BitOr($"CASE WHEN k.cell_key IS NULL THEN 0 ELSE {_d.CellBit("k.cell_key")} END")} AS BIGINT) AS cell_bits
        FROM {Sides} s LEFT JOIN {CellKeys} k ON s.cell = k.cell
        GROUP BY s.member, s.other
        """;

    /// <summary>Cell rows: <c>member, cell_key, events, work_events</c>, one per (member, own cell).</summary>
    public string SelectCells() => $"""
        SELECT s.member, k.cell_key, count(*) AS events, CAST(sum(CASE WHEN s.work THEN 1 ELSE 0 END) AS BIGINT) AS work_events
        FROM {Sides} s JOIN {CellKeys} k ON s.cell = k.cell
        GROUP BY s.member, k.cell_key
        """;

    /// <summary>Profile rows: <c>member, bin, events</c>, one per (member, bin 0-47) with events.</summary>
    public string SelectProfiles() => $"SELECT member, bin, count(*) AS events FROM {Sides} GROUP BY member, bin";

    /// <summary>A statement dropping the temporary table <paramref name="table"/> when it exists.</summary>
    public string Drop(string table) => _d.DropTable(table);

    /// <summary>The temporary tables the statements create, to drop when the run ends.</summary>
    public static IReadOnlyList<string> TempTables { get; } = [Parsed, Events, Touching, HomeCallers, Sides, CellKeys, Members];
}
