using CallGraph.Aggregation;
using CallGraph.Analysis;
using CallGraph.Ingest;
using CallGraph.Numbers;
using CallGraph.Rosters;

namespace CallGraph.Tests;

/// <summary>Builds tiny hand-made worlds: rosters plus CDRs, then aggregates and analyses them.</summary>
internal sealed class TestWorld
{
    /// <summary>Monday 2026-06-01 00:00 on the dump clock.</summary>
    public static readonly long Monday = CdrClock.FromDateTime(new DateTime(2026, 6, 1));

    public readonly List<(string Group, PhoneNumber Number)> RosterRows = new();
    public readonly List<Cdr> Cdrs = new();
    private int _serial;

    /// <summary>A fresh on-net (cmcc, 138) number.</summary>
    public PhoneNumber OnNet() => PhoneNumber.FromDigits(11, 13800000000UL + (ulong)++_serial);

    /// <summary>A fresh off-net (cucc, 186) number.</summary>
    public PhoneNumber OffNet() => PhoneNumber.FromDigits(11, 18600000000UL + (ulong)++_serial);

    public PhoneNumber[] AddGroup(string id, int size)
    {
        var members = Enumerable.Range(0, size).Select(_ => OnNet()).ToArray();
        foreach (var n in members) RosterRows.Add((id, n));
        return members;
    }

    public void AddMember(string group, PhoneNumber n) => RosterRows.Add((group, n));

    /// <summary>Day d (0 = Monday) at hour h.</summary>
    public static long At(int day, int hour, int minute = 0) => Monday + day * 86400L + hour * 3600L + minute * 60L;

    public void Call(PhoneNumber a, PhoneNumber b, long start, int seconds = 60, ulong cell = 0) =>
        Cdrs.Add(new Cdr(a, b, start, seconds, CdrType.Voice, cell));

    public void Sms(PhoneNumber a, PhoneNumber b, long start) => Cdrs.Add(new Cdr(a, b, start, 0, CdrType.Sms, 0));

    /// <summary>Colleague traffic: every pair calls each other on several weekdays in working hours.</summary>
    public void Clique(PhoneNumber[] members, ulong officeCell = 0, int days = 5)
    {
        for (int i = 0; i < members.Length; i++)
            for (int j = i + 1; j < members.Length; j++)
                for (int d = 0; d < days; d++)
                {
                    Call(members[i], members[j], At(d, 10 + (i + j) % 7), 90, officeCell);
                    Call(members[j], members[i], At(d, 11 + (i * j) % 6), 45, officeCell);
                }
    }

    public Roster Roster() => new(RosterRows);

    public CallAggregate Aggregate(Roster roster, IEnumerable<Cdr>? cdrs = null)
    {
        var aggregator = new CallAggregator(roster);
        var sink = aggregator.CreateSink();
        foreach (var c in cdrs ?? Cdrs) sink.Add(c);
        return aggregator.Complete();
    }

    public AnalysisResult Analyze(AnalysisOptions? options = null)
    {
        var roster = Roster();
        return GroupAnalyzer.Analyze(Aggregate(roster), NumberPlan.Default, options);
    }
}
