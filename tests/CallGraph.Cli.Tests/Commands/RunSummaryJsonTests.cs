using System.Text.Json;
using CallGraph.Cli.Commands;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CallGraph.Cli.Tests.Commands;

/// <summary>summary.json written field by field is the text the serializer writes.</summary>
public class RunSummaryJsonTests
{
    private static Gen<double> Doubles() => Gen.OneOf(
        Gen.Elements(0.0, -0.0, 1.0, 0.8643, 19597.27, double.Epsilon, double.MaxValue, 0.1 + 0.2),
        Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 10_000.0),
        Gen.Choose(int.MinValue, int.MaxValue).Two().Select(t => BitConverter.Int64BitsToDouble(((long)t.Item1 << 32) | (uint)t.Item2))
            .Where(d => double.IsFinite(d)));

    private static Gen<string> Texts() =>
        Gen.Elements("", "cmcc", "2026-06", "组1", "a\"b", "<&>'+", "tab\tnew\nline", "\u0001", "😀", "duplicate key")
            .ArrayOf().Select(parts => string.Concat(parts));

    private static Gen<long> Longs() => Gen.Choose(int.MinValue, int.MaxValue).Two().Select(t => ((long)t.Item1 << 32) | (uint)t.Item2);

    [Property]
    public Property Summary_json_is_the_text_the_reflection_serializer_writes()
    {
        var summaries =
            from counts in Longs().ArrayOf(6)
            from reasons in Gen.Zip(Texts(), Longs()).ArrayOf()
            from first in Gen.OneOf(Gen.Constant<string?>(null), Texts().Select(t => (string?)t))
            from last in Gen.OneOf(Gen.Constant<string?>(null), Texts().Select(t => (string?)t))
            from ints in Gen.Choose(int.MinValue, int.MaxValue).ArrayOf(13)
            from doubles in Doubles().ArrayOf(3)
            from share in Gen.OneOf(Gen.Constant<double?>(null), Doubles().Select(d => (double?)d))
            from pairs in Longs().ArrayOf(2)
            from periods in Gen.Frequency((9, Texts().ArrayOf()), (1, Gen.Constant<string[]>(null!)))
            from home in Gen.Frequency((9, Texts()), (1, Gen.Constant<string>(null!)))
            from noReasons in Gen.Elements(false, false, false, true)
            from warnings in Gen.Frequency((9, Texts().ArrayOf()), (1, Gen.Constant<string[]>(null!)))
            select new RunSummary(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5],
                noReasons ? null! : new SortedDictionary<string, long>(reasons.DistinctBy(r => r.Item1).ToDictionary(r => r.Item1, r => r.Item2), StringComparer.Ordinal),
                first, last, ints[0], ints[1], ints[2], ints[3], ints[4], ints[5], ints[6], ints[7], ints[8], doubles[0], ints[9],
                ints[10], ints[11], ints[12], doubles[1], doubles[2], share, pairs[0], pairs[1], periods, ints[0] ^ ints[1], home, warnings);
        return Prop.ForAll(summaries.ToArbitrary(), summary =>
            summary.ToJson() == JsonSerializer.Serialize(summary, RunSummary.Json) + "\n");
    }
}
