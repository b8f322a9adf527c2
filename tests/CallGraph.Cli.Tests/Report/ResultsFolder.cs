using CallGraph.Aggregation;
using CallGraph.Cli;
using CallGraph.Analysis;
using CallGraph.Graphs;
using CallGraph.Ingest;
using CallGraph.Numbers;
using CallGraph.Output;
using CallGraph.Reporting;
using CallGraph.Rosters;

namespace CallGraph.Cli.Tests.Report;

/// <summary>
/// Builds a small world (seeded, so always the same), analyses it with the library and writes an analyze-style
/// results folder: the CSV files, summary.json, per-period trends and alerts, and graphs/&lt;group&gt;.json.
/// </summary>
internal sealed class ResultsFolder : IDisposable
{
    public string Dir { get; }
    public AnalysisResult Result { get; }

    private static readonly long Monday = CdrClock.FromDateTime(new DateTime(2026, 6, 1));

    private static long At(int day, int hour, int minute = 0) => Monday + day * 86400L + hour * 3600L + minute * 60L;

    public ResultsFolder(bool withPeriods = true)
    {
        Dir = Path.Combine(Path.GetTempPath(), "callgraph-report-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Dir);
        var random = new Random(20260601);
        ulong serial = 0;
        PhoneNumber OnNet() => PhoneNumber.FromDigits(11, 13800000000UL + ++serial);
        PhoneNumber OffNet() => PhoneNumber.FromDigits(11, 18600000000UL + ++serial);
        var rows = new List<(string, PhoneNumber)>();
        var cdrs = new List<Cdr>();
        void Call(PhoneNumber a, PhoneNumber b, long t, int s, ulong cell = 0) => cdrs.Add(new Cdr(a, b, t, s, CdrType.Voice, cell));

        var specs = new (string Id, string Name, string Branch, string Manager, int Size, int Teams, int Fakes, int Prospects, int Employees)[]
        {
            ("G00001", "中国移动测试集团", "北京分公司", "王经理", 36, 3, 5, 3, 2),
            ("G00002", "<script>alert('x')</script> & Co", "Shanghai", "Li Na", 22, 2, 3, 2, 1),
            ("G00003", "华东物流有限公司", "Shanghai", "Li Na", 16, 2, 2, 1, 0),
            ("G00004", "Northwind Traders", "北京分公司", "王经理", 12, 1, 1, 1, 1),
            ("G00005", "Tiny Studio", "Shanghai", "Li Na", 5, 1, 0, 0, 0),
        };
        var info = new Dictionary<string, GroupInfo>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            info[spec.Id] = new GroupInfo(spec.Id, spec.Name, spec.Branch, spec.Manager, "");
            var members = Enumerable.Range(0, spec.Size).Select(_ => OnNet()).ToArray();
            foreach (var m in members) rows.Add((spec.Id, m));
            int real = spec.Size - spec.Fakes;
            ulong cell = (ulong)(1000 + rows.Count);
            // Teams: dense traffic inside, a few ties across.
            for (int i = 0; i < real; i++)
                for (int j = i + 1; j < real; j++)
                {
                    bool sameTeam = i % spec.Teams == j % spec.Teams;
                    if (!sameTeam && random.Next(6) != 0) continue;
                    int days = sameTeam ? 2 + random.Next(4) : 1;
                    for (int d = 0; d < days; d++)
                    {
                        Call(members[i], members[j], At(d, 9 + random.Next(8), random.Next(60)), 30 + random.Next(300), cell);
                        Call(members[j], members[i], At(d, 9 + random.Next(8), random.Next(60)), 30 + random.Next(300), cell);
                    }
                }
            // Fakes: a relative calling one member in the evening, or a dormant SIM.
            for (int f = 0; f < spec.Fakes; f++)
            {
                var fake = members[real + f];
                if (f % 2 == 0)
                    for (int d = 0; d < 5; d++) Call(fake, members[f], At(d, 20 + random.Next(3)), 300);
                else Call(fake, OnNet(), At(2, 12), 20);
            }
            for (int p = 0; p < spec.Prospects; p++)
            {
                var prospect = OffNet();
                int reach = Math.Max(2, spec.Size / 5 + p);
                for (int k = 0; k < reach; k++) Call(prospect, members[(k * 3 + p) % real], At(k % 5, 10 + k % 7), 120);
            }
            for (int e = 0; e < spec.Employees; e++)
            {
                var employee = OffNet();
                for (int k = 0; k < Math.Min(real, 7); k++)
                    for (int d = 0; d < 4; d++)
                    {
                        Call(employee, members[(k * spec.Teams + e) % real], At(d, 10 + k % 5), 90, cell);
                        Call(members[(k * spec.Teams + e) % real], employee, At(d, 14 + k % 3), 60, cell);
                    }
            }
            foreach (var m in members.Take(real)) Call(m, OnNet(), At(5, 19), 60);
        }

        var roster = new Roster(rows);
        var aggregator = new CallAggregator(roster);
        var sink = aggregator.CreateSink();
        foreach (var c in cdrs) sink.Add(c);
        var aggregate = aggregator.Complete();
        var plan = NumberPlan.Default;
        Result = GroupAnalyzer.Analyze(aggregate, plan, new AnalysisOptions { Threads = 1 }, info);

        Write("members.csv", w => ResultWriter.WriteMembers(w, Result.Members));
        Write("groups.csv", w => ResultWriter.WriteGroups(w, Result.Groups));
        Write("prospects.csv", w => ResultWriter.WriteCircle(w, Result.Prospects));
        Write("potential-members.csv", w => ResultWriter.WriteCircle(w, Result.PotentialMembers));
        Write("competitor-members.csv", w => ResultWriter.WriteCircle(w, Result.CompetitorLike));
        Write("rollup.csv", w => ResultWriter.WriteRollups(w, Rollups.Build(Result.Groups)));
        Write("summary.json", w => w.Write("{\"cdr_rows\":" + cdrs.Count + ",\"groups\":" + Result.Groups.Count + ",\"periods\":[\"2026-05\",\"2026-06\"]}\n"));
        if (withPeriods)
        {
            var trends = new List<TrendRow>();
            foreach (var g in Result.Groups.Where(g => g.Scored))
            {
                double before = Math.Min(1, (g.MarketShare ?? 0) + (g.GroupId == "G00001" ? 0.12 : 0.01));
                trends.Add(new TrendRow(g.GroupId, "2026-05", Math.Round(before, 4), null, g.Purity, null, Math.Max(0, g.Prospects - 1), null, g.Genuine, g.EstimatedCompetitorMembers));
                trends.Add(new TrendRow(g.GroupId, "2026-06", g.MarketShare, g.MarketShare is double s ? Math.Round((s - before) * 100, 2) : null, g.Purity, 0, g.Prospects, 1, g.Genuine, g.EstimatedCompetitorMembers));
            }
            Write("trends.csv", w => ResultWriter.WriteTrends(w, trends));
            var g1 = Result.Groups.Single(g => g.GroupId == "G00001");
            var moved = Result.CompetitorLike.Where(c => c.GroupId == "G00001").Take(1)
                .Select(c => new MovedMember(Result.Members.First(m => m.GroupId == "G00001").Msisdn, 60, 3, c.Msisdn, c.Operator, 0.8)).ToArray();
            Write("alerts.csv", w => ResultWriter.WriteAlerts(w, new[] { new ShareAlert("G00001", "2026-05", "2026-06", Math.Round((g1.MarketShare ?? 0) + 0.12, 4), g1.MarketShare ?? 0, 12, moved) }));
        }
        Directory.CreateDirectory(Path.Combine(Dir, "graphs"));
        foreach (var group in roster.Groups)
        {
            var graph = GroupGraph.Build(aggregate, group);
            string id = group.GroupId;
            Write(ReportLoader.GraphFile(id), w => GraphExport.WriteJson(w, graph,
                Result.Members.Where(m => m.GroupId == id).ToList(), Result.Prospects.Where(p => p.GroupId == id).ToList(),
                Result.PotentialMembers.Where(p => p.GroupId == id).ToList(), Result.CompetitorLike.Where(p => p.GroupId == id).ToList()));
        }
    }

    public string PathOf(string name) => Path.Combine(Dir, name.Replace('/', Path.DirectorySeparatorChar));

    public void Write(string name, Action<TextWriter> write)
    {
        using var writer = new StreamWriter(PathOf(name), false, ResultWriter.Utf8);
        writer.NewLine = "\n";
        write(writer);
    }

    /// <summary>Runs the CLI in-process, capturing its output.</summary>
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        int code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
