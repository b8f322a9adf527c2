using System.Text;
using CallGraph.Engines.Sql;
using CallGraph.Numbers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CallGraph.Engines.Tests;

/// <summary>The SQL number normalisation against <see cref="NumberNormalizer"/>, the contract it follows.</summary>
public sealed class NumberSqlTests : IDisposable
{
    private readonly SqlParseHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    /// <summary>What the in-process reader makes of a caller field: its reject reason, or its key.</summary>
    private static (string? Reason, long? Key) Expected(string field)
    {
        if (!NumberNormalizer.TryNormalize(Encoding.UTF8.GetBytes(field), out var number, out var error))
            return (error == NumberParseError.Empty ? "empty_field" : "bad_number", null);
        long key = SqlNumberKey.From(number);
        return key == SqlNumberKey.From(NumberNormalizer.Normalize(SqlParseHarness.Callee)) ? ("self_call", key) : (null, key);
    }

    private void AssertSameAsNormalizer(string field)
    {
        var (reason, key) = Expected(field);
        var actual = _harness.Parse(field);
        Assert.True(reason == actual.Reason, $"'{field}': reason {reason ?? "none"} expected, SQL gave {actual.Reason ?? "none"}");
        if (reason is null) Assert.True(key == actual.Caller, $"'{field}': {SqlNumberKey.ToNumber(key!.Value)} expected, SQL gave {(actual.Caller is long k ? SqlNumberKey.ToNumber(k).ToString() : "null")}");
    }

    [Theory]
    [InlineData("13800138000", "13800138000")]
    [InlineData("+8613800138000", "13800138000")]
    [InlineData("008613800138000", "13800138000")]
    [InlineData("8613800138000", "13800138000")]
    [InlineData("+86 138-0013-8000", "13800138000")]
    [InlineData("(+86) 138 0013 8000", "13800138000")]
    [InlineData("+86 10 6552 9988", "01065529988")]   // a Beijing fixed line dialled from abroad gets its trunk 0 back
    [InlineData("0086010 65529988", "01065529988")]  // already with its trunk 0
    [InlineData("01065529988", "01065529988")]
    [InlineData("+44 20 7946 0000", "00442079460000")] // another country keeps 00
    [InlineData("861380013800", "861380013800")]      // 12 digits: not 86 + a mobile
    [InlineData("8612800138000", "8612800138000")]    // 86 + 128…: not a mobile range
    [InlineData("10086", "10086")]
    [InlineData("00", "00")]
    [InlineData("+86", "0086")]
    public void Known_numbers_normalise_as_written(string field, string canonical)
    {
        Assert.Equal(canonical, NumberNormalizer.Normalize(field).ToString()); // the contract itself, to keep the cases honest
        var actual = _harness.Parse(field);
        Assert.Null(actual.Reason);
        Assert.Equal(canonical, SqlNumberKey.ToNumber(actual.Caller!.Value).ToString());
    }

    [Theory]
    [InlineData("", "empty_field")]
    [InlineData(" - ( ) ", "empty_field")]
    [InlineData("+", "bad_number")]
    [InlineData("++8613800138000", "bad_number")]
    [InlineData("138+00138000", "bad_number")]
    [InlineData("1380013800O", "bad_number")]
    [InlineData("1234567890123456", "bad_number")]     // 16 digits
    [InlineData("+8612345678901234567", "bad_number")] // too long even without the prefix
    [InlineData("１３８００１３８０００", "bad_number")]   // full-width digits
    public void Bad_numbers_are_rejected_for_the_same_reason(string field, string reason)
    {
        Assert.Equal(reason, Expected(field).Reason);
        Assert.Equal(reason, _harness.Parse(field).Reason);
    }

    private static readonly string[] Prefixes = ["", "", "+", "00", "86", "+86", "0086", "+86 ", "(+86) ", "+ 86-", "++", "0", "+44", "8", "+0", "00 86"];
    private static readonly char[] Noise = [' ', '-', '(', ')', '\t', '+', 'a', 'O', '.', '/', 'é'];

    /// <summary>Fields built like real ones (a prefix, a body of digits), with now and then a separator or a character that breaks them.</summary>
    private static Gen<string> Fields =>
        from prefix in Gen.Elements(Prefixes)
        from first in Gen.Elements('1', '1', '1', '0', '2', '8', '9')
        from second in Gen.Elements('3', '3', '3', '5', '8', '2', '0', '1', '6')
        from rest in Gen.Choose(0, 9).Select(d => (char)('0' + d)).ArrayOf()
        // Mostly the lengths the rules turn on (11 for a mobile, 10-12 for fixed lines), sometimes any.
        from length in Gen.OneOf(Gen.Elements(11, 11, 11, 10, 12, 13), Gen.Choose(0, 17))
        from noiseAt in Gen.Choose(-40, 20)
        from noise in Gen.Elements(Noise)
        select Build(prefix, first, second, rest, length, noiseAt, noise);

    private static string Build(string prefix, char first, char second, char[] rest, int length, int noiseAt, char noise)
    {
        var body = new StringBuilder().Append(first).Append(second).Append(rest);
        while (body.Length < length) body.Append((char)('0' + body.Length % 10));
        if (body.Length > length) body.Length = length;
        if (noiseAt >= 0 && noiseAt <= body.Length) body.Insert(noiseAt, noise);
        return prefix + body;
    }

    [Property(MaxTest = 400)]
    public Property Sql_normalises_every_field_as_the_normalizer_does() =>
        Prop.ForAll(Fields.ToArbitrary(), field => AssertSameAsNormalizer(field));
}
