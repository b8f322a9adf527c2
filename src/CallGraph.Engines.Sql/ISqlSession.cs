using System.Data.Common;

namespace CallGraph.Engines.Sql;

/// <summary>
/// One engine's connection as <see cref="SqlAggregation"/> uses it: run a statement, read a query's rows, and
/// upload a list of number keys as a temporary table. An engine implements it over its own ADO.NET driver.
/// </summary>
public interface ISqlSession
{
    /// <summary>Runs a statement that returns no rows.</summary>
    void Execute(string sql, CancellationToken cancellationToken);

    /// <summary>Runs a query; the caller reads and disposes the reader.</summary>
    DbDataReader Query(string sql, CancellationToken cancellationToken);

    /// <summary>Creates the temporary table <paramref name="table"/> with one BIGINT column <c>number</c> holding <paramref name="keys"/>.</summary>
    void UploadNumbers(string table, IEnumerable<long> keys, CancellationToken cancellationToken);
}
