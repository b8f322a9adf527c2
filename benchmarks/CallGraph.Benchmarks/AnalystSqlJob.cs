using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;

namespace CallGraph.Benchmarks;

/// <summary>
/// "The analyst's DuckDB SQL job" that the performance targets compare <c>analyze</c> with: the plain SQL an
/// analyst without CallGraph writes over a world folder (cdr.csv, members.csv, prefixes.csv). It joins the CDRs
/// with the roster, counts each member's colleagues, applies the 10% rule to competitor numbers and computes each
/// group's share of our network among its outside contacts, and writes the three results as CSV. It does none of
/// what CallGraph adds (number normalisation, rejects, duplicates, hour profiles, cells, fake-member scores), so it
/// is the lower bound of what the same question costs in DuckDB. DuckDB runs in memory with all cores.
/// </summary>
public static class AnalystSqlJob
{
    /// <summary>The job's SQL; {cdr}, {members}, {prefixes}: the world's files; {out} the output folder; {ours} our operator.</summary>
    public const string Sql = """
        CREATE TEMP TABLE members AS
            SELECT group_id, msisdn FROM read_csv('{members}', header = true, all_varchar = true);
        CREATE TEMP TABLE prefixes AS
            SELECT prefix, operator FROM read_csv('{prefixes}', header = true, all_varchar = true);
        -- each CDR seen from both parties; the side that is on a roster keeps it
        CREATE TEMP TABLE pairs AS
            SELECT m.group_id, m.msisdn AS member, c.other, count(*) AS calls, sum(c.duration_s) AS seconds
            FROM (
                SELECT CASE WHEN s.out THEN caller ELSE callee END AS party,
                       CASE WHEN s.out THEN callee ELSE caller END AS other,
                       duration_s
                FROM read_csv('{cdr}', header = true,
                              columns = {'caller': 'VARCHAR', 'callee': 'VARCHAR', 'start_time': 'VARCHAR',
                                         'duration_s': 'BIGINT', 'type': 'VARCHAR', 'cell_id': 'VARCHAR'}),
                     (VALUES (true), (false)) s(out)
            ) c
            JOIN members m ON m.msisdn = c.party
            GROUP BY ALL;
        -- the operator of every other party by its 4- or 3-digit prefix
        CREATE TEMP TABLE others AS
            SELECT o.other, coalesce(f4.operator, f3.operator) AS operator
            FROM (SELECT DISTINCT other FROM pairs) o
            LEFT JOIN prefixes f4 ON f4.prefix = left(o.other, 4)
            LEFT JOIN prefixes f3 ON f3.prefix = left(o.other, 3);
        CREATE TEMP TABLE rosters AS SELECT group_id, count(*) AS roster FROM members GROUP BY ALL;
        COPY (
            SELECT p.group_id, p.member, count(m.msisdn) AS colleagues, sum(p.calls) AS calls
            FROM pairs p LEFT JOIN members m ON m.msisdn = p.other AND m.group_id = p.group_id
            GROUP BY ALL ORDER BY ALL
        ) TO '{out}/colleagues.csv' (HEADER);
        COPY (
            SELECT p.group_id, p.other, o.operator, count(*) AS members_reached, r.roster
            FROM pairs p JOIN others o USING (other) JOIN rosters r USING (group_id)
            WHERE o.operator IS NOT NULL AND o.operator <> '{ours}'
            GROUP BY ALL HAVING count(*) > 0.1 * r.roster ORDER BY ALL
        ) TO '{out}/prospects.csv' (HEADER);
        COPY (
            SELECT p.group_id, avg(CASE WHEN o.operator = '{ours}' THEN 1.0 ELSE 0.0 END) AS share, count(*) AS contacts
            FROM (SELECT group_id, other FROM pairs GROUP BY ALL HAVING count(*) >= 2) p
            JOIN others o USING (other)
            WHERE p.other NOT IN (SELECT msisdn FROM members)
            GROUP BY ALL ORDER BY ALL
        ) TO '{out}/shares.csv' (HEADER);
        """;

    /// <summary>Runs the job: <c>analyst-sql WORLD_DIR [OUT_DIR]</c>; prints the wall time.</summary>
    public static int Run(string[] args)
    {
        if (args.Length < 1) { Console.Error.WriteLine("usage: analyst-sql WORLD_DIR [OUT_DIR]"); return 2; }
        string dir = Path.GetFullPath(args[0]);
        string output = Path.GetFullPath(args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "callgraph-analyst-sql"));
        Directory.CreateDirectory(output);
        var clock = Stopwatch.StartNew();
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = Sql
            .Replace("{cdr}", Path.Combine(dir, "cdr.csv"), StringComparison.Ordinal)
            .Replace("{members}", Path.Combine(dir, "members.csv"), StringComparison.Ordinal)
            .Replace("{prefixes}", Path.Combine(dir, "prefixes.csv"), StringComparison.Ordinal)
            .Replace("{out}", output, StringComparison.Ordinal)
            .Replace("{ours}", "cmcc", StringComparison.Ordinal);
        command.ExecuteNonQuery();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"analyst-sql: {clock.Elapsed.TotalSeconds:0.00} s, results in {output}"));
        return 0;
    }
}
