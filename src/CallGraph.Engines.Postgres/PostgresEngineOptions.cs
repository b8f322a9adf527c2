namespace CallGraph.Engines.Postgres;

/// <summary>How the PostgreSQL engine's session runs.</summary>
public sealed record PostgresEngineOptions
{
    /// <summary>
    /// How long one statement may run before the server is asked to cancel it; null (the default) for no limit, since
    /// the parse of a month of CDRs can take long. Overrides the connection string's <c>Command Timeout</c>.
    /// </summary>
    public TimeSpan? CommandTimeout { get; init; }

    /// <summary>
    /// The session's <c>work_mem</c> (e.g. <c>256MB</c>): the memory each sort or hash of the aggregation may use
    /// before it spills to disk; null keeps the server's setting.
    /// </summary>
    public string? WorkMem { get; init; }
}
