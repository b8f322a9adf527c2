// Embedding CallGraph: read a roster and a CDR dump, run the whole job, use the records.
// Run from the repository root: dotnet run --project samples/LibraryExample -- samples/world
using CallGraph;
using CallGraph.Analysis;
using CallGraph.Ingest;
using CallGraph.Numbers;
using CallGraph.Rosters;

string world = args.Length > 0 ? args[0] : "samples/world";
var plan = NumberPlan.Default; // built-in mainland-China prefixes, China Mobile as home

Roster roster;
using (var members = new StreamReader(Path.Combine(world, "members.csv")))
    roster = Roster.Read(members, "members.csv", plan);

var run = CallGraphPipeline.Run(new[] { CdrSource.FromFile(Path.Combine(world, "cdr.csv.gz")) }, roster, plan);

Console.WriteLine($"{run.Ingest.Accepted:N0} CDRs, {run.Result.Groups.Count} groups");
foreach (var fake in run.Result.Members.Where(m => m.Verdict == Verdict.Fake).Take(5))
    Console.WriteLine($"fake  {fake.GroupId} {fake.Msisdn}  score {fake.Score:0.00}: {fake.Reasons}");
foreach (var prospect in run.Result.Prospects.Take(5))
    Console.WriteLine($"prospect {prospect.GroupId} {prospect.Msisdn} ({prospect.Operator}) talks to {prospect.MembersContacted} members");
return 0;
