using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Running;
using CallGraph.Benchmarks;

// dotnet run -c Release --project benchmarks/CallGraph.Benchmarks -- [--filter '*'] ...   BenchmarkDotNet (see README)
// dotnet run -c Release --project benchmarks/CallGraph.Benchmarks -- gate [...]            regression gate
// dotnet run -c Release --project benchmarks/CallGraph.Benchmarks -- phases DIR            where an analyze run spends time and memory
// dotnet run -c Release --project benchmarks/CallGraph.Benchmarks -- duckdb-sql DIR [LIMIT] the duckdb engine's aggregation SQL alone
// dotnet run -c Release --project benchmarks/CallGraph.Benchmarks -- analyst-sql DIR [OUT]   the analyst's plain DuckDB job
if (args.Length > 0 && args[0] == "gate") return Gate.Run(args[1..]);
if (args.Length > 0 && args[0] == "phases") return Phases.Run(args[1..]);
if (args.Length > 0 && args[0] == "duckdb-sql") return DuckDbSqlJob.Run(args[1..]);
if (args.Length > 0 && args[0] == "analyst-sql") return AnalystSqlJob.Run(args[1..]);

var config = ManualConfig.Create(DefaultConfig.Instance)
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddExporter(JsonExporter.Full)
    .AddColumn(new ThroughputColumn());
BenchmarkSwitcher.FromAssembly(typeof(BenchData).Assembly).Run(args, config);
return 0;
