namespace CallGraph.Engines.DuckDb;

/// <summary>How much of the machine the embedded DuckDB may use.</summary>
public sealed record DuckDbEngineOptions
{
    /// <summary>
    /// The default <see cref="MemoryLimit"/>: 1 GB. DuckDB holds the parsed CDRs and its hash tables under this
    /// limit and spills the rest to <see cref="TempDirectory"/>; a 10M-CDR month fits in it without spilling.
    /// </summary>
    public const string DefaultMemoryLimit = "1GB";

    /// <summary>DuckDB's <c>memory_limit</c> (e.g. <c>1GB</c>, <c>512MB</c>).</summary>
    public string MemoryLimit { get; init; } = DefaultMemoryLimit;

    /// <summary>Where DuckDB spills past the memory limit; null for a fresh folder under the system temp folder, removed after the run.</summary>
    public string? TempDirectory { get; init; }

    /// <summary>DuckDB's worker threads, or null for its default (the processor count).</summary>
    public int? Threads { get; init; }
}
