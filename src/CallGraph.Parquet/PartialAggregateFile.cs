using System.Globalization;
using System.Text;
using System.Text.Json;
using CallGraph.Aggregation;
using CallGraph.Ingest;
using CallGraph.Numbers;
using CallGraph.Rosters;
using Parquet;
using Parquet.Schema;

namespace CallGraph.Parquet;

/// <summary>What one partial aggregate file held besides its rows.</summary>
/// <param name="Settings">What the aggregate was made under.</param>
/// <param name="Ingest">The counts of the read that made it (no timing: <see cref="IngestReport.Elapsed"/> is zero).</param>
/// <param name="CdrsSeen">CDRs the aggregator was offered (<see cref="CallAggregate.CdrsSeen"/>).</param>
/// <param name="CdrsTouchingMembers">CDRs with a member on either side (<see cref="CallAggregate.CdrsTouchingMembers"/>).</param>
/// <param name="PairRows">Pair rows in the file.</param>
/// <param name="CellRows">Cell rows in the file.</param>
/// <param name="ProfileRows">Profile rows in the file.</param>
/// <param name="OperatorRows">Operator rows in the file (opaque ids whose network the CDRs' operator columns gave).</param>
public sealed record PartialAggregateInfo(PartialAggregateSettings Settings, IngestReport Ingest, long CdrsSeen, long CdrsTouchingMembers, long PairRows, long CellRows, long ProfileRows, long OperatorRows);

/// <summary>
/// A partial aggregate (<c>.cga</c>): the pair, cell and profile rows of one shard of a dump (a day, a file, a
/// region's share), keyed by member number, with the counts of the read that made it and the settings a merge needs.
/// Aggregate each shard on its own (<c>callgraph aggregate</c>), then merge any number of them exactly: rows combine
/// as <see cref="CallAggregate.Merge"/> combines them, counts add. The file is Parquet with one table of rows and
/// key-value metadata; <c>docs/aggregation.md</c> documents every column and key, so other tools can write or read it.
/// </summary>
public static class PartialAggregateFile
{
    /// <summary>The usual file extension.</summary>
    public const string Extension = ".cga";

    /// <summary>The version this release writes and reads; a file of another version is refused.</summary>
    public const int FormatVersion = 1;

    /// <summary>The value of the <c>callgraph.format</c> key that marks a partial aggregate.</summary>
    public const string FormatName = "callgraph-partial-aggregate";

    // Rows per Parquet row group. The writer holds a row group's columns and Parquet.Net's encoding buffers at once:
    // `aggregate` of a 2M-CDR world (237,641 pairs) peaked at 216 MB with 100,000-row groups and at 135-145 MB with
    // 20,000, while the file grew by 1.2% (9.78 -> 9.90 MB); 10,000 saved no more memory and grew it by 2.4%.
    private const int RowGroupRows = 20_000;

    private const string Key = "callgraph.";

    private static readonly DataField<string> RecordField = new("record", nullable: false);
    private static readonly DataField<string> MemberField = new("member", nullable: true);
    private static readonly DataField<string> OtherField = new("other", nullable: true);
    private static readonly DataField<ulong?> CellField = new("cell", nullable: true);
    private static readonly DataField<int?> BinField = new("bin", nullable: true);
    private static readonly DataField<int?> OutCallsField = new("out_calls", nullable: true);
    private static readonly DataField<int?> InCallsField = new("in_calls", nullable: true);
    private static readonly DataField<int?> OutSmsField = new("out_sms", nullable: true);
    private static readonly DataField<int?> InSmsField = new("in_sms", nullable: true);
    private static readonly DataField<int?> EventsField = new("events", nullable: true);
    private static readonly DataField<int?> WorkHourEventsField = new("work_hour_events", nullable: true);
    private static readonly DataField<long?> SecondsField = new("seconds", nullable: true);
    private static readonly DataField<long?> FirstStartField = new("first_start", nullable: true);
    private static readonly DataField<long?> LastStartField = new("last_start", nullable: true);
    private static readonly DataField<long?> CellSketchField = new("cell_sketch", nullable: true);
    private static readonly DataField<string> OperatorField = new("operator", nullable: true);

    private static readonly DataField[] Fields =
    [
        RecordField, MemberField, OtherField, CellField, BinField, OutCallsField, InCallsField, OutSmsField, InSmsField,
        EventsField, WorkHourEventsField, SecondsField, FirstStartField, LastStartField, CellSketchField, OperatorField,
    ];

    private const string Pair = "pair", Cell = "cell", Profile = "profile", Operator = "operator";

    /// <summary>
    /// Writes <paramref name="aggregate"/> and the counts of the read that made it. Each member number is written
    /// once, however many roster lines hold it (every line of a number has the same traffic). Rows come member by
    /// member in number order, so the same aggregate always gives the same bytes.
    /// </summary>
    /// <param name="stream">Where the file goes (written from start to end).</param>
    /// <param name="aggregate">The aggregate.</param>
    /// <param name="ingest">The read's counts.</param>
    /// <param name="plan">The plan the aggregate was made with (id kind, home operator).</param>
    /// <param name="aggregation">The working hours the aggregate was made with.</param>
    /// <param name="cancellationToken">Stops between row groups.</param>
    public static void Write(Stream stream, CallAggregate aggregate, IngestReport ingest, NumberPlan plan, AggregationOptions aggregation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(aggregate);
        ArgumentNullException.ThrowIfNull(ingest);
        var settings = PartialAggregateSettings.Of(aggregate.Roster, plan, aggregation);
        WriteAsync(stream, aggregate, ingest, settings, plan.Subscribers, cancellationToken).GetAwaiter().GetResult();
    }

    private static async Task WriteAsync(Stream stream, CallAggregate aggregate, IngestReport ingest, PartialAggregateSettings settings, SubscriberNetworks? subscribers, CancellationToken cancellationToken)
    {
        var roster = aggregate.Roster;
        var rows = new RowBuffer();
        long pairRows = 0, cellRows = 0, profileRows = 0;
        var metadata = new Dictionary<string, string>();
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(Fields), stream, cancellationToken: cancellationToken);
        foreach (int entry in PartialAggregateSettings.DistinctMembers(roster))
        {
            // A member's rows go into one row group (it may pass the size by a member's worth).
            var (pairs, cells, bins) = rows.AddMember(aggregate, entry);
            pairRows += pairs;
            cellRows += cells;
            profileRows += bins;
            if (rows.Count >= RowGroupRows) await rows.FlushAsync(writer, cancellationToken);
        }
        // Opaque ids: the networks the CDRs' operator columns gave, which the analysis needs and a merge cannot read again.
        long operatorRows = 0;
        if (subscribers is not null)
            foreach (var (id, code) in subscribers.OperatorsFromCdrs())
            {
                rows.AddOperator(id.CanonicalText(), subscribers.Operators.Names[code]);
                operatorRows++;
                if (rows.Count >= RowGroupRows) await rows.FlushAsync(writer, cancellationToken);
            }
        if (rows.Count > 0) await rows.FlushAsync(writer, cancellationToken);
        writer.CustomMetadata = Metadata(settings, ingest, aggregate.CdrsSeen, aggregate.CdrsTouchingMembers, pairRows, cellRows, profileRows, operatorRows);
    }

    /// <summary>The key-value metadata of a file (all values invariant text).</summary>
    private static Dictionary<string, string> Metadata(PartialAggregateSettings s, IngestReport i, long seen, long touching, long pairRows, long cellRows, long profileRows, long operatorRows)
    {
        static string N(long v) => v.ToString(CultureInfo.InvariantCulture);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Key + "format"] = FormatName,
            [Key + "format_version"] = N(FormatVersion),
            [Key + "ids"] = s.Ids == SubscriberIdKind.Opaque ? "opaque" : "phone",
            [Key + "workday"] = s.Workday,
            [Key + "home_operator"] = s.HomeOperator,
            [Key + "cell_key"] = s.CellKeyRule,
            [Key + "member_numbers"] = N(s.MemberNumbers),
            [Key + "roster_digest"] = s.RosterDigest,
            [Key + "rows_read"] = N(i.RowsRead),
            [Key + "rows_accepted"] = N(i.Accepted),
            [Key + "rows_rejected"] = N(i.Rejected),
            [Key + "rejects_by_reason"] = ReasonsJson(i.RejectsByReason),
            [Key + "duplicates"] = N(i.Duplicates),
            [Key + "not_checked_for_duplicates"] = N(i.NotCheckedForDuplicates),
            [Key + "outside_window"] = N(i.OutsideWindow),
            [Key + "first_start"] = i.FirstStart is long f ? N(f) : "",
            [Key + "last_start"] = i.LastStart is long l ? N(l) : "",
            [Key + "bytes_read"] = N(i.BytesRead),
            [Key + "cdrs_seen"] = N(seen),
            [Key + "cdrs_touching_members"] = N(touching),
            [Key + "pair_rows"] = N(pairRows),
            [Key + "cell_rows"] = N(cellRows),
            [Key + "profile_rows"] = N(profileRows),
            [Key + "operator_rows"] = N(operatorRows),
        };
    }

    private static string ReasonsJson(IReadOnlyDictionary<string, long> reasons)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var (reason, count) in reasons.OrderBy(r => r.Key, StringComparer.Ordinal)) w.WriteNumber(reason, count);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Columns of the rows not yet written, one row group's worth.</summary>
    private sealed class RowBuffer
    {
        private readonly List<string> _record = [];
        private readonly List<string?> _member = [], _other = [], _operator = [];
        private readonly List<ulong?> _cell = [];
        private readonly List<int?> _bin = [], _outCalls = [], _inCalls = [], _outSms = [], _inSms = [], _events = [], _work = [];
        private readonly List<long?> _seconds = [], _first = [], _last = [], _sketch = [];

        public int Count => _record.Count;

        /// <summary>Adds the pairs, cells and non-empty profile bins of the member of <paramref name="entry"/>; returns how many of each.</summary>
        public (int Pairs, int Cells, int Bins) AddMember(CallAggregate aggregate, int entry)
        {
            string member = aggregate.Roster.NumberOf(entry).CanonicalText();
            var pairs = aggregate.PairsOf(entry);
            foreach (ref readonly var p in pairs) AddPair(member, new PhoneNumber(p.Other).CanonicalText(), p);
            var cells = aggregate.CellsOf(entry);
            foreach (ref readonly var c in cells) AddCell(member, c);
            var profile = aggregate.ProfileOf(entry);
            int bins = 0;
            for (int bin = 0; bin < profile.Length; bin++)
            {
                if (profile[bin] == 0) continue;
                AddProfile(member, bin, profile[bin]);
                bins++;
            }
            return (pairs.Length, cells.Length, bins);
        }

        public void AddPair(string member, string other, in PairStats p) =>
            Add(Pair, member, other, null, null, p.OutCalls, p.InCalls, p.OutSms, p.InSms, null, p.WorkHourEvents, p.Seconds, p.First, p.Last, p.CellBits);

        public void AddCell(string member, in CellCount c) =>
            Add(Cell, member, null, c.Cell, null, null, null, null, null, c.Events, c.WorkHourEvents, null, null, null, null);

        public void AddProfile(string member, int bin, int events) =>
            Add(Profile, member, null, null, bin, null, null, null, null, events, null, null, null, null, null);

        public void AddOperator(string id, string operatorName)
        {
            Add(Operator, null, id, null, null, null, null, null, null, null, null, null, null, null, null);
            _operator[^1] = operatorName;
        }

        private void Add(string record, string? member, string? other, ulong? cell, int? bin, int? outCalls, int? inCalls, int? outSms, int? inSms,
            int? events, int? work, long? seconds, long? first, long? last, long? sketch)
        {
            _record.Add(record);
            _member.Add(member);
            _other.Add(other);
            _cell.Add(cell);
            _bin.Add(bin);
            _outCalls.Add(outCalls);
            _inCalls.Add(inCalls);
            _outSms.Add(outSms);
            _inSms.Add(inSms);
            _events.Add(events);
            _work.Add(work);
            _seconds.Add(seconds);
            _first.Add(first);
            _last.Add(last);
            _sketch.Add(sketch);
            _operator.Add(null);
        }

        public async Task FlushAsync(ParquetWriter writer, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using (var group = writer.CreateRowGroup())
            {
                await group.WriteAsync(RecordField, _record);
                await group.WriteAsync(MemberField, _member!);
                await group.WriteAsync(OtherField, _other!);
                await group.WriteAsync<ulong>(CellField, _cell.ToArray(), cancellationToken: cancellationToken);
                foreach (var (field, values) in new[] { (BinField, _bin), (OutCallsField, _outCalls), (InCallsField, _inCalls), (OutSmsField, _outSms), (InSmsField, _inSms), (EventsField, _events), (WorkHourEventsField, _work) })
                    await group.WriteAsync<int>(field, values.ToArray(), cancellationToken: cancellationToken);
                foreach (var (field, values) in new[] { (SecondsField, _seconds), (FirstStartField, _first), (LastStartField, _last), (CellSketchField, _sketch) })
                    await group.WriteAsync<long>(field, values.ToArray(), cancellationToken: cancellationToken);
                await group.WriteAsync(OperatorField, _operator!);
            }
            foreach (var list in new System.Collections.IList[] { _record, _member, _other, _cell, _bin, _outCalls, _inCalls, _outSms, _inSms, _events, _work, _seconds, _first, _last, _sketch, _operator })
                list.Clear();
        }
    }

    /// <summary>
    /// Reads a file's rows into <paramref name="builder"/> and returns its counts. The file must be of this format
    /// version and made under <paramref name="expected"/> (the settings of the run that merges it, see
    /// <see cref="PartialAggregateSettings.Of"/>).
    /// </summary>
    /// <param name="stream">The file (seekable: Parquet is read from its footer).</param>
    /// <param name="name">The file's name for messages.</param>
    /// <param name="builder">Receives the rows; a builder over the roster <paramref name="expected"/> was made from.</param>
    /// <param name="expected">The settings of the merging run.</param>
    /// <param name="subscribers">With opaque ids, the run's networks: receives the operators the file's CDRs gave in their operator columns.</param>
    /// <param name="cancellationToken">Stops between row groups.</param>
    /// <exception cref="DataException">The file is not a readable partial aggregate of this version, holds an impossible row, or was made under other settings; the message is one line naming the file.</exception>
    public static PartialAggregateInfo Read(Stream stream, string name, CallAggregateBuilder builder, PartialAggregateSettings expected, SubscriberNetworks? subscribers = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(expected);
        try
        {
            return ReadAsync(stream, name, builder, expected, subscribers, cancellationToken).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is not (DataException or OperationCanceledException))
        {
            throw new DataException(name, 0, 0, $"not a readable partial aggregate ({OneLine(ex.Message)})", ex);
        }
    }

    /// <summary>
    /// Merges partial aggregate files into the aggregate of all of them, for <paramref name="roster"/>, with the summed
    /// counts of the reads that made them (files in the given order).
    /// </summary>
    /// <exception cref="DataException">A file is unreadable, of another version, or made under other settings than this run's.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    public static EngineAggregation Merge(IReadOnlyList<string> paths, Roster roster, NumberPlan plan, AggregationOptions aggregation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0) throw new ArgumentException("at least one partial aggregate is needed", nameof(paths));
        var expected = PartialAggregateSettings.Of(roster, plan, aggregation);
        var builder = new CallAggregateBuilder(roster);
        var reports = new List<IngestReport>(paths.Count);
        foreach (string path in paths)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            reports.Add(Read(stream, path, builder, expected, plan.Subscribers, cancellationToken).Ingest);
        }
        return new EngineAggregation(builder.Build(), Sum(reports));
    }

    /// <summary>The counts of several reads as one: counts add, first start is the earliest, last the latest, files follow each other.</summary>
    public static IngestReport Sum(IReadOnlyList<IngestReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var reasons = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var r in reports)
            foreach (var (reason, count) in r.RejectsByReason) reasons[reason] = reasons.GetValueOrDefault(reason) + count;
        long? first = reports.Select(r => r.FirstStart).Where(s => s is not null).Min();
        long? last = reports.Select(r => r.LastStart).Where(s => s is not null).Max();
        return new IngestReport(reports.Sum(r => r.RowsRead), reports.Sum(r => r.Accepted), reports.Sum(r => r.Rejected), reports.Sum(r => r.Duplicates),
            reports.Sum(r => r.NotCheckedForDuplicates), reports.Sum(r => r.OutsideWindow), reasons, first, last, reports.Sum(r => r.BytesRead),
            reports.SelectMany(r => r.Files).ToList(), TimeSpan.FromTicks(reports.Sum(r => r.Elapsed.Ticks)));
    }

    private static string OneLine(string text)
    {
        int end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }

    private static async Task<PartialAggregateInfo> ReadAsync(Stream stream, string name, CallAggregateBuilder builder, PartialAggregateSettings expected, SubscriberNetworks? subscribers, CancellationToken cancellationToken)
    {
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new DataException(name, 0, 0, $"not a partial aggregate: not a readable Parquet file ({OneLine(ex.Message)})", ex);
        }
        await using (reader)
        {
            var meta = new MetadataReader(name, reader.CustomMetadata);
            if (meta.Text("format", required: false) != FormatName)
                throw new DataException(name, 0, 0, "not a partial aggregate: a Parquet file without the callgraph.format key (write one with `callgraph aggregate`)");
            long version = meta.Count("format_version");
            if (version != FormatVersion)
                throw new DataException(name, 0, 0, string.Create(CultureInfo.InvariantCulture, $"partial aggregate format version {version}; this release reads version {FormatVersion}"));
            var settings = meta.Settings();
            var differences = settings.DifferencesFrom(expected);
            if (differences.Count > 0) throw new DataException(name, 0, 0, "cannot merge: " + string.Join("; ", differences));

            var columns = FieldsOf(name, reader.Schema);
            var parser = new RowParser(name, builder, settings.Ids, subscribers);
            long unknownBefore = builder.UnknownMemberRows;
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var group = reader.OpenRowGroupReader(g);
                await parser.AddGroupAsync(group, columns, cancellationToken);
            }
            if (builder.UnknownMemberRows != unknownBefore)
                throw new DataException(name, 0, 0, string.Create(CultureInfo.InvariantCulture, $"{builder.UnknownMemberRows - unknownBefore} rows name members that are not on the roster its digest names: the file is damaged"));

            var ingest = meta.Ingest(name);
            var info = new PartialAggregateInfo(settings, ingest, meta.Count("cdrs_seen"), meta.Count("cdrs_touching_members"),
                meta.Count("pair_rows"), meta.Count("cell_rows"), meta.Count("profile_rows"), meta.Count("operator_rows"));
            if (info.PairRows != parser.Pairs || info.CellRows != parser.Cells || info.ProfileRows != parser.Profiles || info.OperatorRows != parser.Operators)
                throw new DataException(name, 0, 0, string.Create(CultureInfo.InvariantCulture,
                    $"the file is damaged: it holds {parser.Pairs} pair, {parser.Cells} cell, {parser.Profiles} profile and {parser.Operators} operator rows, its metadata says {info.PairRows}, {info.CellRows}, {info.ProfileRows} and {info.OperatorRows}"));
            if (info.CdrsTouchingMembers > info.CdrsSeen || info.CdrsSeen != ingest.Accepted)
                throw new DataException(name, 0, 0, "the file is damaged: its CDR counts disagree (touching members <= seen = accepted)");
            builder.AddCounts(info.CdrsSeen, info.CdrsTouchingMembers);
            return info;
        }
    }

    /// <summary>The file's data fields in <see cref="Fields"/> order; each must exist with the documented type.</summary>
    private static DataField[] FieldsOf(string name, ParquetSchema schema)
    {
        var present = schema.GetDataFields().ToDictionary(f => f.Name, StringComparer.Ordinal);
        var result = new DataField[Fields.Length];
        for (int i = 0; i < Fields.Length; i++)
        {
            var want = Fields[i];
            if (!present.TryGetValue(want.Name, out var have))
                throw new DataException(name, 0, 0, $"not a partial aggregate of version {FormatVersion}: column '{want.Name}' is missing");
            if (have.ClrType != want.ClrType || have.IsArray)
                throw new DataException(name, 0, 0, $"not a partial aggregate of version {FormatVersion}: column '{want.Name}' holds {have.ClrType.Name}, not {want.ClrType.Name}");
            result[i] = have;
        }
        return result;
    }

    /// <summary>Turns the rows of each row group into builder calls, checking every value.</summary>
    private sealed class RowParser(string name, CallAggregateBuilder builder, SubscriberIdKind ids, SubscriberNetworks? subscribers)
    {
        private long _row; // rows read so far, for messages (1-based in them)
        public long Pairs, Cells, Profiles, Operators;

        // Consecutive rows mostly share their member: parse its text once.
        private string? _lastMemberText;
        private PhoneNumber _lastMember;

        public async Task AddGroupAsync(ParquetRowGroupReader group, DataField[] f, CancellationToken cancellationToken)
        {
            int n = checked((int)group.RowCount);
            var record = await Strings(group, f[0], n, cancellationToken);
            var member = await Strings(group, f[1], n, cancellationToken);
            var other = await Strings(group, f[2], n, cancellationToken);
            var cell = await Values<ulong>(group, f[3], n, cancellationToken);
            var bin = await Values<int>(group, f[4], n, cancellationToken);
            var outCalls = await Values<int>(group, f[5], n, cancellationToken);
            var inCalls = await Values<int>(group, f[6], n, cancellationToken);
            var outSms = await Values<int>(group, f[7], n, cancellationToken);
            var inSms = await Values<int>(group, f[8], n, cancellationToken);
            var events = await Values<int>(group, f[9], n, cancellationToken);
            var work = await Values<int>(group, f[10], n, cancellationToken);
            var seconds = await Values<long>(group, f[11], n, cancellationToken);
            var first = await Values<long>(group, f[12], n, cancellationToken);
            var last = await Values<long>(group, f[13], n, cancellationToken);
            var sketch = await Values<long>(group, f[14], n, cancellationToken);
            var operatorName = await Strings(group, f[15], n, cancellationToken);
            for (int i = 0; i < n; i++)
            {
                _row++;
                if (record[i] == Operator)
                {
                    AddOperator(Party(other[i], "other"), operatorName[i]);
                    continue;
                }
                var who = Member(member[i]);
                try
                {
                    switch (record[i])
                    {
                        case Pair:
                            builder.AddPair(who, new PairStats
                            {
                                Other = Party(other[i], "other").Key,
                                OutCalls = Need(outCalls[i], "out_calls"),
                                InCalls = Need(inCalls[i], "in_calls"),
                                OutSms = Need(outSms[i], "out_sms"),
                                InSms = Need(inSms[i], "in_sms"),
                                WorkHourEvents = Need(work[i], "work_hour_events"),
                                Seconds = Need(seconds[i], "seconds"),
                                First = Unsigned(first[i], "first_start"),
                                Last = Unsigned(last[i], "last_start"),
                                CellBits = Unsigned(sketch[i], "cell_sketch"),
                            });
                            Pairs++;
                            break;
                        case Cell:
                            builder.AddCell(who, Need(cell[i], "cell"), Need(events[i], "events"), Need(work[i], "work_hour_events"));
                            Cells++;
                            break;
                        case Profile:
                            builder.AddProfile(who, Need(bin[i], "bin"), Need(events[i], "events"));
                            Profiles++;
                            break;
                        default:
                            throw Bad($"record '{record[i]}' is not pair, cell, profile or operator");
                    }
                }
                catch (ArgumentException ex)
                {
                    throw Bad(OneLine(ex.Message));
                }
            }
        }

        /// <summary>An operator row: the network the CDRs' operator columns gave an opaque id.</summary>
        private void AddOperator(PhoneNumber id, string? operatorName)
        {
            if (!id.IsOpaque) throw Bad("an operator row needs an opaque id");
            if (subscribers is null) throw Bad("an operator row needs the run's subscriber networks (--ids opaque)");
            if (string.IsNullOrEmpty(operatorName) || subscribers.Operators.CodeOf(operatorName) is not byte code || code == 0)
                throw Bad($"operator '{operatorName}' is not in this run's operator table");
            subscribers.AddFromCdrs(id, code);
            Operators++;
        }

        private DataException Bad(string reason) =>
            new(name, 0, 0, string.Create(CultureInfo.InvariantCulture, $"row {_row}: {reason}"));

        private T Need<T>(T? value, string column) where T : struct => value ?? throw Bad($"{column} is empty");

        private uint Unsigned(long? value, string column) =>
            Need(value, column) is long v && v is >= 0 and <= uint.MaxValue ? (uint)v : throw Bad($"{column} {value} is outside 0..{uint.MaxValue}");

        private PhoneNumber Member(string? text)
        {
            if (text is not null && text == _lastMemberText) return _lastMember;
            _lastMember = Party(text, "member");
            _lastMemberText = text;
            return _lastMember;
        }

        /// <summary>A party as the file writes it: canonical digits, or an opaque id's token.</summary>
        private PhoneNumber Party(string? text, string column)
        {
            if (string.IsNullOrEmpty(text)) throw Bad($"{column} is empty");
            if (ids == SubscriberIdKind.Opaque)
            {
                if (!SubscriberIds.TryIntern(Encoding.UTF8.GetBytes(text), out var id)) throw Bad($"{column} '{text}' is not a subscriber id");
                return id;
            }
            if (text.Length > PhoneNumber.MaxDigits || !text.All(char.IsAsciiDigit)) throw Bad($"{column} '{text}' is not a canonical number (1 to {PhoneNumber.MaxDigits} digits)");
            return PhoneNumber.FromDigitString(text);
        }

        private static async Task<string?[]> Strings(ParquetRowGroupReader group, DataField field, int n, CancellationToken cancellationToken)
        {
            var values = new string?[n];
            await group.ReadAsync(field, values.AsMemory()!, null, cancellationToken);
            return values;
        }

        private static async Task<T?[]> Values<T>(ParquetRowGroupReader group, DataField field, int n, CancellationToken cancellationToken) where T : struct
        {
            var values = new T?[n];
            await group.ReadAsync<T>(field, values.AsMemory(), null, cancellationToken);
            return values;
        }
    }

    /// <summary>The <c>callgraph.*</c> keys of a file, each checked as it is read.</summary>
    private sealed class MetadataReader(string name, IReadOnlyDictionary<string, string>? metadata)
    {
        public string? Text(string key, bool required = true)
        {
            if (metadata is not null && metadata.TryGetValue(Key + key, out var value)) return value;
            return required ? throw Missing(key) : null;
        }

        private DataException Missing(string key) => new(name, 0, 0, $"the file is damaged: metadata key {Key}{key} is missing");

        private DataException Invalid(string key, string value) => new(name, 0, 0, $"the file is damaged: metadata key {Key}{key} holds '{OneLine(value)}'");

        public long Count(string key)
        {
            string text = Text(key)!;
            return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long v) ? v : throw Invalid(key, text);
        }

        private long? OptionalTime(string key)
        {
            string text = Text(key)!;
            if (text.Length == 0) return null;
            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) ? v : throw Invalid(key, text);
        }

        public PartialAggregateSettings Settings()
        {
            string ids = Text("ids")!;
            var kind = ids switch { "phone" => SubscriberIdKind.Phone, "opaque" => SubscriberIdKind.Opaque, _ => throw Invalid("ids", ids) };
            string workday = Text("workday")!;
            var hours = workday.Split('-');
            if (hours.Length != 2 || !int.TryParse(hours[0], NumberStyles.None, CultureInfo.InvariantCulture, out int start)
                || !int.TryParse(hours[1], NumberStyles.None, CultureInfo.InvariantCulture, out int end)) throw Invalid("workday", workday);
            long members = Count("member_numbers");
            return new PartialAggregateSettings
            {
                Ids = kind,
                WorkdayStartHour = start,
                WorkdayEndHour = end,
                HomeOperator = Text("home_operator")!,
                CellKeyRule = Text("cell_key")!,
                MemberNumbers = members <= int.MaxValue ? (int)members : throw Invalid("member_numbers", members.ToString(CultureInfo.InvariantCulture)),
                RosterDigest = Text("roster_digest")!,
            };
        }

        public IngestReport Ingest(string fileName)
        {
            var reasons = new SortedDictionary<string, long>(StringComparer.Ordinal);
            string json = Text("rejects_by_reason")!;
            try
            {
                using var doc = JsonDocument.Parse(json);
                foreach (var property in doc.RootElement.EnumerateObject()) reasons[property.Name] = property.Value.GetInt64();
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
            {
                throw Invalid("rejects_by_reason", json);
            }
            long rowsRead = Count("rows_read"), accepted = Count("rows_accepted"), rejected = Count("rows_rejected"), duplicates = Count("duplicates"),
                outside = Count("outside_window"), bytes = Count("bytes_read");
            if (reasons.Values.Any(v => v < 0) || reasons.Values.Sum() != rejected)
                throw new DataException(name, 0, 0, "the file is damaged: its rejects by reason do not add up to its rejected rows");
            try
            {
                return new IngestReport(rowsRead, accepted, rejected, duplicates, Count("not_checked_for_duplicates"), outside, reasons,
                    OptionalTime("first_start"), OptionalTime("last_start"), bytes,
                    [new IngestFileReport(fileName, rowsRead, accepted, rejected, duplicates, outside, bytes)], TimeSpan.Zero);
            }
            catch (ArgumentException ex)
            {
                throw new DataException(name, 0, 0, "the file is damaged: " + OneLine(ex.Message));
            }
        }
    }
}
