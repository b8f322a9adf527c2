using CallGraph.Campaigns.Reporting;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CallGraph.Campaigns.Tests;

/// <summary>Invariants of reports and selection over random small campaigns.</summary>
public class ReportPropertyTests
{
    private static readonly Arbitrary<int> Seeds = Arb.From(Gen.Choose(0, 1_000_000));
    private static readonly Campaign AnyCampaign = new(1, "p", null, null, null, CampaignStatus.Open, DateTimeOffset.UnixEpoch, "t");

    private static List<Target> RandomTargets(int seed)
    {
        var random = new Random(seed);
        string?[] managers = ["amy", "bo", null];
        return Enumerable.Range(0, random.Next(0, 30)).Select(i => new Target(1, (13900000000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), "G",
            "unicom", random.Next(1, 20), random.Next(0, 101) / 100.0, managers[random.Next(3)],
            (TargetOutcome)random.Next(0, 5), random.Next(0, 500), random.Next(0, 100), null)).ToList();
    }

    [Property]
    public Property Managers_and_bands_partition_the_campaign() =>
        Prop.ForAll(Seeds, seed =>
        {
            var targets = RandomTargets(seed);
            var report = CampaignReporter.Build(AnyCampaign, targets, ShareBands.Default);
            var parts = new[] { report.ByManager.Select(m => m.Figures), report.ByBand.Select(b => b.Figures) };
            return parts.All(p =>
                p.Sum(f => f.Targets) == report.Total.Targets && p.Sum(f => f.Contacted) == report.Total.Contacted
                && p.Sum(f => f.Won) == report.Total.Won && p.Sum(f => f.Revenue) == report.Total.Revenue && p.Sum(f => f.Cost) == report.Total.Cost)
                && report.ByBand[^1].CumulativeRevenue == report.Total.Revenue
                && report.ByBand[^1].CumulativeCost == report.Total.Cost;
        });

    [Property]
    public Property The_order_targets_arrive_in_does_not_change_the_report() =>
        Prop.ForAll(Seeds, seed =>
        {
            var targets = RandomTargets(seed);
            var shuffled = targets.OrderBy(_ => new Random(seed + 1).Next()).Reverse().ToList();
            static string Json(CampaignReport r)
            {
                var w = new StringWriter();
                CampaignReportWriter.WriteJson(r, w);
                return w.ToString();
            }
            return Json(CampaignReporter.Build(AnyCampaign, targets, ShareBands.Default))
                == Json(CampaignReporter.Build(AnyCampaign, shuffled, ShareBands.Default));
        });

    [Property]
    public Property Every_share_from_0_to_1_falls_in_exactly_one_default_band() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, 10_000)), n => ShareBands.Default.Count(b => b.Contains(n / 10_000.0)) == 1);
}
