using System.Globalization;
using System.Text;
using CallGraph.Aggregation;
using CallGraph.Analysis;
using CallGraph.Ingest;
using CallGraph.Numbers;
using CallGraph.Rosters;
using CallGraph.Tests.Ingest;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CallGraph.Tests.Numbers;

/// <summary>Opaque subscriber ids: interning, ordering, parsing, networks, and relabelling invariance of the analysis.</summary>
public class OpaqueIdTests
{
    private static PhoneNumber Id(string token) => SubscriberIds.Intern(token);

    [Fact]
    public void A_token_interns_to_one_stable_opaque_key_and_prints_as_itself()
    {
        var a = Id("u37");
        Assert.True(a.IsOpaque);
        Assert.Equal(a, Id("u37"));
        Assert.Equal(a, Id("  u37\t"));
        Assert.NotEqual(a, Id("u38"));
        Assert.Equal("u37", a.ToString());
        // Digits are a token like any other: not a phone number, not a service code.
        var digits = Id("10086");
        Assert.True(digits.IsOpaque);
        Assert.NotEqual(NumberNormalizer.Normalize("10086"), digits);
        Assert.Equal(NumberClass.Opaque, NumberNormalizer.Classify(digits));
        Assert.Equal("10086", digits.ToString());
        Assert.False(SubscriberIds.TryIntern("   "u8, out _));
        Assert.False(SubscriberIds.TryIntern("a\u0001b"u8, out _));
        var buffer = new byte[64];
        int n = Id("3f9a…").Format(buffer);
        Assert.Equal("3f9a…", Encoding.UTF8.GetString(buffer, 0, n));
    }

    [Theory]
    [InlineData("u37", true)]
    [InlineData("3f9a0c12ab45cd67", true)]
    [InlineData("1234567890123456789012", true)]
    [InlineData("abc", false)]
    [InlineData("13800138000", false)]
    [InlineData("138 0013", false)]
    [InlineData("u37\u001b[2J", false)]
    public void Campaign_inputs_take_tokens_that_read_as_ids_and_nothing_else(string text, bool token) =>
        Assert.Equal(token, SubscriberIds.LooksLikeToken(text));

    /// <summary>The fewest bytes this thread allocated in any of <paramref name="rounds"/> calls of <paramref name="action"/>.</summary>
    private static long LeastAllocatedOf(int rounds, Action action)
    {
        long least = long.MaxValue;
        for (int r = 0; r < rounds; r++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            action();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }

    [Fact]
    public void Interning_a_known_id_allocates_nothing()
    {
        var tokens = Enumerable.Range(0, 100).Select(i => Encoding.UTF8.GetBytes("hash-" + i.ToString("x8", CultureInfo.InvariantCulture))).ToArray();
        ulong Rounds()
        {
            ulong sum = 0;
            for (int round = 0; round < 50; round++)
                foreach (var t in tokens)
                {
                    SubscriberIds.TryIntern(t, out var id);
                    sum += id.Key;
                }
            return sum;
        }
        // The first round interns the tokens. The JIT may still queue a method for recompiling in a later round
        // (it allocates once, on this thread, when a busy test run delays tiering), so the least a round allocated
        // is measured: interning that allocated per call would show in every round.
        Assert.NotEqual(0UL, Rounds());
        Assert.Equal(0, LeastAllocatedOf(8, () => Rounds()));
    }

    [Fact]
    public void Parsing_rows_of_known_opaque_ids_with_operator_columns_allocates_nothing()
    {
        var header = CdrHeader.Parse("caller,callee,start_time,duration_s,type,cell_id,caller_operator,callee_operator"u8, new CdrReaderOptions(), "t.csv", 1);
        var text = new StringBuilder();
        for (int i = 0; i < 2000; i++)
            text.Append(CultureInfo.InvariantCulture, $"u{i % 50},{(i * 7919) % 1000:x8},2026-06-01 09:{i % 60:00}:00,{i % 300},voice,c{i % 9},cmcc,{(i % 2 == 0 ? "cucc" : "")}\n");
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        var chunk = new Chunk(bytes.Length);
        var subscribers = new SubscriberNetworks(OperatorTable.BuiltIn, "cmcc");
        var parser = new CdrRowParser(CdrTimeFormat.Automatic, null, null, ids: SubscriberIdKind.Opaque, subscribers: subscribers);
        var file = new CdrFile(0, "t.csv", header);
        void ParseOnce()
        {
            chunk.Reset(file, firstLine: 2);
            bytes.CopyTo(chunk.Buffer, 0);
            chunk.Length = bytes.Length;
            parser.Parse(chunk);
        }
        ParseOnce(); // first sight of each id and operator, and the parser's batch growing
        Assert.Equal(2000, parser.Count);
        // The least any pass allocated: see Interning_a_known_id_allocates_nothing.
        Assert.Equal(0, LeastAllocatedOf(8, ParseOnce));
        Assert.Equal(2000, parser.Count);
    }

    [Property(MaxTest = 500)]
    public Property Sort_keys_round_trip_and_order_like_CompareTo_with_ids_after_numbers()
    {
        var party = Gen.OneOf(
            Gen.Choose(1, int.MaxValue).Select(i => NumberNormalizer.Normalize("1" + (3_800_000_000L + i).ToString(CultureInfo.InvariantCulture))),
            Gen.Choose(0, 5000).Select(i => Id("id" + i.ToString(CultureInfo.InvariantCulture))));
        return Prop.ForAll(party.ToArbitrary(), party.ToArbitrary(), (a, b) =>
        {
            Assert.Equal(a, PhoneNumber.FromSortKey(PhoneNumber.SortKey(a.Key)));
            Assert.Equal(Math.Sign(a.CompareTo(b)), Math.Sign(PhoneNumber.SortKey(a.Key).CompareTo(PhoneNumber.SortKey(b.Key))));
            if (a.IsOpaque && !b.IsOpaque) Assert.True(a > b);
        });
    }

    [Fact]
    public void The_reader_takes_any_token_as_an_id_and_records_operator_columns()
    {
        var subscribers = new SubscriberNetworks(OperatorTable.BuiltIn, "cmcc");
        var options = new CdrReaderOptions { Threads = 1, Ids = SubscriberIdKind.Opaque, Subscribers = subscribers };
        string dump = """
            caller,callee,start_time,duration_s,caller_operator,callee_operator
            37,u9,2026-06-01 09:00:00,60,cmcc,cucc
            3f9a0c,37,2026-06-01 09:05:00,30,,CMCC
            37,37,2026-06-01 09:06:00,30,cmcc,cmcc
            ,u9,2026-06-01 09:07:00,30,cmcc,cucc
            u9,u10,2026-06-01 09:08:00,30,cucc,vodafone
            10086,u9,2026-06-01 09:09:00,30,,

            """;
        var outcome = ReaderHarness.Read([ReaderHarness.Text("ids.csv", dump)], options);
        ReaderHarness.AssertBalanced(outcome.Report);
        Assert.Equal(6, outcome.Report.RowsRead);
        Assert.Equal(3, outcome.Report.Accepted);
        Assert.Equal(["4,2,self_call", "5,1,empty_field", "6,6,unknown_operator"], ReaderHarness.RejectCells(outcome.Rejects));
        Assert.All(outcome.Cdrs, c => Assert.True(c.Caller.IsOpaque && c.Callee.IsOpaque));
        Assert.Contains(outcome.Cdrs, c => c.Caller == Id("10086") && c.Callee == Id("u9"));
        var plan = new NumberPlan(subscribers);
        Assert.Equal(Network.OnNet, plan.Describe(Id("37")).Network);
        Assert.Equal(Network.OffNet, plan.Describe(Id("u9")).Network);
        Assert.Equal("cucc", plan.OperatorName(plan.Describe(Id("u9")).Operator));
        Assert.Equal(Network.Unknown, plan.Describe(Id("3f9a0c")).Network);
        Assert.Equal(1, subscribers.IdsWithoutNetwork);
    }

    [Fact]
    public void Columns_win_over_the_table_which_wins_over_the_roster()
    {
        var listed = new[] { new KeyValuePair<PhoneNumber, string>(Id("p1"), "cucc"), new KeyValuePair<PhoneNumber, string>(Id("p2"), "ctcc") };
        var subscribers = new SubscriberNetworks(OperatorTable.BuiltIn, "cmcc", listed);
        var plan = new NumberPlan(subscribers);
        var roster = Roster.Read(new StringReader("group_id,msisdn\nG,p1\nG,p3\n"), "r.csv", plan);
        Assert.Empty(roster.Issues);
        Assert.Equal(Network.OffNet, plan.Describe(Id("p1")).Network); // the table beats the roster
        Assert.Equal(Network.OnNet, plan.Describe(Id("p3")).Network);  // roster only: on-net
        Assert.True(subscribers.RecordFromCdr(Id("p2"), "cmcc"u8));
        Assert.Equal(Network.OnNet, plan.Describe(Id("p2")).Network);  // a column beats the table
        Assert.False(plan.IsHomeNetwork(Id("p2")));                     // the hot loop sees only what was known before reading
        Assert.Equal(Network.Unknown, plan.Describe(Id("p4")).Network);
    }

    /// <summary>A small world: one roster, outsiders on- and off-net, random calls touching a member.</summary>
    private sealed record World(PhoneNumber[] Members, PhoneNumber[] Outsiders, Cdr[] Cdrs);

    private static Gen<World> Worlds =>
        from size in Gen.Choose(5, 12)
        from outsiders in Gen.Choose(2, 10)
        from calls in Gen.Choose(20, 160)
        from seed in Gen.Choose(0, int.MaxValue)
        select MakeWorld(size, outsiders, calls, seed);

    private static World MakeWorld(int size, int outsiderCount, int calls, int seed)
    {
        var random = new Random(seed);
        var members = Enumerable.Range(0, size).Select(i => PhoneNumber.FromDigits(11, 13800000000UL + (ulong)i)).ToArray();
        var outsiders = Enumerable.Range(0, outsiderCount)
            .Select(i => PhoneNumber.FromDigits(11, (i % 3 == 0 ? 13900000000UL : 18600000000UL) + (ulong)i)).ToArray();
        var everyone = members.Concat(outsiders).ToArray();
        var cdrs = new List<Cdr>();
        for (int k = 0; k < calls; k++)
        {
            var a = members[random.Next(members.Length)];
            var b = everyone[random.Next(everyone.Length)];
            if (a == b) continue;
            if (random.Next(2) == 0) (a, b) = (b, a);
            long start = TestWorld.At(random.Next(7), random.Next(24), random.Next(60));
            bool sms = random.Next(4) == 0;
            cdrs.Add(new Cdr(a, b, start, sms ? 0 : random.Next(1, 600), sms ? CdrType.Sms : CdrType.Voice, (ulong)random.Next(0, 4)));
        }
        return new World(members, outsiders, cdrs.ToArray());
    }

    private static AnalysisResult Analyze(World world, NumberPlan plan, Func<PhoneNumber, PhoneNumber> label, Roster? roster = null)
    {
        roster ??= new Roster(world.Members.Select(m => ("G", label(m))));
        var aggregator = new CallAggregator(roster, null, plan);
        var sink = aggregator.CreateSink();
        foreach (var c in world.Cdrs) sink.Add(c with { Caller = label(c.Caller), Callee = label(c.Callee) });
        return GroupAnalyzer.Analyze(aggregator.Complete(), plan, new AnalysisOptions { Threads = 1 });
    }

    [Property(MaxTest = 60)]
    public Property Relabelling_numbers_as_opaque_ids_relabels_the_analysis_and_changes_nothing_else()
    {
        return Prop.ForAll(Worlds.ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (world, salt) =>
        {
            var phone = Analyze(world, NumberPlan.Default, n => n);
            // Hashed tokens; outsiders' operators in a subscriber table, members on-net by the roster.
            var token = world.Members.Concat(world.Outsiders).ToDictionary(n => n,
                n => Id(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(salt + ":" + n)))[..16].ToLowerInvariant()));
            var listed = world.Outsiders.Select(n => new KeyValuePair<PhoneNumber, string>(token[n], NumberPlan.Default.Operators.LookupName(n)));
            var plan = new NumberPlan(new SubscriberNetworks(OperatorTable.BuiltIn, "cmcc", listed));
            var roster = new Roster(world.Members.Select(m => ("G", token[m])));
            plan.Subscribers!.AddRosterMembers(roster.Groups.SelectMany(g => g.Members));
            var opaque = Analyze(world, plan, n => token[n], roster);

            var expected = phone.Members.Select(m => (token[m.Msisdn], m.Verdict, Math.Round(m.Score, 9), m.Operator, m.ColleaguesReached)).OrderBy(t => t.Item1.Key).ToList();
            var actual = opaque.Members.Select(m => (m.Msisdn, m.Verdict, Math.Round(m.Score, 9), m.Operator, m.ColleaguesReached)).OrderBy(t => t.Item1.Key).ToList();
            Assert.Equal(expected, actual);
            Assert.Equal(phone.Prospects.Select(p => token[p.Msisdn]).OrderBy(k => k.Key), opaque.Prospects.Select(p => p.Msisdn).OrderBy(k => k.Key));
            Assert.Equal(phone.PotentialMembers.Select(p => token[p.Msisdn]).OrderBy(k => k.Key), opaque.PotentialMembers.Select(p => p.Msisdn).OrderBy(k => k.Key));
            Assert.Equal(phone.Groups.Select(g => (g.Genuine, g.Fake, g.Prospects, g.PotentialMembers)), opaque.Groups.Select(g => (g.Genuine, g.Fake, g.Prospects, g.PotentialMembers)));
        });
    }
}
