using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace CallGraph.Benchmarks;

/// <summary>MB/s for benchmarks whose operation is one MiB (names ending in PerMiB).</summary>
public sealed class ThroughputColumn : IColumn
{
    public string Id => nameof(ThroughputColumn);

    public string ColumnName => "MB/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Megabytes (2^20 bytes) of CDR text per second, for benchmarks measured per MiB";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (!benchmarkCase.Descriptor.WorkloadMethod.Name.EndsWith("PerMiB", StringComparison.Ordinal)) return "-";
        var report = summary[benchmarkCase];
        double? mean = report?.ResultStatistics?.Mean;
        return mean is double ns && ns > 0 ? (1e9 / ns).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "?";
    }
}
