using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CallGraph.Campaigns.Tests;

/// <summary>Selection is a function of the prospect set, not of the order of the file.</summary>
public sealed class SelectionPropertyTests : IDisposable
{
    private static readonly Arbitrary<int> Seeds = Arb.From(Gen.Choose(0, 1_000_000));
    private readonly StoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    // Few distinct numbers, groups, shares and member counts, so ties and repeated numbers are common.
    private static List<Prospect> RandomProspects(int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, random.Next(0, 25)).Select(_ => new Prospect(
            "G" + random.Next(1, 4), (13900000000 + random.Next(0, 12)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            random.Next(2) == 0 ? "unicom" : "telecom", random.Next(1, 4), random.Next(1, 5) / 4.0)).ToList();
    }

    private List<Target> SelectInNewCampaign(IEnumerable<Prospect> prospects, TargetCriteria criteria)
    {
        var workflow = _fixture.Workflow;
        long id = workflow.Create(new CampaignDraft("p"), "t").Id;
        workflow.Select(id, prospects, criteria, "t");
        workflow.Close(id, "t"); // release the numbers for the next campaign
        return workflow.GetTargets(id).Select(t => t with { CampaignId = 0 }).ToList();
    }

    [Property]
    public Property Shuffling_the_prospects_selects_the_same_targets_in_the_same_order() =>
        Prop.ForAll(Seeds, seed =>
        {
            var prospects = RandomProspects(seed);
            var shuffled = prospects.OrderBy(_ => new Random(seed + 1).Next()).Reverse().ToList();
            var criteria = new TargetCriteria(Limit: new Random(seed).Next(0, 3) == 0 ? 4 : null);
            return SelectInNewCampaign(prospects, criteria).SequenceEqual(SelectInNewCampaign(shuffled, criteria));
        });
}
