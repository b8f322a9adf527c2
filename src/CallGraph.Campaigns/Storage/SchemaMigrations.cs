using Microsoft.Data.Sqlite;

namespace CallGraph.Campaigns.Storage;

/// <summary>
/// The SQLite schema as ordered steps. The file's <c>PRAGMA user_version</c> is the number of steps
/// applied; opening a store applies the missing ones in one transaction. Never edit a released step:
/// add a new one.
/// </summary>
internal static class SchemaMigrations
{
    public static readonly IReadOnlyList<string> Steps =
    [
        // 1: campaigns, their targets, and the audit trail.
        """
        CREATE TABLE campaigns (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            name        TEXT NOT NULL,
            budget      TEXT NULL,
            starts_on   TEXT NULL,
            ends_on     TEXT NULL,
            created_at  TEXT NOT NULL,
            created_by  TEXT NOT NULL
        );
        CREATE TABLE targets (
            campaign_id       INTEGER NOT NULL REFERENCES campaigns(id),
            msisdn            TEXT NOT NULL,
            group_id          TEXT NOT NULL,
            operator          TEXT NOT NULL,
            members_contacted INTEGER NOT NULL,
            member_share      REAL NOT NULL,
            manager           TEXT NULL,
            outcome           TEXT NULL,
            revenue           TEXT NOT NULL DEFAULT '0',
            cost              TEXT NOT NULL DEFAULT '0',
            PRIMARY KEY (campaign_id, msisdn)
        );
        CREATE TABLE audit (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            at          TEXT NOT NULL,
            actor       TEXT NOT NULL,
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
            msisdn      TEXT NULL,
            action      TEXT NOT NULL,
            detail      TEXT NOT NULL
        );
        """,
        // 2: campaigns can be closed (only open ones block a number); feedback carries a note;
        //    looking a number up across campaigns is indexed.
        """
        ALTER TABLE campaigns ADD COLUMN status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed'));
        ALTER TABLE targets ADD COLUMN note TEXT NULL;
        CREATE INDEX targets_by_msisdn ON targets (msisdn);
        CREATE INDEX audit_by_campaign ON audit (campaign_id, id);
        """,
    ];

    public static int LatestVersion => Steps.Count;

    /// <summary>The tables and columns the first <paramref name="version"/> steps make, as <see cref="Describe"/> writes them.</summary>
    public static string ShapeAt(int version)
    {
        lock (Shapes)
        {
            if (Shapes.TryGetValue(version, out string? shape)) return shape;
            using var memory = new SqliteConnection("Data Source=:memory:");
            memory.Open();
            foreach (string step in Steps.Take(version))
            {
                using var command = memory.CreateCommand();
                command.CommandText = step;
                command.ExecuteNonQuery();
            }
            return Shapes[version] = Describe(memory);
        }
    }

    private static readonly Dictionary<int, string> Shapes = [];

    /// <summary>The database's tables with their columns and types, one line per table, in name order.</summary>
    public static string Describe(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT m.name, c.name, c.type, c.\"notnull\", c.pk FROM sqlite_master m JOIN pragma_table_info(m.name) c " +
            "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, c.cid;";
        using var reader = command.ExecuteReader();
        var lines = new System.Text.StringBuilder();
        string? table = null;
        while (reader.Read())
        {
            string name = reader.GetString(0);
            if (name != table)
            {
                if (table is not null) lines.Append('\n');
                lines.Append(name).Append(':');
                table = name;
            }
            lines.Append(' ').Append(reader.GetString(1)).Append(' ').Append(reader.GetString(2))
                .Append(reader.GetInt64(3) != 0 ? " not null" : "").Append(reader.GetInt64(4) != 0 ? " pk" : "").Append(',');
        }
        if (table is not null) lines.Append('\n');
        return lines.ToString();
    }
}
