using System.CommandLine;
using CallGraph.Numbers;

namespace CallGraph.Cli.Infrastructure;

/// <summary>
/// The <c>--prefixes</c>, <c>--ported</c> and <c>--home-operator</c> options shared by every command that
/// classifies numbers, and the <see cref="NumberPlan"/> they describe.
/// </summary>
internal sealed class NumberPlanOptions
{
    public Option<FileInfo?> Prefixes { get; } = new("--prefixes")
    {
        Description = "Operator prefix table (CSV prefix,operator[,mvno]) replacing the built-in mainland-China table.",
    };

    public Option<FileInfo?> Ported { get; } = new("--ported")
    {
        Description = "Ported numbers (CSV msisdn,operator) overriding the prefix table.",
    };

    public Option<string> HomeOperator { get; } = new("--home-operator")
    {
        Description = "Operator code whose lines are on-net.",
        DefaultValueFactory = _ => NumberPlan.DefaultHomeOperator,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Prefixes);
        command.Options.Add(Ported);
        command.Options.Add(HomeOperator);
    }

    /// <summary>Builds the plan; unreadable files are input errors, an operator the table lacks is a usage error.</summary>
    /// <remarks><paramref name="defaultPrefixes"/> stands in for <c>--prefixes</c> when that is not given (e.g. a world's prefixes.csv).</remarks>
    public NumberPlan Build(ParseResult parse, FileInfo? defaultPrefixes = null)
    {
        var table = OperatorTable.BuiltIn;
        if ((parse.GetValue(Prefixes) ?? defaultPrefixes) is { } prefixes)
        {
            using var reader = CliFiles.OpenText(prefixes);
            table = new OperatorTable(OperatorTable.ReadPrefixes(reader, prefixes.FullName));
        }
        if (parse.GetValue(Ported) is { } ported)
        {
            using var reader = CliFiles.OpenText(ported);
            table = table.WithPorted(OperatorTable.ReadPorted(reader, ported.FullName));
        }
        string home = (parse.GetValue(HomeOperator) ?? NumberPlan.DefaultHomeOperator).Trim().ToLowerInvariant();
        if (table.CodeOf(home) is null)
            throw new UsageException($"--home-operator '{home}' is not in the operator table (known: {string.Join(", ", table.Names.Skip(1))})");
        return new NumberPlan(table, home);
    }
}
