using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Reflection;

namespace CallGraph.Cli.Infrastructure;

/// <summary>
/// Readable value errors: System.CommandLine's own conversion failures name .NET types
/// (<c>System.Nullable`1[System.Int32]</c>); every number and enum option of the tree gets a parser that accepts
/// exactly what the built-in conversion accepts and says instead <c>--threads abc: not a whole number</c>.
/// Options that already have a parser keep it.
/// </summary>
internal static class ValueParsers
{
    /// <summary>Gives every option of <paramref name="command"/> and its subcommands a readable parser where it needs one.</summary>
    public static void Apply(Command command)
    {
        foreach (var option in command.Options) Apply(option);
        foreach (var sub in command.Subcommands) Apply(sub);
    }

    private static void Apply(Option option)
    {
        switch (option)
        {
            case Option<int> o: o.CustomParser ??= r => Parse(r, o.Name, (string s, out int v) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out v), WholeNumber<int>); break;
            case Option<int?> o: o.CustomParser ??= r => Parse(r, o.Name, (string s, out int? v) => OrNull(s, out v, (string t, out int x) => int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out x)), WholeNumber<int>); break;
            case Option<long> o: o.CustomParser ??= r => Parse(r, o.Name, (string s, out long v) => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out v), WholeNumber<long>); break;
            case Option<long?> o: o.CustomParser ??= r => Parse(r, o.Name, (string s, out long? v) => OrNull(s, out v, (string t, out long x) => long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out x)), WholeNumber<long>); break;
            case Option<ulong> o: o.CustomParser ??= r => Parse(r, o.Name, (string s, out ulong v) => ulong.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out v), WholeNumber<ulong>); break;
            case Option<double> o: o.CustomParser ??= r => Parse(r, o.Name, (string s, out double v) => double.TryParse(s, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out v), _ => "not a number"); break;
            case Option<double?> o: o.CustomParser ??= r => Parse(r, o.Name, (string s, out double? v) => OrNull(s, out v, (string t, out double x) => double.TryParse(t, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out x)), _ => "not a number"); break;
            case Option<decimal> o: o.CustomParser ??= r => Parse(r, o.Name, (string s, out decimal v) => decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out v), _ => "not a number"); break;
            case Option<decimal?> o: o.CustomParser ??= r => Parse(r, o.Name, (string s, out decimal? v) => OrNull(s, out v, (string t, out decimal x) => decimal.TryParse(t, NumberStyles.Number, CultureInfo.InvariantCulture, out x)), _ => "not a number"); break;
            default:
                if (option.ValueType.IsEnum)
                    typeof(ValueParsers).GetMethod(nameof(ApplyEnum), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(option.ValueType).Invoke(null, [option]);
                break;
        }
    }

    /// <summary>The types whose options get a parser here (a test checks no option of another value type fails with a type name).</summary>
    public static bool Handles(Type type) =>
        type.IsEnum || (System.Nullable.GetUnderlyingType(type) ?? type) is var t && (t == typeof(int) || t == typeof(long) || t == typeof(ulong) || t == typeof(double) || t == typeof(decimal));

    private static void ApplyEnum<T>(Option<T> option) where T : struct, Enum
    {
        string[] lower = Enum.GetNames<T>().Select(n => n.ToLowerInvariant()).ToArray();
        string names = string.Join(", ", lower);
        // Help and completion in the spelling the README and the error use (the built-in ones show the C# names).
        option.HelpName ??= string.Join("|", lower);
        option.CompletionSources.Clear();
        option.CompletionSources.Add(lower);
        option.CustomParser ??= r => Parse(r, option.Name,
            // What the built-in conversion accepts: a name in any case.
            (string s, out T v) => Enum.TryParse(s, ignoreCase: true, out v),
            _ => $"not one of {names}");
    }

    private delegate bool TryParse<T>(string text, out T value);

    private static T Parse<T>(ArgumentResult result, string option, TryParse<T> tryParse, Func<string, string> problem)
    {
        // One token per value (a repeated option keeps the last, as the built-in conversion does).
        if (result.Tokens.Count == 0) return default!;
        string text = result.Tokens[^1].Value;
        if (tryParse(text, out T value)) return value;
        result.AddError($"{option} {Quote(text)}: {problem(text)}");
        return default!;
    }

    private static bool OrNull<T>(string text, out T? value, TryParse<T> parse) where T : struct
    {
        bool ok = parse(text, out T v);
        value = ok ? v : null;
        return ok;
    }

    /// <summary>Why a text is not a whole number of type <typeparamref name="T"/>: a number out of the type's range says so.</summary>
    private static string WholeNumber<T>(string text) where T : System.Numerics.IBinaryInteger<T>, System.Numerics.IMinMaxValue<T> =>
        System.Numerics.BigInteger.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
            ? string.Create(CultureInfo.InvariantCulture, $"out of range ({T.MinValue} to {T.MaxValue})")
            : T.MinValue == T.Zero ? "not a whole number (0 or more)" : "not a whole number";

    /// <summary>The value as typed, made safe for a terminal; quoted when empty or holding spaces.</summary>
    private static string Quote(string text) =>
        text.Length == 0 || text.Any(char.IsWhiteSpace) ? "'" + TerminalText.Safe(text) + "'" : TerminalText.Safe(text);
}
