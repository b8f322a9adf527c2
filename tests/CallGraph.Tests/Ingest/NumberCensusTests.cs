using CallGraph.Ingest;
using CallGraph.Numbers;

namespace CallGraph.Tests.Ingest;

public class NumberCensusTests
{
    private static Cdr Call(string a, string b) => new(NumberNormalizer.Normalize(a), NumberNormalizer.Normalize(b), 0, 1, CdrType.Voice, 0);

    [Fact]
    public void Counts_distinct_numbers_across_workers_and_classifies_them()
    {
        var first = new NumberCensus();
        var second = new NumberCensus();
        first.Add(Call("13800138000", "18612345678"));
        first.Add(Call("13800138000", "10086"));
        second.Add(Call("18612345678", "01088886666"));
        for (int i = 0; i < 5000; i++) second.Add(Call("1390000" + i.ToString("0000"), "13800138000"));
        var merged = NumberCensus.Merge([first, second]);
        Assert.Equal(3, first.Count);
        Assert.Equal(5004, merged.Count);
        Assert.Equal(5004, merged.Numbers().Distinct().Count());
        var mix = merged.Classify(NumberPlan.Default);
        Assert.Equal(new NumberMix(5004, 5001, 1, 1, 1), mix);
    }
}
