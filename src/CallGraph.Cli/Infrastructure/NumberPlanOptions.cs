using System.CommandLine;
using CallGraph.Numbers;

namespace CallGraph.Cli.Infrastructure;

/// <summary>
/// The <c>--prefixes</c>, <c>--ported</c>, <c>--home-operator</c>, <c>--ids</c> and <c>--subscribers</c> options shared by every command that
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

    public Option<SubscriberIdKind> Ids { get; } = new("--ids")
    {
        Description = "What the CDR and roster number fields hold: phone (telephone numbers) or opaque (any non-empty token is a subscriber id; nothing is inferred from its digits).",
        DefaultValueFactory = _ => SubscriberIdKind.Phone,
    };

    public Option<FileInfo?> Subscribers { get; } = new("--subscribers")
    {
        Description = "With --ids opaque: subscriber table (CSV id,operator) giving each id's network where the CDRs' caller_operator/callee_operator columns do not.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Prefixes);
        command.Options.Add(Ported);
        command.Options.Add(HomeOperator);
        command.Options.Add(Ids);
        command.Options.Add(Subscribers);
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
        if (parse.GetValue(Ids) != SubscriberIdKind.Opaque)
        {
            if (parse.GetValue(Subscribers) is not null) throw new UsageException("--subscribers needs --ids opaque (phone numbers take --ported)");
            return new NumberPlan(table, home);
        }
        IReadOnlyList<KeyValuePair<PhoneNumber, string>> listed = [];
        if (parse.GetValue(Subscribers) is { } subscribers)
        {
            using var reader = CliFiles.OpenText(subscribers);
            listed = SubscriberNetworks.ReadSubscribers(reader, subscribers.FullName);
        }
        // Operators only the subscriber table names (it may use its own names) join the table.
        table = table.WithOperators(listed.Select(r => r.Value));
        return new NumberPlan(new SubscriberNetworks(table, home, listed));
    }
}
