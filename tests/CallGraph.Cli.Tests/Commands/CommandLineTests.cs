using System.CommandLine;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using CallGraph.Cli.Infrastructure;
using CallGraph.Cli.Tests.Hardening;

namespace CallGraph.Cli.Tests.Commands;

/// <summary>The command line itself: parse errors and typo suggestions, value errors, --version and completion.</summary>
public class CommandLineTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliRun.Run(args);

    /// <summary>Every option of the tree with the command path that reaches it.</summary>
    private static IEnumerable<(string[] Path, Option Option)> AllOptions()
    {
        var stack = new Stack<(string[] Path, Command Command)>();
        stack.Push(([], CliApp.BuildRoot()));
        while (stack.Count > 0)
        {
            var (path, command) = stack.Pop();
            foreach (var option in command.Options) yield return (path, option);
            foreach (var sub in command.Subcommands) stack.Push(([.. path, sub.Name], sub));
        }
    }

    [Fact]
    public void A_mistyped_command_gets_system_commandlines_suggestion_on_stderr_and_exit_2()
    {
        var r = Run("analyz");
        Assert.Equal(ExitCodes.Usage, r.Code);
        Assert.Equal("", r.Out);
        var lines = r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains("'analyz'", StringComparison.Ordinal) && l.Contains("Did you mean", StringComparison.Ordinal));
        Assert.Contains("analyze", lines);
        Assert.StartsWith("callgraph: ", lines[0], StringComparison.Ordinal);
        Assert.Contains("callgraph: Unrecognized command or argument 'analyz'.", lines);
        Assert.Equal("Try 'callgraph --help'.", lines[^1]);
    }

    [Fact]
    public void A_mistyped_option_gets_a_suggestion()
    {
        var r = Run("analyze", "--wrld", "w", "--out", "o");
        Assert.Equal(ExitCodes.Usage, r.Code);
        Assert.Contains("--world", r.Err.Split('\n'));
    }

    [Theory]
    [InlineData("--threads", "abc", "--threads abc: not a whole number")]
    [InlineData("--min-group-size", "1.5", "--min-group-size 1.5: not a whole number")]
    [InlineData("--genuine-threshold", "high", "--genuine-threshold high: not a number")]
    [InlineData("--prospect-threshold", "ten%", "--prospect-threshold ten%: not a number")]
    [InlineData("--prospect-base", "everyone", "--prospect-base everyone: not one of roster, genuine")]
    [InlineData("--period", "year", "--period year: not one of none, month, week")]
    public void Value_errors_name_the_option_and_the_value_not_a_type(string option, string value, string expected)
    {
        var r = Run("analyze", "--world", "w", "--out", "o", option, value);
        Assert.Equal(ExitCodes.Usage, r.Code);
        Assert.Contains("callgraph: " + expected, r.Err.Split('\n'));
        Assert.DoesNotContain("System.", r.Err);
        Assert.DoesNotContain("CallGraph.", r.Err);
    }

    [Fact]
    public void The_help_pointer_names_the_command_that_failed()
    {
        var r = Run("campaign", "create", "--budgt", "4");
        Assert.Equal(ExitCodes.Usage, r.Code);
        Assert.Contains("--budget", r.Err.Split('\n'));
        Assert.Equal("Try 'callgraph campaign create --help'.", r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
    }

    [Fact]
    public void Enum_options_show_and_complete_the_names_the_errors_use()
    {
        var help = Run("analyze", "--help");
        Assert.Equal(ExitCodes.Ok, help.Code);
        Assert.Contains("--period <none|month|week>", help.Out, StringComparison.Ordinal);
        Assert.Contains("--prospect-base <roster|genuine>", help.Out, StringComparison.Ordinal);
        var complete = Run("[suggest:27]", "callgraph analyze --period ");
        Assert.Equal(["month", "none", "week"], complete.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order());
        // Any case is still accepted, as before.
        Assert.Empty(CliApp.BuildRoot().Parse(["analyze", "--out", "o", "--period", "MONTH"]).Errors);
    }

    [Fact]
    public void Out_of_range_numbers_say_so()
    {
        var r = Run("generate", "--out", "w", "--cdrs", "10", "--seed", "-1");
        Assert.Equal(ExitCodes.Usage, r.Code);
        Assert.Contains($"callgraph: --seed -1: out of range (0 to {ulong.MaxValue.ToString(CultureInfo.InvariantCulture)})", r.Err.Split('\n'));
    }

    [Fact]
    public void Every_option_that_converts_its_value_fails_readably()
    {
        var converting = AllOptions().Where(o => o.Option.ValueType != typeof(string) && o.Option.ValueType != typeof(bool) && o.Option.ValueType != typeof(void)
            && !typeof(FileSystemInfo).IsAssignableFrom(o.Option.ValueType) && o.Option.ValueType != typeof(FileInfo[])).ToList();
        Assert.NotEmpty(converting);
        foreach (var (path, option) in converting)
        {
            Assert.True(ValueParsers.Handles(option.ValueType), $"{string.Join(' ', path)} {option.Name}: {option.ValueType} has no readable parser");
            var parse = CliApp.BuildRoot().Parse([.. path, option.Name, "not-a-value"]);
            string errors = string.Join("\n", parse.Errors.Select(e => e.Message));
            Assert.Contains($"{option.Name} not-a-value: not ", errors);
            Assert.DoesNotContain("System.", errors);
        }
    }

    /// <summary>The readable parsers accept exactly what System.CommandLine's conversion accepts, with the same value.</summary>
    [Theory]
    [InlineData(typeof(int))]
    [InlineData(typeof(int?))]
    [InlineData(typeof(long))]
    [InlineData(typeof(ulong))]
    [InlineData(typeof(double))]
    [InlineData(typeof(double?))]
    [InlineData(typeof(decimal))]
    [InlineData(typeof(CallGraph.Analysis.ProspectBase))]
    [InlineData(typeof(CallGraph.Aggregation.PeriodScheme))]
    public void Readable_parsers_accept_what_the_builtin_conversion_accepts(Type type)
    {
        string[] tokens = ["0", "7", "-3", "+4", " 5 ", "1,000", "1.5", "-0.25", "1e3", "NaN", "Infinity", "-Infinity", "abc", "",
            "2147483648", "-9223372036854775809", "18446744073709551616", "0x10", "1_000", "roster", "GENUINE", "Month", "week", "none", "1", "9"];
        var method = typeof(CommandLineTests).GetMethod(nameof(Compare), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(type);
        foreach (string token in tokens) method.Invoke(null, [token]);
    }

    private static void Compare<T>(string token)
    {
        static ParseResult Parse(Option<T> option, string token)
        {
            var command = new RootCommand { option };
            return command.Parse(["--x", token]);
        }
        var builtin = Parse(new Option<T>("--x"), token);
        var readableCommand = new RootCommand { new Option<T>("--x") };
        ValueParsers.Apply(readableCommand);
        var readable = readableCommand.Parse(["--x", token]);
        Assert.True(builtin.Errors.Count == readable.Errors.Count, $"{typeof(T)} '{token}': built-in {builtin.Errors.Count} errors, readable {readable.Errors.Count}");
        if (builtin.Errors.Count == 0)
            Assert.Equal(builtin.GetValue<T>("--x"), readable.GetValue<T>("--x"));
    }

    [Fact]
    public void Version_prints_the_informational_version()
    {
        string expected = typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        var r = Run("--version");
        Assert.Equal(ExitCodes.Ok, r.Code);
        Assert.Equal(expected, r.Out.Trim());
        Assert.StartsWith(typeof(CliApp).Assembly.GetName().Version!.ToString(3), expected, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[suggest:4]", "anal", "analyze")]
    [InlineData("[suggest:14]", "callgraph anal", "analyze")]
    [InlineData("[suggest:22]", "callgraph analyze --pe", "--period")]
    [InlineData("[suggest:27]", "callgraph campaign create --", "--budget")]
    public void The_suggest_directive_completes_commands_and_options(string directive, string line, string expected)
    {
        var r = Run(directive, line);
        Assert.Equal(ExitCodes.Ok, r.Code);
        Assert.Contains(expected, r.Out.Split('\n', StringSplitOptions.TrimEntries));
    }
}

/// <summary>--quiet and --json on a small generated world.</summary>
public sealed class QuietAndJsonTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "callgraph-quiet-" + Guid.NewGuid().ToString("N"));
    private readonly string _world;

    public QuietAndJsonTests()
    {
        _world = Path.Combine(_root, "world");
        var g = CliRun.Run("generate", "--out", _world, "--cdrs", "4000", "--seed", "3");
        Assert.True(g.Code == 0, g.Err);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void Quiet_analyze_prints_nothing_on_stdout_and_still_writes_the_results()
    {
        string loud = Path.Combine(_root, "loud"), quiet = Path.Combine(_root, "quiet");
        var a = CliRun.Run("analyze", "--world", _world, "--out", loud);
        Assert.True(a.Code == 0, a.Err);
        Assert.Contains("rows read", a.Out, StringComparison.Ordinal);
        var q = CliRun.Run("analyze", "--world", _world, "--out", quiet, "--quiet");
        Assert.True(q.Code == 0, q.Err);
        Assert.Equal("", q.Out);
        Assert.Equal(File.ReadAllText(Path.Combine(loud, "members.csv")), File.ReadAllText(Path.Combine(quiet, "members.csv")));
    }

    [Fact]
    public void Quiet_errors_still_reach_stderr()
    {
        var q = CliRun.Run("analyze", "--world", _world, "--members", Path.Combine(_root, "missing.csv"), "--out", Path.Combine(_root, "x"), "-q");
        Assert.Equal(ExitCodes.BadInput, q.Code);
        Assert.Equal("", q.Out);
        Assert.Contains("missing.csv", q.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Quiet_generate_and_calibrate_print_nothing_on_stdout()
    {
        var g = CliRun.Run("generate", "--out", Path.Combine(_root, "w2"), "--cdrs", "500", "--seed", "1", "--quiet");
        Assert.True(g.Code == 0, g.Err);
        Assert.Equal("", g.Out);
        Assert.True(File.Exists(Path.Combine(_root, "w2", "members.csv")));
        var c = CliRun.Run("calibrate", "--world", _world, "--out", Path.Combine(_root, "calibration.json"), "--quiet");
        Assert.True(c.Code == 0, c.Err);
        Assert.Equal("", c.Out);
        Assert.True(File.Exists(Path.Combine(_root, "calibration.json")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Json_prints_the_object_summary_json_holds(bool quiet)
    {
        string results = Path.Combine(_root, "json-" + quiet);
        string[] args = ["analyze", "--world", _world, "--out", results, "--json", .. quiet ? new[] { "--quiet" } : []];
        var r = CliRun.Run(args);
        Assert.True(r.Code == 0, r.Err);
        using var printed = JsonDocument.Parse(r.Out);
        using var written = JsonDocument.Parse(File.ReadAllText(Path.Combine(results, "summary.json")));
        Assert.True(JsonElement.DeepEquals(written.RootElement, printed.RootElement), r.Out);
        Assert.Equal(JsonValueKind.Object, printed.RootElement.ValueKind);
        Assert.True(printed.RootElement.GetProperty("rows_read").GetInt64() > 0);
    }
}

/// <summary>--quiet on the commands whose stdout is their report: the progress goes, the report stays.</summary>
public sealed class QuietProgressTests
{
    [Fact]
    public void Quiet_suite_drops_its_progress_lines_and_keeps_the_table()
    {
        string[] args = ["evaluate", "--suite", "--seeds", "2", "--cdrs", "2000", "--worlds", "no-cells-no-rhythm", "--label-sample", "0"];
        var loud = CliRun.Run(args);
        Assert.True(loud.Code == 0, loud.Err);
        Assert.Contains("evaluate --suite: no-cells-no-rhythm seed 2", loud.Err, StringComparison.Ordinal);
        var quiet = CliRun.Run([.. args, "--quiet"]);
        Assert.True(quiet.Code == 0, quiet.Err);
        Assert.Equal("", quiet.Err);
        Assert.Equal(loud.Out, quiet.Out);
    }

    [Fact]
    public void Quiet_inspect_prints_the_same_report()
    {
        string dir = Path.Combine(Path.GetTempPath(), "callgraph-qi-" + Guid.NewGuid().ToString("N"));
        try
        {
            Assert.Equal(0, CliRun.Run("generate", "--out", dir, "--cdrs", "500", "--seed", "4").Code);
            string cdr = Path.Combine(dir, "cdr.csv");
            var loud = CliRun.Run("inspect", "--cdr", cdr, "--json");
            var quiet = CliRun.Run("inspect", "--cdr", cdr, "--json", "-q");
            Assert.True(quiet.Code == 0, quiet.Err);
            Assert.Equal("", quiet.Err);
            // The same report but for the measured throughput.
            using var a = JsonDocument.Parse(loud.Out);
            using var b = JsonDocument.Parse(quiet.Out);
            Assert.Equal(a.RootElement.GetProperty("rows_read").GetInt64(), b.RootElement.GetProperty("rows_read").GetInt64());
            Assert.Equal(500, b.RootElement.GetProperty("rows_read").GetInt64());
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
