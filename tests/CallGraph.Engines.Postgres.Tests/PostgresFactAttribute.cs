namespace CallGraph.Engines.Postgres.Tests;

/// <summary>
/// A test that needs a PostgreSQL server: <c>CALLGRAPH_POSTGRES_CONNECTION</c> names it. Without one the test is
/// skipped with the reason on a developer machine, and runs, and so fails, under <c>CI=true</c>, where
/// <c>.ci/postgres.sh start</c> sets the variable.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    /// <summary>The environment variable holding the Npgsql connection string.</summary>
    public const string Variable = "CALLGRAPH_POSTGRES_CONNECTION";

    /// <summary>Why a PostgreSQL test cannot run.</summary>
    public const string NotConfigured = "no PostgreSQL server configured (set " + Variable + ", e.g. eval \"$(.ci/postgres.sh start)\"; CI sets it)";

    /// <summary>Skips the test when no server is configured outside CI.</summary>
    public PostgresFactAttribute()
    {
        bool ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (ConnectionString is null && !ci) Skip = NotConfigured;
    }

    /// <summary>The configured connection string, or null.</summary>
    public static string? ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;
}
