using CallGraph.Campaigns.Storage;
using Microsoft.Data.Sqlite;

namespace CallGraph.Campaigns.Tests;

public class StoreTests
{
    // The schema as version 1 shipped it, written out here on purpose: the test must not depend on the
    // migration code it checks.
    private const string VersionOneSchema = """
        CREATE TABLE campaigns (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, budget TEXT NULL,
            starts_on TEXT NULL, ends_on TEXT NULL, created_at TEXT NOT NULL, created_by TEXT NOT NULL);
        CREATE TABLE targets (campaign_id INTEGER NOT NULL REFERENCES campaigns(id), msisdn TEXT NOT NULL,
            group_id TEXT NOT NULL, operator TEXT NOT NULL, members_contacted INTEGER NOT NULL, member_share REAL NOT NULL,
            manager TEXT NULL, outcome TEXT NULL, revenue TEXT NOT NULL DEFAULT '0', cost TEXT NOT NULL DEFAULT '0',
            PRIMARY KEY (campaign_id, msisdn));
        CREATE TABLE audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL,
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id), msisdn TEXT NULL, action TEXT NOT NULL, detail TEXT NOT NULL);
        INSERT INTO campaigns VALUES (7, 'legacy', '900.5', '2025-01-01', NULL, '2025-01-01T08:00:00.0000000Z', 'old');
        INSERT INTO targets VALUES (7, '13900000001', 'G1', 'unicom', 4, 0.4, 'alice', 'won', '120', '30');
        INSERT INTO audit VALUES (1, '2025-01-01T08:00:00.0000000Z', 'old', 7, NULL, 'campaign.create', 'name=legacy');
        PRAGMA user_version = 1;
        """;

    private static void RunSql(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static T Pragma<T>(string path, string pragma)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {pragma};";
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void A_new_store_is_at_the_latest_version_in_WAL_mode()
    {
        using var dir = new TempDir();
        string path = dir.File("new.db");
        using var store = SqliteCampaignStore.Open(path);
        Assert.Equal(SqliteCampaignStore.SchemaVersion, store.FileSchemaVersion);
        Assert.Equal("wal", Pragma<string>(path, "journal_mode"));
        Assert.Equal(2, SqliteCampaignStore.SchemaVersion);
    }

    [Fact]
    public void A_version_one_store_is_migrated_keeping_its_data()
    {
        using var dir = new TempDir();
        string path = dir.File("v1.db");
        RunSql(path, VersionOneSchema);

        using (var store = SqliteCampaignStore.Open(path))
        {
            Assert.Equal(2, store.FileSchemaVersion);
            var workflow = new CampaignWorkflow(store, new FixedClock(StoreFixture.Now));
            var campaign = workflow.GetCampaign(7);
            Assert.Equal(("legacy", 900.5m, new DateOnly(2025, 1, 1), CampaignStatus.Open, "old"),
                (campaign.Name, campaign.Budget, campaign.StartsOn!.Value, campaign.Status, campaign.CreatedBy));
            var target = Assert.Single(workflow.GetTargets(7));
            Assert.Equal(new Target(7, "13900000001", "G1", "unicom", 4, 0.4, "alice", TargetOutcome.Won, 120m, 30m, null), target);
            Assert.Single(workflow.GetAudit(7));

            // What version 2 added works on the migrated data.
            workflow.RecordFeedback(7, [new FeedbackEntry("13900000001", TargetOutcome.Won, 120m, 30m, "kept")], "new");
            Assert.Equal(CampaignStatus.Closed, workflow.Close(7, "new").Status);
            Assert.Equal(8, workflow.Create(new CampaignDraft("next"), "new").Id);
        }
        using (var reopened = SqliteCampaignStore.Open(path))
        {
            Assert.Equal("kept", new CampaignWorkflow(reopened).GetTargets(7)[0].Note);
        }
    }

    [Fact]
    public void A_store_from_a_newer_program_or_a_foreign_database_is_refused()
    {
        using var dir = new TempDir();
        string newer = dir.File("newer.db");
        RunSql(newer, "CREATE TABLE t (x); PRAGMA user_version = 99;");
        Assert.Contains("schema version 99 is newer", Assert.Throws<CampaignException>(() => SqliteCampaignStore.Open(newer)).Message);

        string foreign = dir.File("foreign.db");
        RunSql(foreign, "CREATE TABLE t (x);");
        Assert.Contains("not a campaign store", Assert.Throws<CampaignException>(() => SqliteCampaignStore.Open(foreign)).Message);

        string garbage = dir.File("garbage.db");
        File.WriteAllText(garbage, "this is not sqlite at all, just text that is long enough to have a header......");
        Assert.Throws<CampaignException>(() => SqliteCampaignStore.Open(garbage));
    }

    [Fact]
    public void Foreign_keys_are_enforced_and_a_failed_write_rolls_back()
    {
        using var dir = new TempDir();
        using var store = SqliteCampaignStore.Open(dir.File("fk.db"));
        Assert.Throws<SqliteException>(() => store.Write(w =>
        {
            w.InsertTarget(new Target(42, "13900000001", "G1", "unicom", 1, 0.5, null, TargetOutcome.None, 0, 0, null));
            return 0;
        }));

        Assert.Throws<InvalidOperationException>(() => store.Write<long>(w =>
        {
            w.InsertCampaign(new CampaignDraft("half"), StoreFixture.Now, "t");
            throw new InvalidOperationException("boom");
        }));
        Assert.Empty(store.Read(r => r.ListCampaigns()));
    }

    [Fact]
    public void An_empty_file_is_refused_and_left_empty()
    {
        using var dir = new TempDir();
        string empty = dir.File("empty.db");
        File.WriteAllBytes(empty, []);
        var error = Assert.Throws<CampaignException>(() => SqliteCampaignStore.Open(empty));
        Assert.Equal($"{empty}: not a campaign store (it is an empty file; remove it or give another --db)", error.Message);
        Assert.Equal(0, new FileInfo(empty).Length);
        Assert.Throws<CampaignException>(() => SqliteCampaignStore.OpenReadOnly(empty));
    }

    [Theory]
    [InlineData("PRAGMA user_version = 2;")] // a version but none of the tables
    [InlineData("CREATE TABLE campaigns (id INTEGER PRIMARY KEY, name TEXT); PRAGMA user_version = 2;")] // a table cut short
    [InlineData("PRAGMA application_id = 1234; PRAGMA user_version = 1;")] // another program's database
    [InlineData("PRAGMA journal_mode = WAL;")] // an SQLite database without any schema
    public void A_database_that_is_not_a_campaign_store_is_refused_and_not_changed(string sql)
    {
        using var dir = new TempDir();
        string path = dir.File("odd.db");
        RunSql(path, sql + " CREATE TABLE IF NOT EXISTS keep (x);");
        // Written by the test from what it created: the store must not touch it.
        byte[] before = File.ReadAllBytes(path);
        var error = Assert.Throws<CampaignException>(() => SqliteCampaignStore.Open(path));
        Assert.StartsWith($"{path}: not a campaign store (", error.Message);
        Assert.Throws<CampaignException>(() => SqliteCampaignStore.OpenReadOnly(path));
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_damaged_store_is_refused()
    {
        using var dir = new TempDir();
        string path = dir.File("damaged.db");
        using (var store = SqliteCampaignStore.Open(path))
        {
            var workflow = new CampaignWorkflow(store);
            long id = workflow.Create(new CampaignDraft("c"), "t").Id;
            workflow.Select(id, Enumerable.Range(0, 400).Select(i => new Prospect("G1", (13900000000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), "unicom", 3, 0.3)),
                new TargetCriteria(), "t");
        }
        RunSql(path, "PRAGMA wal_checkpoint(TRUNCATE);");
        // Scribble over the middle of the file (past the header): pages of the targets table.
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 16384);
        for (int i = 4096 + 100; i < bytes.Length - 4096; i += 7) bytes[i] = 0x5A;
        File.WriteAllBytes(path, bytes);
        Assert.Throws<CampaignException>(() => SqliteCampaignStore.Open(path));
        Assert.Throws<CampaignException>(() => SqliteCampaignStore.OpenReadOnly(path));
    }

    [Fact]
    public void A_new_store_carries_the_application_id_and_an_old_one_is_stamped()
    {
        using var dir = new TempDir();
        string path = dir.File("new.db");
        SqliteCampaignStore.Open(path).Dispose();
        Assert.Equal(SqliteCampaignStore.ApplicationId, Pragma<long>(path, "application_id"));

        string old = dir.File("v1.db");
        RunSql(old, VersionOneSchema);
        SqliteCampaignStore.Open(old).Dispose();
        Assert.Equal(SqliteCampaignStore.ApplicationId, Pragma<long>(old, "application_id"));
    }

    [Fact]
    public void A_store_opened_read_only_reads_without_writing_and_refuses_writes()
    {
        using var dir = new TempDir();
        string path = dir.File("ro.db");
        using (var store = SqliteCampaignStore.Open(path))
            new CampaignWorkflow(store).Create(new CampaignDraft("kept"), "t");
        byte[] before = File.ReadAllBytes(path);
        using (var store = SqliteCampaignStore.OpenReadOnly(path))
        {
            Assert.True(store.IsReadOnly);
            var workflow = new CampaignWorkflow(store);
            Assert.Equal("kept", Assert.Single(workflow.List()).Campaign.Name);
            Assert.Contains("reading only", Assert.Throws<CampaignException>(() => workflow.Create(new CampaignDraft("x"), "t")).Message);
        }
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_store_in_a_read_only_folder_can_be_read()
    {
        using var dir = new TempDir();
        string folder = Path.Combine(dir.Path, "ro");
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, "ro.db");
        using (var store = SqliteCampaignStore.Open(path))
            new CampaignWorkflow(store).Create(new CampaignDraft("kept"), "t");
        using (ReadOnlyFiles.Lock(path, folder))
        {
            Assert.Throws<CampaignException>(() => SqliteCampaignStore.Open(path));
            using var store = SqliteCampaignStore.OpenReadOnly(path);
            Assert.Equal("kept", Assert.Single(new CampaignWorkflow(store).List()).Campaign.Name);
        }
    }
}
