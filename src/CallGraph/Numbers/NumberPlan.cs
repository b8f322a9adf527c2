namespace CallGraph.Numbers;

/// <summary>Which side of the home network a number is on.</summary>
public enum Network : byte
{
    /// <summary>Service or unusable numbers: never members, never prospects.</summary>
    Excluded = 0,

    /// <summary>A line of the home operator: a possible member.</summary>
    OnNet = 1,

    /// <summary>A line of another known operator: a possible prospect.</summary>
    OffNet = 2,

    /// <summary>A real line whose operator the table does not know (e.g. a fixed line with no prefix row).</summary>
    Unknown = 3,
}

/// <summary>Everything the analyses need to know about one canonical number.</summary>
/// <param name="Class">Mobile, fixed, service …</param>
/// <param name="Operator">Operator code in <see cref="NumberPlan.Operators"/>.</param>
/// <param name="Network">On-net, off-net, excluded or unknown, relative to the home operator.</param>
public readonly record struct NumberInfo(NumberClass Class, byte Operator, Network Network);

/// <summary>The numbering rules of one run: operator table plus the home operator that defines on-net.</summary>
public sealed class NumberPlan
{
    /// <summary>Default home operator: China Mobile.</summary>
    public const string DefaultHomeOperator = "cmcc";

    /// <summary>Creates a plan; <paramref name="homeOperator"/> is an operator code such as <c>cmcc</c>.</summary>
    public NumberPlan(OperatorTable operators, string homeOperator = DefaultHomeOperator)
    {
        Operators = operators ?? throw new ArgumentNullException(nameof(operators));
        HomeOperator = homeOperator ?? throw new ArgumentNullException(nameof(homeOperator));
        _homeCode = operators.CodeOf(homeOperator);
    }

    /// <summary>
    /// Creates a plan for opaque subscriber ids (<see cref="SubscriberIdKind.Opaque"/>): each id's network comes
    /// from <paramref name="subscribers"/>, whose table and home operator the plan takes.
    /// </summary>
    public NumberPlan(SubscriberNetworks subscribers)
        : this((subscribers ?? throw new ArgumentNullException(nameof(subscribers))).Operators, subscribers.Operators.Names[subscribers.HomeCode])
    {
        Subscribers = subscribers;
    }

    /// <summary>What names subscribers in this run: telephone numbers, or opaque ids.</summary>
    public SubscriberIdKind Ids => Subscribers is null ? SubscriberIdKind.Phone : SubscriberIdKind.Opaque;

    /// <summary>The networks of opaque ids, or null for a plan of telephone numbers.</summary>
    public SubscriberNetworks? Subscribers { get; }

    /// <summary>The plan with the built-in table and China Mobile as home.</summary>
    public static NumberPlan Default { get; } = new(OperatorTable.BuiltIn);

    /// <summary>The operator table.</summary>
    public OperatorTable Operators { get; }

    /// <summary>The home operator's code name.</summary>
    public string HomeOperator { get; }

    private readonly byte? _homeCode;

    /// <summary>Classifies a canonical number.</summary>
    public NumberInfo Describe(PhoneNumber number)
    {
        if (number.IsOpaque) return DescribeOpaque(number);
        var cls = NumberNormalizer.Classify(number);
        if (IsExcluded(cls))
            return new NumberInfo(cls, OperatorTable.Unknown, Network.Excluded);
        byte op = Operators.Lookup(number);
        Network net = op == OperatorTable.Unknown
            ? (cls == NumberClass.International ? Network.OffNet : Network.Unknown)
            : op == _homeCode ? Network.OnNet : Network.OffNet;
        return new NumberInfo(cls, op, net);
    }

    private NumberInfo DescribeOpaque(PhoneNumber id)
    {
        if (Subscribers?.OperatorOf(id) is not byte op || op == OperatorTable.Unknown)
        {
            Subscribers?.NoteWithoutNetwork(id);
            return new NumberInfo(NumberClass.Opaque, OperatorTable.Unknown, Network.Unknown);
        }
        return new NumberInfo(NumberClass.Opaque, op, op == _homeCode ? Network.OnNet : Network.OffNet);
    }

    /// <summary>
    /// True when <see cref="Describe"/> puts the number in <see cref="Network.Excluded"/>, which its class alone
    /// decides: the operator lookup is skipped.
    /// </summary>
    internal static bool IsExcluded(PhoneNumber number) => IsExcluded(NumberNormalizer.Classify(number));

    private static bool IsExcluded(NumberClass cls) => cls is NumberClass.Service or NumberClass.Invalid or NumberClass.Other;

    /// <summary>True when the number is a line of the home operator (the network that records the CDRs).</summary>
    /// <remarks>For an opaque id only what is known before the CDRs are read counts (subscriber table, roster), so the answer does not depend on row order.</remarks>
    public bool IsHomeNetwork(PhoneNumber number) =>
        _homeCode is byte home && (number.IsOpaque ? Subscribers?.StaticOperatorOf(number) == home : Operators.Lookup(number) == home);

    /// <summary>The operator name of a code ("unknown" for code 0).</summary>
    public string OperatorName(byte code) => Operators.Names[code];
}
