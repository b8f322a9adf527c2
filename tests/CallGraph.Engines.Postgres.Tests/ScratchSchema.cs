using Npgsql;
using NpgsqlTypes;

namespace CallGraph.Engines.Postgres.Tests;

/// <summary>
/// A schema of its own for one test in the configured database, first in the search path of
/// <see cref="ConnectionString"/>, dropped with everything in it when disposed. Tests run in parallel without
/// seeing each other's tables.
/// </summary>
internal sealed class ScratchSchema : IDisposable
{
    public ScratchSchema()
    {
        string server = PostgresFactAttribute.ConnectionString ?? throw new InvalidOperationException(PostgresFactAttribute.NotConfigured);
        Name = "cg_test_" + Guid.NewGuid().ToString("N");
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = Name }.ConnectionString;
        Execute($"CREATE SCHEMA {Name}");
    }

    /// <summary>The schema's name (lower case, no quoting needed).</summary>
    public string Name { get; }

    /// <summary>The configured server with this schema first in the search path.</summary>
    public string ConnectionString { get; }

    public NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public void Execute(string sql)
    {
        using var connection = Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public long Count(string table)
    {
        using var connection = Open();
        using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Creates <paramref name="table"/> with text columns named <paramref name="columns"/> (quoted as given).</summary>
    public void CreateTextTable(string table, IEnumerable<string> columns) =>
        Execute($"CREATE TABLE {table} ({string.Join(", ", columns.Select(c => PostgresDialect.Quote(c) + " text"))})");

    /// <summary>Loads CSV lines (no header) into <paramref name="table"/> with PostgreSQL's own CSV parser (text COPY).</summary>
    public void CopyCsv(string table, IEnumerable<string> lines)
    {
        using var connection = Open();
        using var writer = connection.BeginTextImport($"COPY {table} FROM STDIN (FORMAT csv)");
        foreach (string line in lines)
        {
            writer.Write(line);
            writer.Write('\n');
        }
    }

    /// <summary>Loads rows of text fields (null for SQL NULL) into <paramref name="table"/> by binary COPY.</summary>
    public void CopyRows(string table, IEnumerable<string?[]> rows)
    {
        using var connection = Open();
        using var importer = connection.BeginBinaryImport($"COPY {table} FROM STDIN (FORMAT binary)");
        foreach (var row in rows)
        {
            importer.StartRow();
            foreach (string? field in row)
            {
                if (field is null) importer.WriteNull();
                else importer.Write(field, NpgsqlDbType.Text);
            }
        }
        importer.Complete();
    }

    public void Dispose() => Execute($"DROP SCHEMA IF EXISTS {Name} CASCADE");
}
