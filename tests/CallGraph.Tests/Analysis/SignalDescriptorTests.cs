using System.Globalization;
using CallGraph.Aggregation;
using CallGraph.Analysis;
using CallGraph.Numbers;
using CallGraph.Output;
using CallGraph.Rosters;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CallGraph.Tests.Analysis;

/// <summary>The signal descriptors are the one list the scorer, the reasons, the weights and the outputs walk.</summary>
public class SignalDescriptorTests
{
    private static readonly Arbitrary<int> Seeds = Arb.From(Gen.Choose(0, 1_000_000));

    [Fact]
    public void Every_credited_signal_has_one_descriptor_with_a_distinct_name_in_score_order()
    {
        var scored = CouplingSignals.Descriptors.Where(d => d.Signal is not null).ToList();
        Assert.Equal(Enum.GetValues<CouplingSignal>(), scored.Select(d => d.Signal!.Value));
        Assert.Equal(CouplingSignals.Count, scored.Count);
        Assert.Equal(CouplingSignals.Descriptors.Count, CouplingSignals.Descriptors.Select(d => d.Name).Distinct().Count());
        foreach (var s in CouplingSignals.All)
        {
            Assert.Equal(s, CouplingSignals.Descriptor(s).Signal);
            Assert.Equal(CouplingSignals.Descriptor(s).Name, CouplingSignals.Name(s));
            Assert.True(CouplingSignals.TryParse(CouplingSignals.Name(s).ToUpperInvariant(), out var parsed) && parsed == s);
        }
        Assert.All(CouplingSignals.Descriptors, d => Assert.False(string.IsNullOrWhiteSpace(d.Measure + d.Bar)));
    }

    [Fact]
    public void Each_descriptor_column_is_a_members_csv_column()
    {
        var w = new StringWriter();
        ResultWriter.WriteMembers(w, []);
        var header = w.ToString().TrimEnd('\n').Split(',');
        Assert.All(CouplingSignals.Descriptors, d => Assert.Contains(d.Column, header));
    }

    [Fact]
    public void Each_weight_is_read_and_written_by_signal_and_refused_under_its_option_name()
    {
        foreach (var d in CouplingSignals.Descriptors.Where(d => d.Signal is not null))
        {
            var signal = d.Signal!.Value;
            var options = new CouplingOptions { Weights = SignalWeights.Default with { } };
            Assert.Equal(SignalWeights.Default[signal], d.WeightIn(options));
            var values = new double[CouplingSignals.Count];
            values[(int)signal] = 7.5;
            var only = new CouplingOptions().WithWeights(SignalWeights.FromValues(values));
            Assert.Equal(7.5, d.WeightIn(only));
            Assert.All(CouplingSignals.Descriptors.Where(o => o.Signal is not null && o != d), o => Assert.Equal(0, o.WeightIn(only)));
            // A negative weight is refused under the weight's option name.
            values[(int)signal] = -1;
            var negative = new CouplingOptions().WithWeights(SignalWeights.FromValues(values));
            Assert.Equal(d.WeightOption, Assert.Throws<InvalidOptionException>(negative.Validate).ParamName);
        }
        Assert.Equal(0, CouplingSignals.Descriptors.Single(d => d.Name == "working_hours").WeightIn(new CouplingOptions()));
    }

    [Fact]
    public void The_six_first_signals_weight_options_are_coupling_options_properties()
    {
        foreach (var d in CouplingSignals.Descriptors.Where(d => d.Signal is not null && (int)d.Signal.Value < 6))
        {
            var property = typeof(CouplingOptions).GetProperty(d.WeightOption!);
            Assert.NotNull(property);
            // Set through the property (a plain path), read through the descriptor; and the reverse through WithWeights.
            var options = new CouplingOptions();
            property!.SetValue(options, 3.25);
            Assert.Equal(3.25, d.WeightIn(options));
            Assert.Equal(3.25, options.Weights[d.Signal!.Value]);
            var values = new double[CouplingSignals.Count];
            values[(int)d.Signal.Value] = 7.5;
            Assert.Equal(7.5, (double)property.GetValue(new CouplingOptions().WithWeights(SignalWeights.FromValues(values)))!);
        }
    }

    [Fact]
    public void Each_descriptor_column_value_survives_members_csv()
    {
        var w = new TestWorld();
        var staff = w.AddGroup("G1", 8);
        w.Clique(staff, officeCell: 5);
        var stranger = w.OnNet();
        w.AddMember("G1", stranger);
        w.Call(stranger, w.OffNet(), TestWorld.At(2, 21), 60);
        var members = w.Analyze().Members;
        var text = new StringWriter();
        ResultWriter.WriteMembers(text, members);
        var header = text.ToString().Split('\n')[0].Split(',');
        var rows = text.ToString().TrimEnd('\n').Split('\n').Skip(1).Select(l => l.Split(',')).ToList();
        var back = ResultReader.ReadMembers(new StringReader(text.ToString()), "members.csv");
        Assert.Equal(members.Count, back.Count);
        foreach (var d in CouplingSignals.Descriptors.Where(d => d.Column is not null))
        {
            int column = Array.IndexOf(header, d.Column);
            for (int i = 0; i < members.Count; i++)
            {
                double? value = d.ValueIn(members[i]);
                // The cell is the value (empty for none), and reads back as it.
                Assert.Equal(value, rows[i][column].Length == 0 ? null : double.Parse(rows[i][column], CultureInfo.InvariantCulture));
                Assert.Equal(value, d.ValueIn(back[i]));
            }
        }
        for (int i = 0; i < members.Count; i++) Assert.Equal(members[i].AddedSignals, back[i].AddedSignals);
    }

    private static double PlainMedian(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        if (v.Length == 0) return 0;
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    /// <summary>
    /// On random worlds, the credits of the signals whose value is a members.csv column equal the plain rule
    /// recomputed from the columns: value against the median over active members (all when none is), capped at 1,
    /// absent when that median is 0; and the reasons quote those medians.
    /// </summary>
    [Property]
    public Property Credits_and_reasons_follow_the_plain_rule_on_random_worlds() =>
        Prop.ForAll(Seeds, seed =>
        {
            var (rows, cdrs) = PropertyTests.RandomWorld(seed);
            var roster = new Roster(rows);
            var result = GroupAnalyzer.Analyze(new TestWorld().Aggregate(roster, cdrs), NumberPlan.Default);
            foreach (var group in result.Members.Where(a => a.Verdict != Verdict.Unscored).GroupBy(a => a.GroupId))
            {
                var members = group.ToList();
                var pool = members.Any(a => !a.Inactive) ? members.Where(a => !a.Inactive).ToList() : members;
                double embedded = PlainMedian(pool.Select(a => a.Embeddedness));
                double circle = PlainMedian(pool.Select(a => a.SharedCircle));
                double place = PlainMedian(pool.Where(a => a.PlaceShare is not null).Select(a => a.PlaceShare!.Value));
                double? Expected(double value, double median) => median > 0 ? Math.Min(1, value / median) : null;
                foreach (var a in members)
                {
                    if (a.Credits[CouplingSignal.Embeddedness] != Expected(a.Embeddedness, embedded)) return false;
                    if (a.Credits[CouplingSignal.Circle] != Expected(a.SharedCircle, circle)) return false;
                    if (a.Credits[CouplingSignal.Place] != Expected(a.PlaceShare ?? 0, place)) return false;
                    if (a.Events > 0 && !a.Reasons.Contains(string.Create(CultureInfo.InvariantCulture, $"embeddedness {a.Embeddedness:0.00} (group median {embedded:0.00})"), StringComparison.Ordinal)) return false;
                    if (!a.Reasons.StartsWith((a.Inactive ? $"inactive: {a.Events} events in the period; " : "") + $"reached {a.ColleaguesReached} of {a.Colleagues} colleagues", StringComparison.Ordinal)) return false;
                    if (a.Credits.IsPresent(CouplingSignal.Ties) != true) return false;
                    if (a.Events > 0 && Math.Abs(a.Score - Math.Round(a.Credits.WeightedMean(SignalWeights.Default), 4)) > 1e-12) return false;
                }
            }
            return true;
        });
}
