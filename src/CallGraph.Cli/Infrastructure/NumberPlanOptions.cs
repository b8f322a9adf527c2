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
    public NumberPlan Build(ParseResult parse) => Build(parse, OperatorTable.BuiltIn);

    /// <summary>Builds the plan starting from <paramref name="defaultTable"/> when no <c>--prefixes</c> is given.</summary>
    public NumberPlan Build(ParseResult parse, OperatorTable defaultTable)
    {
        var table = defaultTable;
        if (parse.GetValue(Prefixes) is { } prefixes)
        {
            using var reader = OpenText(prefixes);
            table = new OperatorTable(OperatorTable.ReadPrefixes(reader, prefixes.FullName));
        }
        if (parse.GetValue(Ported) is { } ported)
        {
            using var reader = OpenText(ported);
            table = table.WithPorted(OperatorTable.ReadPorted(reader, ported.FullName));
        }
        string home = (parse.GetValue(HomeOperator) ?? NumberPlan.DefaultHomeOperator).Trim().ToLowerInvariant();
        if (table.CodeOf(home) is null)
            throw new UsageException($"--home-operator '{home}' is not in the operator table (known: {string.Join(", ", table.Names.Skip(1))})");
        return new NumberPlan(table, home);
    }

    private static StreamReader OpenText(FileInfo file)
    {
        if (!file.Exists) throw new FileNotFoundException($"{file.FullName}: no such file", file.FullName);
        return new StreamReader(file.FullName);
    }
}
