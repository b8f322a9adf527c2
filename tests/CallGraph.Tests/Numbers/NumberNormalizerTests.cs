using CallGraph.Numbers;

namespace CallGraph.Tests.Numbers;

public class NumberNormalizerTests
{
    [Theory]
    [InlineData("13800138000", "13800138000")]
    [InlineData("+8613800138000", "13800138000")]
    [InlineData("008613800138000", "13800138000")]
    [InlineData("8613800138000", "13800138000")]
    [InlineData("+86 138-0013-8000", "13800138000")]
    [InlineData("01088886666", "01088886666")]
    [InlineData("+861088886666", "01088886666")]
    [InlineData("10086", "10086")]
    [InlineData("0044207946000", "0044207946000")]
    public void Canonical_form(string raw, string expected) =>
        Assert.Equal(expected, NumberNormalizer.Normalize(raw).ToString());

    [Theory]
    [InlineData("", NumberParseError.Empty)]
    [InlineData("1380013800x", NumberParseError.NotDigits)]
    [InlineData("+", NumberParseError.NotDigits)]
    [InlineData("1234567890123456", NumberParseError.TooLong)]
    public void Rejects_what_is_not_a_number(string raw, NumberParseError error)
    {
        Assert.False(NumberNormalizer.TryNormalize(raw.AsSpan(), out _, out var e));
        Assert.Equal(error, e);
    }

    [Theory]
    [InlineData("13800138000", NumberClass.Mobile)]
    [InlineData("01088886666", NumberClass.Fixed)]
    [InlineData("075588886666", NumberClass.Fixed)]
    [InlineData("10086", NumberClass.Service)]
    [InlineData("95588", NumberClass.Service)]
    [InlineData("96110", NumberClass.Service)]
    [InlineData("12315", NumberClass.Service)]
    [InlineData("110", NumberClass.Service)]
    [InlineData("4008123123", NumberClass.Service)]
    [InlineData("8008123123", NumberClass.Service)]
    [InlineData("106575123456", NumberClass.Service)]
    [InlineData("0044207946000", NumberClass.International)]
    public void Classes(string raw, NumberClass expected) =>
        Assert.Equal(expected, NumberNormalizer.Classify(NumberNormalizer.Normalize(raw)));

    [Fact]
    public void Sorting_follows_the_digit_strings()
    {
        var numbers = new[] { "13900000000", "010", "0101", "13800000000", "9" }.Select(PhoneNumber.FromDigitString).ToList();
        numbers.Sort();
        Assert.Equal(new[] { "010", "0101", "13800000000", "13900000000", "9" }, numbers.Select(n => n.ToString()));
    }
}

public class OperatorTableTests
{
    [Theory]
    [InlineData("13800138000", "cmcc")]
    [InlineData("13400000000", "cmcc")]
    [InlineData("13490000000", "ctcc")]
    [InlineData("18612345678", "cucc")]
    [InlineData("18912345678", "ctcc")]
    [InlineData("19212345678", "cbn")]
    [InlineData("17031234567", "cmcc-mvno")]
    [InlineData("17091234567", "cucc-mvno")]
    [InlineData("17001234567", "ctcc-mvno")]
    [InlineData("01088886666", "unknown")]
    public void Longest_prefix_wins(string number, string op) =>
        Assert.Equal(op, OperatorTable.BuiltIn.LookupName(NumberNormalizer.Normalize(number)));

    [Fact]
    public void Ported_number_overrides_its_prefix()
    {
        var n = NumberNormalizer.Normalize("13800138000");
        var table = OperatorTable.BuiltIn.WithPorted(new[] { new KeyValuePair<PhoneNumber, string>(n, "ctcc") });
        Assert.Equal("ctcc", table.LookupName(n));
        Assert.Equal("cmcc", table.LookupName(NumberNormalizer.Normalize("13800138001")));
    }

    [Fact]
    public void Home_operator_decides_on_and_off_net()
    {
        var plan = new NumberPlan(OperatorTable.BuiltIn, "cucc");
        Assert.Equal(Network.OnNet, plan.Describe(NumberNormalizer.Normalize("18612345678")).Network);
        Assert.Equal(Network.OffNet, plan.Describe(NumberNormalizer.Normalize("13800138000")).Network);
        Assert.Equal(Network.Excluded, plan.Describe(NumberNormalizer.Normalize("10086")).Network);
    }
}
