using System.Text;
using CallGraph.Ingest;

namespace CallGraph.Engines.ClickHouse.Tests;

/// <summary>
/// A test that needs ClickHouse: it runs when the servers of <see cref="ClickHouseServers"/> answer, is skipped with the
/// reason when none does and <c>CI</c> is not set (a developer machine without ClickHouse), and runs, and so fails,
/// under <c>CI=true</c>, where <c>.ci/run</c> starts a two-shard cluster (<c>.ci/clickhouse.sh</c>).
/// </summary>
public sealed class ClickHouseFactAttribute : FactAttribute
{
    /// <summary>Skips the test when no server answers outside CI.</summary>
    public ClickHouseFactAttribute()
    {
        bool ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!ci && ClickHouseServers.Unreachable is { } why) Skip = why;
    }
}

/// <summary>
/// The servers the tests use: <c>CALLGRAPH_CLICKHOUSE_URLS</c> (comma-separated, one per shard of
/// <c>CALLGRAPH_CLICKHOUSE_CLUSTER</c>, the first one queried), else <c>CALLGRAPH_CLICKHOUSE_URL</c> alone, else
/// <c>http://127.0.0.1:8123</c>; as <c>.ci/clickhouse.sh env</c> prints them.
/// </summary>
internal static class ClickHouseServers
{
    public static IReadOnlyList<Uri> Urls { get; } =
        (Environment.GetEnvironmentVariable("CALLGRAPH_CLICKHOUSE_URLS") is { Length: > 0 } many ? many
            : Environment.GetEnvironmentVariable("CALLGRAPH_CLICKHOUSE_URL") is { Length: > 0 } one ? one
            : "http://127.0.0.1:8123")
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(u => new Uri(u)).ToArray();

    public static string Cluster { get; } = Environment.GetEnvironmentVariable("CALLGRAPH_CLICKHOUSE_CLUSTER") is { Length: > 0 } c ? c : "callgraph_cluster";

    public static HttpClient Http { get; } = new() { Timeout = TimeSpan.FromMinutes(5) };

    private static readonly Lazy<string?> Probe = new(() =>
    {
        using var quick = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        foreach (var url in Urls)
        {
            try
            {
                using var response = quick.GetAsync(new Uri(url, "?query=SELECT%201")).GetAwaiter().GetResult();
                if (!response.IsSuccessStatusCode) return $"ClickHouse at {url} answered {(int)response.StatusCode} (start servers with .ci/clickhouse.sh start)";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return $"no ClickHouse server answers at {url} (start two with .ci/clickhouse.sh start and export what it prints; .ci/run does it on CI)";
            }
        }
        return null;
    });

    /// <summary>Why the tests cannot reach the servers, or null when every one answers.</summary>
    public static string? Unreachable => Probe.Value;
}

/// <summary>
/// A throw-away database on every server with a CDR table: a local MergeTree table of raw <c>String</c> columns on each
/// server (each a shard) and, with two or more servers, a <c>Distributed</c> table over the cluster on the first.
/// <see cref="Table"/> is what the engine reads.
/// </summary>
internal sealed class CdrTables : IDisposable
{
    private static int _serial;
    private readonly ClickHouseHttp[] _servers;

    /// <param name="columns">Column names, all of type String.</param>
    /// <param name="engine">The local tables' engine; Memory stores column names longer than a file name may be.</param>
    public CdrTables(IReadOnlyList<string> columns, string engine = "MergeTree ORDER BY tuple()")
    {
        Columns = columns;
        Database = $"callgraph_test_{Environment.ProcessId}_{Interlocked.Increment(ref _serial)}";
        _servers = ClickHouseServers.Urls.Select(u => new ClickHouseHttp(ClickHouseServers.Http, u)).ToArray();
        string definition = string.Join(", ", columns.Select(c => CdrSql.Quote(c) + " String"));
        foreach (var server in _servers)
        {
            server.Execute($"DROP DATABASE IF EXISTS {Database}");
            server.Execute($"CREATE DATABASE {Database}");
            server.Execute($"CREATE TABLE {Database}.cdr_local ({definition}) ENGINE = {engine}");
        }
        if (_servers.Length > 1)
            _servers[0].Execute($"CREATE TABLE {Database}.cdr AS {Database}.cdr_local ENGINE = Distributed({ClickHouseServers.Cluster}, {Database}, cdr_local)");
        Table = _servers.Length > 1 ? $"{Database}.cdr" : $"{Database}.cdr_local";
    }

    public IReadOnlyList<string> Columns { get; }

    public string Database { get; }

    /// <summary>The table the engine reads: the Distributed table, or the only local one.</summary>
    public string Table { get; }

    /// <summary>Shards the rows go to.</summary>
    public int ShardCount => _servers.Length;

    /// <summary>Inserts each row (its fields in <see cref="Columns"/> order) into the local table of shard <paramref name="shardOf"/>(row index).</summary>
    public void Load(IReadOnlyList<string[]> rows, Func<int, int> shardOf)
    {
        var batches = _servers.Select(_ => new StringBuilder()).ToArray();
        for (int i = 0; i < rows.Count; i++)
        {
            var text = batches[shardOf(i) % _servers.Length];
            text.AppendJoin('\t', rows[i].Select(EscapeTsv)).Append('\n');
        }
        for (int s = 0; s < _servers.Length; s++)
            if (batches[s].Length > 0) _servers[s].Insert($"{Database}.cdr_local", Encoding.UTF8.GetBytes(batches[s].ToString()));
    }

    private static string EscapeTsv(string field) =>
        field.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    public ClickHouseEngine Engine(CdrColumnMap? columns = null) => new(ClickHouseServers.Urls[0], Table, columns, ClickHouseServers.Http);

    public void Dispose()
    {
        foreach (var server in _servers)
        {
            try { server.Execute($"DROP DATABASE IF EXISTS {Database}"); }
            catch (Exception e) when (e is ClickHouseException or HttpRequestException) { } // a server that went away keeps nothing worth cleaning
        }
    }
}
