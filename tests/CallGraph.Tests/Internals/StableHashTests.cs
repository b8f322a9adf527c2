using System.Numerics;
using CallGraph.Internals;
using FsCheck;
using FsCheck.Fluent;

namespace CallGraph.Tests.Internals;

/// <summary>The one hash helper computes what the tables computed inline, and the published reference values.</summary>
public class StableHashTests
{
    private static readonly Arbitrary<ulong> Keys = Arb.From(Gen.Choose(int.MinValue, int.MaxValue).Two()
        .Select(t => ((ulong)(uint)t.Item1 << 32) | (uint)t.Item2));

    private static readonly BigInteger TwoTo64 = BigInteger.One << 64;

    [Fact]
    public void The_golden_ratio_constant_is_two_to_the_64_over_phi_rounded_to_odd()
    {
        // floor(2^64 / φ) = 11400714819323198485, which is odd.
        Assert.Equal(11400714819323198485UL, StableHash.GoldenRatio);
        double phi = (1 + Math.Sqrt(5)) / 2;
        Assert.True(Math.Abs(Math.Pow(2, 64) / phi - StableHash.GoldenRatio) < 1e5);
    }

    [Fact]
    public void Multiply_and_slot_equal_the_product_mod_two_to_the_64_and_its_top_bits() =>
        Prop.ForAll(Keys, key =>
        {
            var product = new BigInteger(key) * new BigInteger(11400714819323198485UL) % TwoTo64;
            if (StableHash.Multiply(key) != (ulong)product) return false;
            for (int shift = 32; shift < 64; shift += 7)
                if (StableHash.Slot(key, shift) != (int)(ulong)(product >> shift)) return false;
            return true;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Mix_is_the_splitmix64_finaliser_and_text_hash_is_fnv1a_then_mix()
    {
        // SplitMix64's first output from state 0 (the reference implementation's published value).
        Assert.Equal(0xE220A8397B1DCDAFUL, StableHash.Mix(0));
        // FNV-1a 64 of "a" (one code unit below 0x100, so the same as over the byte).
        Assert.Equal(StableHash.Mix(0xAF63DC4C8601EC8CUL), StableHash.OfText("a"));
        Assert.Equal(StableHash.Mix(0xCBF29CE484222325UL), StableHash.OfText(""));
        Assert.Equal(CallGraph.Calibration.SignalWeightFit.StableHash("G00042"), StableHash.OfText("G00042"));
    }
}
