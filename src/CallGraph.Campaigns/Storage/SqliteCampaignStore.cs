using System.Globalization;
using Microsoft.Data.Sqlite;

namespace CallGraph.Campaigns.Storage;

/// <summary>
/// The embedded default store: one SQLite file in WAL mode with foreign keys on. Writers take the
/// write lock up front (<c>BEGIN IMMEDIATE</c>) and wait up to the busy timeout for another process,
/// so two processes can import at once and each transaction is all or nothing, even if the process dies.
/// </summary>
public sealed class SqliteCampaignStore : ICampaignStore
{
    /// <summary>How long a writer waits for another process's transaction before failing.</summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The SQLite <c>PRAGMA application_id</c> of a campaign store ("CGCS"). Stores written before it was
    /// set carry 0 and are recognised by their schema; opening one for writing stamps it.
    /// </summary>
    public const int ApplicationId = 0x43474353;

    private static readonly byte[] SqliteHeader = "SQLite format 3\0"u8.ToArray();

    private readonly SqliteConnection _connection;

    private SqliteCampaignStore(SqliteConnection connection, string path, bool readOnly)
    {
        _connection = connection;
        Path = path;
        IsReadOnly = readOnly;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Whether the store was opened with <see cref="OpenReadOnly"/>: reads work, writes are refused.</summary>
    public bool IsReadOnly { get; }

    /// <summary>The schema version this build writes; older files are migrated when opened.</summary>
    public static int SchemaVersion => SchemaMigrations.LatestVersion;

    /// <summary>
    /// Opens the store at <paramref name="path"/> for reading and writing, creating it if the path does not
    /// exist and migrating an older schema. An existing file must be a campaign store: an empty (0-byte)
    /// file, a file that is not SQLite, a foreign or damaged database, or one of a newer schema throws
    /// <see cref="CampaignException"/> and is left as it was.
    /// </summary>
    public static SqliteCampaignStore Open(string path, TimeSpan? busyTimeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var timeout = busyTimeout ?? DefaultBusyTimeout;
        bool existed = CheckExistingFile(path, mustExist: false);
        var connection = new SqliteConnection(ConnectionString(path, SqliteOpenMode.ReadWriteCreate, timeout));
        try
        {
            connection.Open();
            // The busy timeout comes first so that the pragmas below also wait for another process.
            Execute(connection, null, $"PRAGMA busy_timeout = {(long)timeout.TotalMilliseconds};");
            if (existed) CheckExisting(connection, path); // before the WAL switch writes to the file
            string mode = Scalar<string>(connection, null, "PRAGMA journal_mode = WAL;");
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                throw new CampaignException($"{path}: the store could not switch to WAL journaling (got '{mode}')");
            Execute(connection, null, "PRAGMA foreign_keys = ON;");
            var store = new SqliteCampaignStore(connection, path, readOnly: false);
            store.Migrate(existed);
            store.CheckSchema();
            return store;
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw new CampaignException($"{path}: cannot open the campaign store: {ex.Message}", ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens an existing store for reading only: nothing is written to the file or its folder (no journal
    /// switch, no migration), so a store on a read-only file, folder or medium can be listed and reported.
    /// The file must be a campaign store of the current schema; otherwise throws <see cref="CampaignException"/>.
    /// <see cref="Write{T}"/> on the returned store throws <see cref="CampaignException"/>.
    /// </summary>
    public static SqliteCampaignStore OpenReadOnly(string path, TimeSpan? busyTimeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var timeout = busyTimeout ?? DefaultBusyTimeout;
        CheckExistingFile(path, mustExist: true);
        try
        {
            return OpenReadOnlyWith(path, ConnectionString(path, SqliteOpenMode.ReadOnly, timeout), timeout);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 14 /* CANTOPEN */ or 8 /* READONLY */)
        {
            // A WAL store whose folder is read-only: SQLite cannot create the shared-memory file a reader
            // needs. Nobody can write it there either, so it is read as an immutable file.
            try
            {
                string uri = new Uri(System.IO.Path.GetFullPath(path)).AbsoluteUri + "?immutable=1";
                return OpenReadOnlyWith(path, ConnectionString(uri, SqliteOpenMode.ReadOnly, timeout), timeout);
            }
            catch (SqliteException again)
            {
                throw new CampaignException($"{path}: cannot open the campaign store for reading: {again.Message}", again);
            }
        }
        catch (SqliteException ex)
        {
            throw new CampaignException($"{path}: cannot open the campaign store for reading: {ex.Message}", ex);
        }
    }

    private static SqliteCampaignStore OpenReadOnlyWith(string path, string connectionString, TimeSpan timeout)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            Execute(connection, null, $"PRAGMA busy_timeout = {(long)timeout.TotalMilliseconds};");
            int version = CheckExisting(connection, path);
            var store = new SqliteCampaignStore(connection, path, readOnly: true);
            if (version < SchemaMigrations.LatestVersion)
                throw new CampaignException($"{path}: store schema version {version} is older than this program's ({SchemaMigrations.LatestVersion}) " +
                    "and cannot be upgraded while reading; run a command that changes the store (e.g. campaign close) where it is writable");
            return store;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Checks an existing file before anything is written to it: undamaged, not of a newer schema, not
    /// another program's, and with exactly the tables of its schema version. Returns that version.
    /// </summary>
    private static int CheckExisting(SqliteConnection connection, string path)
    {
        CheckIntegrity(connection, path);
        int version = (int)Scalar<long>(connection, null, "PRAGMA user_version;");
        if (version > SchemaMigrations.LatestVersion)
            throw new CampaignException($"{path}: store schema version {version} is newer than this program supports ({SchemaMigrations.LatestVersion}); upgrade callgraph");
        CheckApplicationId(connection, null, path);
        if (version == 0)
        {
            throw Scalar<long>(connection, null, "SELECT count(*) FROM sqlite_master WHERE type = 'table';") > 0
                ? NotAStore(path, "it has tables but no schema version")
                : NotAStore(path, "it is an SQLite database without the campaign schema");
        }
        if (!string.Equals(SchemaMigrations.Describe(connection), SchemaMigrations.ShapeAt(version), StringComparison.Ordinal))
            throw NotAStore(path, $"its tables are not those of schema version {version}");
        return version;
    }

    private static string ConnectionString(string dataSource, SqliteOpenMode mode, TimeSpan timeout) => new SqliteConnectionStringBuilder
    {
        DataSource = dataSource,
        Mode = mode,
        Pooling = false, // release the file when disposed: tests and short CLI runs delete or reopen it
        DefaultTimeout = (int)Math.Ceiling(timeout.TotalSeconds),
    }.ToString();

    /// <summary>
    /// Whether <paramref name="path"/> is an existing file; throws when it is a folder, an empty file or not
    /// an SQLite database, so such a file is never turned into a store.
    /// </summary>
    private static bool CheckExistingFile(string path, bool mustExist)
    {
        if (Directory.Exists(path)) throw new CampaignException($"{path}: is a folder, not a campaign store");
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            if (mustExist) throw new CampaignException($"{path}: no campaign store here");
            return false;
        }
        if (file.Length == 0) throw NotAStore(path, "it is an empty file; remove it or give another --db");
        var header = new byte[SqliteHeader.Length];
        int read;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        catch (IOException ex)
        {
            throw new CampaignException($"{path}: cannot read the campaign store: {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new CampaignException($"{path}: cannot read the campaign store: {ex.Message}", ex);
        }
        if (read < header.Length || !header.AsSpan().SequenceEqual(SqliteHeader)) throw NotAStore(path, "it is not an SQLite database");
        return true;
    }

    private static CampaignException NotAStore(string path, string why) => new($"{path}: not a campaign store ({why})");

    // Damaged pages are found before anything is written; the stores are small, so the check is cheap.
    private static void CheckIntegrity(SqliteConnection connection, string path)
    {
        string result = Scalar<string>(connection, null, "PRAGMA quick_check(1);");
        if (!string.Equals(result, "ok", StringComparison.Ordinal))
            throw new CampaignException($"{path}: the campaign store is damaged ({result})");
    }

    private static void CheckApplicationId(SqliteConnection connection, SqliteTransaction? tx, string path)
    {
        long id = Scalar<long>(connection, tx, "PRAGMA application_id;");
        if (id != 0 && id != ApplicationId)
            throw NotAStore(path, $"its SQLite application id is {id.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>The schema version of the open file (after migration, <see cref="SchemaVersion"/>).</summary>
    public int FileSchemaVersion => (int)Scalar<long>(_connection, null, "PRAGMA user_version;");

    private void Migrate(bool existed)
    {
        if (FileSchemaVersion == SchemaMigrations.LatestVersion
            && Scalar<long>(_connection, null, "PRAGMA application_id;") == ApplicationId) return;
        using var tx = _connection.BeginTransaction(deferred: false);
        // Read again under the write lock: another process may have migrated meanwhile.
        int version = (int)Scalar<long>(_connection, tx, "PRAGMA user_version;");
        if (version > SchemaMigrations.LatestVersion)
            throw new CampaignException($"{Path}: store schema version {version} is newer than this program supports ({SchemaMigrations.LatestVersion}); upgrade callgraph");
        CheckApplicationId(_connection, tx, Path);
        if (version == 0 && Scalar<long>(_connection, tx, "SELECT count(*) FROM sqlite_master WHERE type = 'table';") > 0)
            throw NotAStore(Path, "it has tables but no schema version");
        if (version == 0 && existed)
            throw NotAStore(Path, "it is an SQLite database without the campaign schema");
        for (int step = version; step < SchemaMigrations.LatestVersion; step++)
            Execute(_connection, tx, SchemaMigrations.Steps[step]);
        Execute(_connection, tx, $"PRAGMA user_version = {SchemaMigrations.LatestVersion};");
        Execute(_connection, tx, $"PRAGMA application_id = {ApplicationId};");
        tx.Commit();
    }

    /// <summary>The file's tables and columns must be those the migrations make: a damaged or hand-edited store is refused.</summary>
    private void CheckSchema()
    {
        string found = SchemaMigrations.Describe(_connection);
        if (!string.Equals(found, SchemaMigrations.ShapeAt(SchemaMigrations.LatestVersion), StringComparison.Ordinal))
            throw NotAStore(Path, $"its tables are not those of schema version {SchemaMigrations.LatestVersion}");
    }

    /// <inheritdoc />
    public T Read<T>(Func<ICampaignStoreReader, T> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var tx = _connection.BeginTransaction(deferred: true);
        var result = query(new Session(_connection, tx));
        tx.Commit();
        return result;
    }

    /// <inheritdoc />
    public T Write<T>(Func<ICampaignStoreWriter, T> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (IsReadOnly) throw new CampaignException($"{Path}: the store is open for reading only");
        using var tx = _connection.BeginTransaction(deferred: false);
        var result = change(new Session(_connection, tx));
        tx.Commit();
        return result; // disposing an uncommitted transaction (the callback threw) rolls it back
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _connection.Dispose();

    private static void Execute(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static T Scalar<T>(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), CultureInfo.InvariantCulture);
    }

    private sealed class Session(SqliteConnection connection, SqliteTransaction tx) : ICampaignStoreWriter
    {
        private const string CampaignColumns = "id, name, budget, starts_on, ends_on, status, created_at, created_by";
        private const string TargetColumns = "campaign_id, msisdn, group_id, operator, members_contacted, member_share, manager, outcome, revenue, cost, note";
        private const string TargetOrder = "ORDER BY member_share DESC, members_contacted DESC, msisdn";

        public Campaign? FindCampaign(long campaignId) =>
            Query($"SELECT {CampaignColumns} FROM campaigns WHERE id = $id;", ReadCampaign, ("$id", campaignId)).FirstOrDefault();

        public IReadOnlyList<Campaign> ListCampaigns() =>
            Query($"SELECT {CampaignColumns} FROM campaigns ORDER BY id;", ReadCampaign);

        public IReadOnlyList<Target> GetTargets(long campaignId)
        {
            // SQLite orders text by bytes, which for these digit strings is the ordinal order; re-sort in
            // .NET anyway so the order is the one documented by Target.PriorityOrder whatever the data.
            var targets = Query($"SELECT {TargetColumns} FROM targets WHERE campaign_id = $c {TargetOrder};", ReadTarget, ("$c", campaignId));
            return targets.Order(Target.PriorityOrder).ToList();
        }

        public Target? FindTarget(long campaignId, string msisdn) =>
            Query($"SELECT {TargetColumns} FROM targets WHERE campaign_id = $c AND msisdn = $m;", ReadTarget, ("$c", campaignId), ("$m", msisdn)).FirstOrDefault();

        public IReadOnlyDictionary<string, long> NumbersInOtherOpenCampaigns(long exceptCampaignId)
        {
            var rows = Query(
                "SELECT t.msisdn, min(t.campaign_id) FROM targets t JOIN campaigns c ON c.id = t.campaign_id " +
                "WHERE c.status = 'open' AND t.campaign_id <> $c GROUP BY t.msisdn;",
                r => (Msisdn: r.GetString(0), CampaignId: r.GetInt64(1)), ("$c", exceptCampaignId));
            return rows.ToDictionary(r => r.Msisdn, r => r.CampaignId, StringComparer.Ordinal);
        }

        public IReadOnlySet<string> WonNumbers() =>
            Query("SELECT DISTINCT msisdn FROM targets WHERE outcome = 'won';", r => r.GetString(0)).ToHashSet(StringComparer.Ordinal);

        public IReadOnlyList<AuditEntry> GetAudit(long campaignId) =>
            Query("SELECT id, at, actor, campaign_id, msisdn, action, detail FROM audit WHERE campaign_id = $c ORDER BY id;",
                r => new AuditEntry(r.GetInt64(0), ParseTime(r.GetString(1)), r.GetString(2), r.GetInt64(3),
                    r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5), r.GetString(6)),
                ("$c", campaignId));

        public long InsertCampaign(CampaignDraft draft, DateTimeOffset createdAt, string createdBy) =>
            Query("INSERT INTO campaigns (name, budget, starts_on, ends_on, status, created_at, created_by) " +
                  "VALUES ($name, $budget, $starts, $ends, 'open', $at, $by) RETURNING id;",
                r => r.GetInt64(0),
                ("$name", draft.Name), ("$budget", draft.Budget is { } b ? Amounts.ToText(b) : null),
                ("$starts", FormatDate(draft.StartsOn)), ("$ends", FormatDate(draft.EndsOn)),
                ("$at", FormatTime(createdAt)), ("$by", createdBy))[0];

        public void SetCampaignStatus(long campaignId, CampaignStatus status) =>
            NonQuery("UPDATE campaigns SET status = $s WHERE id = $c;", ("$s", StatusText(status)), ("$c", campaignId));

        public void InsertTarget(Target t) =>
            NonQuery($"INSERT INTO targets ({TargetColumns}) VALUES ($c, $m, $g, $op, $mc, $ms, $mgr, $o, $rev, $cost, $note);",
                ("$c", t.CampaignId), ("$m", t.Msisdn), ("$g", t.GroupId), ("$op", t.Operator), ("$mc", t.MembersContacted),
                ("$ms", t.MemberShare), ("$mgr", t.Manager), ("$o", OutcomeText(t.Outcome)),
                ("$rev", Amounts.ToText(t.Revenue)), ("$cost", Amounts.ToText(t.Cost)), ("$note", t.Note));

        public void SetManager(long campaignId, string msisdn, string? manager) =>
            NonQuery("UPDATE targets SET manager = $mgr WHERE campaign_id = $c AND msisdn = $m;",
                ("$mgr", manager), ("$c", campaignId), ("$m", msisdn));

        public void SetOutcome(long campaignId, string msisdn, TargetOutcome outcome, decimal revenue, decimal cost, string? note) =>
            NonQuery("UPDATE targets SET outcome = $o, revenue = $rev, cost = $cost, note = $note WHERE campaign_id = $c AND msisdn = $m;",
                ("$o", OutcomeText(outcome)), ("$rev", Amounts.ToText(revenue)), ("$cost", Amounts.ToText(cost)), ("$note", note),
                ("$c", campaignId), ("$m", msisdn));

        public void AppendAudit(DateTimeOffset at, string actor, long campaignId, string? msisdn, string action, string detail) =>
            NonQuery("INSERT INTO audit (at, actor, campaign_id, msisdn, action, detail) VALUES ($at, $actor, $c, $m, $action, $detail);",
                ("$at", FormatTime(at)), ("$actor", actor), ("$c", campaignId), ("$m", msisdn), ("$action", action), ("$detail", detail));

        private SqliteCommand Command(string sql, (string Name, object? Value)[] parameters)
        {
            var command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = sql;
            foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            return command;
        }

        private void NonQuery(string sql, params (string Name, object? Value)[] parameters)
        {
            using var command = Command(sql, parameters);
            command.ExecuteNonQuery();
        }

        private List<T> Query<T>(string sql, Func<SqliteDataReader, T> map, params (string Name, object? Value)[] parameters)
        {
            using var command = Command(sql, parameters);
            using var reader = command.ExecuteReader();
            var rows = new List<T>();
            while (reader.Read()) rows.Add(map(reader));
            return rows;
        }

        private static Campaign ReadCampaign(SqliteDataReader r) => new(
            r.GetInt64(0), r.GetString(1),
            r.IsDBNull(2) ? null : ParseAmount(r.GetString(2)),
            r.IsDBNull(3) ? null : DateOnly.ParseExact(r.GetString(3), "yyyy-MM-dd", CultureInfo.InvariantCulture),
            r.IsDBNull(4) ? null : DateOnly.ParseExact(r.GetString(4), "yyyy-MM-dd", CultureInfo.InvariantCulture),
            r.GetString(5) == "closed" ? CampaignStatus.Closed : CampaignStatus.Open,
            ParseTime(r.GetString(6)), r.GetString(7));

        private static Target ReadTarget(SqliteDataReader r) => new(
            r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4), r.GetDouble(5),
            r.IsDBNull(6) ? null : r.GetString(6),
            Outcomes.FromStored(r.IsDBNull(7) ? null : r.GetString(7)),
            ParseAmount(r.GetString(8)), ParseAmount(r.GetString(9)),
            r.IsDBNull(10) ? null : r.GetString(10));

        private static decimal ParseAmount(string text) =>
            Amounts.TryParseAny(text, out decimal value) ? value : throw new InvalidDataException($"bad amount '{text}' in the store");

        private static string? OutcomeText(TargetOutcome outcome) => outcome == TargetOutcome.None ? null : Outcomes.ToText(outcome);

        private static string StatusText(CampaignStatus status) => status == CampaignStatus.Closed ? "closed" : "open";

        private static string? FormatDate(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        private static string FormatTime(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

        private static DateTimeOffset ParseTime(string text) =>
            DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }
}
