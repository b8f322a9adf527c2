using System.Globalization;
using CallGraph.Numbers;

namespace CallGraph.Synthetic;

/// <summary>The network a synthetic number belongs to. Only <see cref="Cmcc"/> is on-net.</summary>
internal enum Party : byte
{
    Cmcc = 0,
    Cucc = 1,
    Ctcc = 2,
    Fixed = 3,
    Service = 4,
}

/// <summary>What a person attached to a group really is.</summary>
internal enum ActorRole : byte
{
    Employee = 0,
    FieldStaff = 1,
    Dormant = 2,
    Relative = 3,
    Outsider = 4,
}

/// <summary>A person tied to a group (employee or planted fake). Index = person index.</summary>
internal struct Actor
{
    public int Group;
    public ActorRole Role;
    public bool OnRoster;
    public float Activity;
    public int TeamStart, TeamLength;       // employees: their team's actor range (self included)
    public int LinksStart, LinksCount;      // Links[]: cross-team colleagues, or the field worker's one colleague
    public int FamilyStart, FamilyCount;    // employee: its relatives; relative: all relatives of its anchor (self included)
    public int Anchor;                      // relative: the employee it belongs to; else -1
    public int PersonalStart, PersonalCount; // Personal[]: person indices of private contacts
    public int MovedTo;                     // poached employee: person index of the competitor line; else -1
    public int MoveMonth;                   // month index from which MovedTo carries the traffic
}

/// <summary>A group customer and its ground truth.</summary>
internal sealed class Group
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Branch { get; init; }
    public required string Manager { get; init; }
    public required string Industry { get; init; }
    public double HomeShare;
    public int ActorStart, ActorEnd, RegularEnd;
    public int[] OfficeCells = Array.Empty<int>();
    public int PartnerStart, PartnerCount;
    public List<int> ExtraRoster = new();
    public int SurveyedCompetitors = -1;

    public int Employees, OnNetEmployees, CompetitorEmployees, GenuineOnRoster, Fakes;
    public int Roster => GenuineOnRoster + Fakes + ExtraRoster.Count;
    public bool Scored => Roster >= World.ScoredRosterMinimum;
}

/// <summary>One poached employee: the on-net line it left and the competitor line it took.</summary>
internal readonly record struct Migration(int Group, int OldPerson, int NewPerson, int Month);

/// <summary>One calendar day of the dump.</summary>
internal readonly record struct Day(DateOnly Date, int Month, bool Weekend, double Weight);

/// <summary>
/// The whole synthetic population: every number with its network and home cell, the groups, their
/// employees and planted fakes, partners, and the public around them. Memory grows with the population only.
/// </summary>
internal sealed class World
{
    public const int ScoredRosterMinimum = 10;

    /// <summary>Mean group size of the size distribution, used to derive the group count from the row count.</summary>
    private const double MeanEmployeesPerGroup = 45;

    /// <summary>
    /// Dump rows per employee per month used to size the world. With colleagues' calls counted on both sides,
    /// about 200–250 rows touch each on-roster employee (10M rows ≈ 1,300 groups).
    /// </summary>
    private const double EventsPerEmployeeMonth = 135;

    public static readonly string[] PartyNames = { "cmcc", "cucc", "ctcc", "fixed", "service" };

    private static readonly string[] ServiceCodes = { "10086", "10010", "10000", "95588", "95555", "95533", "95511", "12315" };

    public required WorldOptions Options { get; init; }
    public required Day[] Days { get; init; }
    public ulong[] Numbers = Array.Empty<ulong>();
    public Party[] Parties = Array.Empty<Party>();
    public int[] HomeCells = Array.Empty<int>();
    public Actor[] Actors = Array.Empty<Actor>();
    public int[] Links = Array.Empty<int>();
    public int[] Personal = Array.Empty<int>();
    public int[] Partners = Array.Empty<int>();
    public bool[] PartnerShared = Array.Empty<bool>();
    public double[] PartnerCumulative = Array.Empty<double>();
    public Group[] Groups = Array.Empty<Group>();
    public int PublicStart, PublicCount;
    public int[] Services = Array.Empty<int>();
    public int ResidentialCells;
    public List<Migration> Migrations = new();
    public (int Day, int Actor)[] DormantPlan = Array.Empty<(int, int)>();

    private readonly List<ulong> _numbers = new();
    private readonly List<Party> _parties = new();
    private readonly List<int> _homeCells = new();
    private readonly List<int> _links = new();
    private readonly List<int> _personal = new();
    private KeyedPermutation _cellIds;
    private int _nextOfficeCell;

    /// <summary>The public cell id for a cell index: distinct 7-digit numbers.</summary>
    public int CellId(int cellIndex) => 1_000_000 + (int)_cellIds[(ulong)cellIndex];

    public static int DeriveGroupCount(WorldOptions options)
    {
        if (options.Groups is int g) return g;
        double perMonth = (double)options.Cdrs / options.Months;
        return Math.Max(1, (int)Math.Round(perMonth * 0.8 / (EventsPerEmployeeMonth * MeanEmployeesPerGroup)));
    }

    public static World Build(WorldOptions options)
    {
        var days = BuildDays(options);
        var world = new World { Options = options, Days = days };
        world.Populate();
        return world;
    }

    private static Day[] BuildDays(WorldOptions options)
    {
        // Month m runs from Start + m months (exclusive of the next), so any start day gives M whole periods.
        var first = options.FirstDay;
        var days = new List<Day>();
        for (int month = 0; month < options.Months; month++)
        {
            for (var d = first.AddMonths(month); d < first.AddMonths(month + 1); d = d.AddDays(1))
            {
                bool weekend = d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
                double weight = d.DayOfWeek switch { DayOfWeek.Saturday => 0.55, DayOfWeek.Sunday => 0.5, _ => 1.0 };
                // Without a working rhythm every day is alike: as busy as any other, with the weekday mix of calls.
                if (!options.Assume.WorkingRhythm) (weekend, weight) = (false, 1.0);
                days.Add(new Day(d, month, weekend, weight));
            }
        }
        return days.ToArray();
    }

    private int AddPerson(PhoneNumber number, Party party, int homeCell)
    {
        _numbers.Add(number.Key);
        _parties.Add(party);
        _homeCells.Add(homeCell);
        return _numbers.Count - 1;
    }

    private void Populate()
    {
        ulong seed = Options.Seed;
        var random = new SeededRandom(seed, 1);
        var mobile = new[]
        {
            NumberSource.Mobile("cmcc", SeededRandom.Mix(seed ^ 0xC0)),
            NumberSource.Mobile("cucc", SeededRandom.Mix(seed ^ 0xC1)),
            NumberSource.Mobile("ctcc", SeededRandom.Mix(seed ^ 0xC2)),
        };
        var fixedLines = NumberSource.FixedLines(SeededRandom.Mix(seed ^ 0xF1));
        var hotlines = NumberSource.Hotlines(SeededRandom.Mix(seed ^ 0x40));
        _cellIds = new KeyedPermutation(9_000_000, SeededRandom.Mix(seed ^ 0xCE11));

        int groupCount = DeriveGroupCount(Options);
        // Residential cells: roughly one per 30 people of the whole population (about 10 people per actor).
        ResidentialCells = Math.Max(200, groupCount * 450 / 30);
        _nextOfficeCell = ResidentialCells;

        var managers = Names.AccountManagers(random, 25);
        var groups = new Group[groupCount];
        var actors = new List<Actor>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int g = 0; g < groupCount; g++)
        {
            int industry = random.Next(Names.Industries.Length);
            string name = Names.GroupName(random, industry);
            for (int attempt = 0; !names.Add(name); attempt++)
                name = attempt < 5 ? Names.GroupName(random, industry) : string.Create(CultureInfo.InvariantCulture, $"{Names.GroupName(random, industry)} {g + 1}");
            int branch = random.Next(Names.Branches.Length);
            // Each manager covers one branch (manager i works in branch i mod 8).
            int managerSlot = branch + Names.Branches.Length * random.Next((managers.Length - 1 - branch) / Names.Branches.Length + 1);
            var group = new Group
            {
                Id = string.Create(CultureInfo.InvariantCulture, $"G{g + 1:D5}"),
                Name = name,
                Branch = Names.Branches[branch],
                Manager = managers[managerSlot],
                Industry = Names.Industries[industry],
                HomeShare = random.Uniform(Options.Assume.OnNetShareMin, Options.Assume.OnNetShareMax),
            };
            groups[g] = group;
            BuildGroup(group, g, random, mobile, actors);
        }
        Groups = groups;
        Actors = actors.ToArray();

        BuildPartners(random, mobile, fixedLines, hotlines);

        var services = new List<int>();
        foreach (var code in ServiceCodes) services.Add(AddPerson(PhoneNumber.FromDigitString(code), Party.Service, 0));
        for (int i = 0; i < 8; i++) services.Add(AddPerson(hotlines.Next(random), Party.Service, 0));
        Services = services.ToArray();

        // The public: personal contacts and background callers, shared across groups like a real city.
        PublicStart = _numbers.Count;
        PublicCount = Math.Max(2000, 8 * Actors.Length);
        for (int i = 0; i < PublicCount; i++)
        {
            double u = random.NextDouble();
            Party party = u < 0.55 ? Party.Cmcc : u < 0.77 ? Party.Cucc : u < 0.97 ? Party.Ctcc : Party.Fixed;
            var number = party == Party.Fixed ? fixedLines.Next(random) : mobile[(int)party].Next(random);
            AddPerson(number, party, random.Next(ResidentialCells));
        }

        AssignPersonalContacts(random);
        if (Options.Months > 1) PlanPoaching(random, mobile);
        AddDoubleRosters(random);
        PlanDormantEvents(random);
        PlanSurvey(random);

        Numbers = _numbers.ToArray();
        Parties = _parties.ToArray();
        HomeCells = _homeCells.ToArray();
        Links = _links.ToArray();
        Personal = _personal.ToArray();
        // The builders are done: drop them so only the compact arrays stay in memory during the long CDR phase.
        foreach (var list in new System.Collections.IList[] { _numbers, _parties, _homeCells, _links, _personal }) list.Clear();
        _numbers.TrimExcess(); _parties.TrimExcess(); _homeCells.TrimExcess(); _links.TrimExcess(); _personal.TrimExcess();
    }

    private void BuildGroup(Group group, int groupIndex, SeededRandom random, NumberSource[] mobile, List<Actor> actors)
    {
        var assume = Options.Assume;
        int employees = random.Chance(assume.SmallGroupShare)
            ? random.Between(assume.SmallGroupMin, assume.SmallGroupMax)
            : (int)Math.Clamp(Math.Round(random.LogNormal(assume.GroupSizeMedian, 0.85)), assume.GroupSizeMin, assume.GroupSizeMax);
        int offices = random.Between(1, 3);
        group.OfficeCells = new int[offices];
        for (int i = 0; i < offices; i++) group.OfficeCells[i] = _nextOfficeCell++;

        int field = 0;
        for (int i = 0; i < employees; i++) if (random.Chance(assume.FieldStaffShare)) field++;
        if (field == employees) field = 0;
        int regular = employees - field;
        group.ActorStart = actors.Count;
        group.RegularEnd = group.ActorStart + regular;
        group.Employees = employees;

        Actor NewEmployee(ActorRole role)
        {
            Party party = random.Chance(group.HomeShare) ? Party.Cmcc : random.Chance(0.5) ? Party.Cucc : Party.Ctcc;
            int person = AddPerson(mobile[(int)party].Next(random), party, random.Next(ResidentialCells));
            bool onRoster = party == Party.Cmcc && random.Chance(0.9);
            if (party == Party.Cmcc) group.OnNetEmployees++; else group.CompetitorEmployees++;
            if (onRoster) group.GenuineOnRoster++;
            System.Diagnostics.Debug.Assert(person == actors.Count);
            return new Actor
            {
                Group = groupIndex, Role = role, OnRoster = onRoster, Activity = EmployeeActivity(random, assume.Activity),
                Anchor = -1, MovedTo = -1, MoveMonth = int.MaxValue,
            };
        }

        if (assume.Ties == ColleagueTies.Random)
        {
            BuildRandomTies(group, regular, random, actors, NewEmployee, assume.TieDensity);
        }
        else
        {
            BuildTeams(group, regular, random, actors, NewEmployee, assume.TieDensity);
        }
        // Field staff: out with the customers; at most one colleague they talk to.
        for (int i = 0; i < field; i++)
        {
            var a = NewEmployee(ActorRole.FieldStaff);
            a.LinksStart = _links.Count;
            if (regular > 0 && random.Chance(0.5)) _links.Add(group.ActorStart + random.Next(regular));
            a.LinksCount = _links.Count - a.LinksStart;
            actors.Add(a);
        }
        int employeesEnd = actors.Count;

        // Planted fakes: a per-group fraction of the roster, uniform in [0, 0.25].
        double fakeShare = random.Uniform(0, 0.25);
        int fakes = (int)Math.Round(fakeShare / (1 - fakeShare) * group.GenuineOnRoster);
        int dormant = 0, relatives = 0, outsiders = 0;
        for (int i = 0; i < fakes; i++)
        {
            double u = random.NextDouble();
            if (u < 0.3) dormant++; else if (u < 0.7) relatives++; else outsiders++;
        }
        var anchors = new List<int>();
        for (int i = group.ActorStart; i < employeesEnd; i++) if (actors[i].OnRoster) anchors.Add(i);
        Shuffle(anchors, random);
        int nextAnchor = 0;
        while (relatives > 0 && nextAnchor < anchors.Count)
        {
            int anchor = anchors[nextAnchor++];
            int count = Math.Min(relatives, random.Chance(0.4) ? 2 : 1);
            int familyStart = actors.Count;
            var owner = actors[anchor];
            owner.FamilyStart = familyStart;
            owner.FamilyCount = count;
            actors[anchor] = owner;
            for (int k = 0; k < count; k++)
            {
                // Relatives often live with the employee: same home cell half of the time.
                int home = random.Chance(0.5) ? _homeCells[anchor] : random.Next(ResidentialCells);
                AddPerson(mobile[0].Next(random), Party.Cmcc, home);
                actors.Add(new Actor
                {
                    Group = groupIndex, Role = ActorRole.Relative, OnRoster = true, Activity = (float)random.LogNormal(1.0, 0.35),
                    Anchor = anchor, FamilyStart = familyStart, FamilyCount = count, MovedTo = -1, MoveMonth = int.MaxValue,
                });
            }
            relatives -= count;
        }
        outsiders += relatives;
        for (int i = 0; i < dormant + outsiders; i++)
        {
            AddPerson(mobile[0].Next(random), Party.Cmcc, random.Next(ResidentialCells));
            actors.Add(new Actor
            {
                Group = groupIndex, Role = i < dormant ? ActorRole.Dormant : ActorRole.Outsider, OnRoster = true,
                Activity = i < dormant ? 0 : (float)random.LogNormal(1.0, 0.35), Anchor = -1, MovedTo = -1, MoveMonth = int.MaxValue,
            });
        }
        group.Fakes = actors.Count - employeesEnd;
        group.ActorEnd = actors.Count;
    }

    /// <summary>Regular employees in teams of 4–12 (a short last team joins the previous one), each with 1–4 cross-team colleagues; <paramref name="density"/> scales both.</summary>
    private void BuildTeams(Group group, int regular, SeededRandom random, List<Actor> actors, Func<ActorRole, Actor> newEmployee, double density)
    {
        int start = group.ActorStart;
        int placed = 0;
        int minimum = density == 1 ? 4 : Math.Max(2, (int)Math.Round(4 * density));
        while (placed < regular)
        {
            int drawn = random.Between(4, 12);
            if (density != 1) drawn = Math.Max(2, (int)Math.Round(drawn * density));
            int size = Math.Min(drawn, regular - placed);
            if (regular - placed - size > 0 && regular - placed - size < minimum) size = regular - placed;
            for (int i = 0; i < size; i++)
            {
                var a = newEmployee(ActorRole.Employee);
                a.TeamStart = start + placed;
                a.TeamLength = size;
                actors.Add(a);
            }
            placed += size;
        }
        // Cross-team ties: 1–4 fixed colleagues outside the own team.
        for (int i = group.ActorStart; i < group.RegularEnd; i++)
        {
            var a = actors[i];
            int outside = regular - a.TeamLength;
            a.LinksStart = _links.Count;
            if (outside > 0)
            {
                int drawn = random.Between(1, 4);
                if (density != 1) drawn = (int)Math.Round(drawn * density);
                int want = Math.Min(outside, drawn);
                for (int k = 0; k < want; k++)
                {
                    int pick = random.Next(outside);
                    int idx = group.ActorStart + pick;
                    if (idx >= a.TeamStart) idx += a.TeamLength;
                    if (!ContainsFrom(_links, a.LinksStart, idx)) _links.Add(idx);
                }
            }
            a.LinksCount = _links.Count - a.LinksStart;
            actors[i] = a;
        }
    }

    /// <summary>
    /// Regular employees without teams: each is tied to 2–8 colleagues (times <paramref name="density"/>, at least 1)
    /// drawn at random across the whole group, so there is no local clustering to lean on.
    /// </summary>
    private void BuildRandomTies(Group group, int regular, SeededRandom random, List<Actor> actors, Func<ActorRole, Actor> newEmployee, double density)
    {
        for (int i = 0; i < regular; i++)
        {
            var a = newEmployee(ActorRole.Employee);
            a.TeamStart = group.ActorStart + i;
            a.TeamLength = 1;
            actors.Add(a);
        }
        for (int i = group.ActorStart; i < group.RegularEnd; i++)
        {
            var a = actors[i];
            a.LinksStart = _links.Count;
            if (regular > 1)
            {
                int want = Math.Min(regular - 1, Math.Max(1, (int)Math.Round(random.Between(2, 8) * density)));
                for (int attempt = 0; _links.Count - a.LinksStart < want && attempt < want * 8; attempt++)
                {
                    int idx = group.ActorStart + random.Next(regular - 1);
                    if (idx >= i) idx++;
                    if (!ContainsFrom(_links, a.LinksStart, idx)) _links.Add(idx);
                }
            }
            a.LinksCount = _links.Count - a.LinksStart;
            actors[i] = a;
        }
    }

    private void BuildPartners(SeededRandom random, NumberSource[] mobile, NumberSource fixedLines, NumberSource hotlines)
    {
        if (Options.Assume.Partners == PartnerPopularity.Zipf)
        {
            BuildZipfPartners(random, mobile, fixedLines, hotlines);
            return;
        }
        // Shared partners (couriers, telemarketers, suppliers) reach many groups.
        int sharedCount = Math.Max(3, Groups.Length / 25);
        var shared = new int[sharedCount];
        for (int i = 0; i < sharedCount; i++)
        {
            double u = random.NextDouble();
            Party party = u < 0.3 ? Party.Cmcc : u < 0.55 ? Party.Cucc : u < 0.8 ? Party.Ctcc : Party.Service;
            var number = party == Party.Service ? hotlines.Next(random) : mobile[(int)party].Next(random);
            shared[i] = AddPerson(number, party, random.Next(ResidentialCells));
        }
        var partners = new List<int>();
        var isShared = new List<bool>();
        var cumulative = new List<double>();
        var list = new List<(int Person, bool Shared)>();
        foreach (var group in Groups)
        {
            list.Clear();
            int count = 5 + group.Employees / 8;
            int sharedPicks = Math.Min(count, Math.Min(sharedCount, random.Between(1, 3)));
            while (list.Count < sharedPicks)
            {
                int p = shared[random.Next(sharedCount)];
                if (!list.Exists(x => x.Person == p)) list.Add((p, true));
            }
            while (list.Count < count)
            {
                double u = random.NextDouble();
                Party party = u < 0.35 ? Party.Cmcc : u < 0.55 ? Party.Cucc : u < 0.75 ? Party.Ctcc : u < 0.93 ? Party.Fixed : Party.Service;
                var number = party switch
                {
                    Party.Fixed => fixedLines.Next(random),
                    Party.Service => hotlines.Next(random),
                    _ => mobile[(int)party].Next(random),
                };
                list.Add((AddPerson(number, party, random.Next(ResidentialCells)), false));
            }
            Shuffle(list, random);
            group.PartnerStart = partners.Count;
            group.PartnerCount = list.Count;
            // Zipf-like popularity: the first partners are called by most employees.
            double total = 0;
            for (int i = 0; i < list.Count; i++) total += Math.Pow(i + 1, -0.7);
            double running = 0;
            for (int i = 0; i < list.Count; i++)
            {
                running += Math.Pow(i + 1, -0.7) / total;
                partners.Add(list[i].Person);
                isShared.Add(list[i].Shared);
                cumulative.Add(i == list.Count - 1 ? 1.0 : running);
            }
        }
        Partners = partners.ToArray();
        PartnerShared = isShared.ToArray();
        PartnerCumulative = cumulative.ToArray();
    }

    /// <summary>
    /// Partners from one city-wide pool (three per group, at least 60) with Zipf popularity (weight 1/rank): the
    /// top partners serve most groups. Each group draws its partners by that popularity and calls them with weight
    /// 1/rank in the order of the pool, so its most popular partner also takes most of its calls. A partner is
    /// "shared" when more than one group has it.
    /// </summary>
    private void BuildZipfPartners(SeededRandom random, NumberSource[] mobile, NumberSource fixedLines, NumberSource hotlines)
    {
        int poolSize = Math.Max(60, 3 * Groups.Length);
        var pool = new int[poolSize];
        var popularity = new double[poolSize];
        double total = 0;
        for (int i = 0; i < poolSize; i++)
        {
            double u = random.NextDouble();
            Party party = u < 0.35 ? Party.Cmcc : u < 0.55 ? Party.Cucc : u < 0.75 ? Party.Ctcc : u < 0.93 ? Party.Fixed : Party.Service;
            var number = party switch
            {
                Party.Fixed => fixedLines.Next(random),
                Party.Service => hotlines.Next(random),
                _ => mobile[(int)party].Next(random),
            };
            pool[i] = AddPerson(number, party, random.Next(ResidentialCells));
            total += popularity[i] = 1.0 / (i + 1);
        }
        var cumulativePool = new double[poolSize];
        double run = 0;
        for (int i = 0; i < poolSize; i++) { run += popularity[i] / total; cumulativePool[i] = run; }
        cumulativePool[^1] = 1;

        var chosen = new List<int>[Groups.Length];
        var uses = new int[poolSize];
        for (int g = 0; g < Groups.Length; g++)
        {
            int count = Math.Min(poolSize, 5 + Groups[g].Employees / 8);
            var set = new SortedSet<int>();
            for (int attempt = 0; set.Count < count && attempt < count * 50; attempt++)
            {
                int i = Array.BinarySearch(cumulativePool, random.NextDouble());
                if (i < 0) i = ~i;
                set.Add(Math.Min(i, poolSize - 1));
            }
            chosen[g] = set.ToList();
            foreach (int i in set) uses[i]++;
        }
        var partners = new List<int>();
        var isShared = new List<bool>();
        var cumulative = new List<double>();
        for (int g = 0; g < Groups.Length; g++)
        {
            var list = chosen[g];
            Groups[g].PartnerStart = partners.Count;
            Groups[g].PartnerCount = list.Count;
            double sum = 0;
            for (int k = 0; k < list.Count; k++) sum += 1.0 / (k + 1);
            double running = 0;
            for (int k = 0; k < list.Count; k++)
            {
                running += 1.0 / (k + 1) / sum;
                partners.Add(pool[list[k]]);
                isShared.Add(uses[list[k]] > 1);
                cumulative.Add(k == list.Count - 1 ? 1.0 : running);
            }
        }
        Partners = partners.ToArray();
        PartnerShared = isShared.ToArray();
        PartnerCumulative = cumulative.ToArray();
    }

    private void AssignPersonalContacts(SeededRandom random)
    {
        double crossGroup = Groups.Length > 1 ? Options.Assume.CrossGroupTies : 0;
        for (int i = 0; i < Actors.Length; i++)
        {
            ref var a = ref Actors[i];
            a.PersonalStart = _personal.Count;
            if (a.Role != ActorRole.Dormant)
            {
                int count = random.Between(8, 25);
                for (int k = 0; k < count; k++)
                {
                    int p = PublicStart + random.Next(PublicCount);
                    if (!ContainsFrom(_personal, a.PersonalStart, p)) _personal.Add(p);
                }
                // Most people now and then reach a hotline (10086, a bank): excluded from circles by class.
                if (random.Chance(0.3)) _personal.Add(Services[random.Next(Services.Length)]);
                if (crossGroup > 0 && a.Role is ActorRole.Employee or ActorRole.FieldStaff && random.Chance(crossGroup))
                    AddCrossGroupFriends(random, i, a.PersonalStart);
            }
            a.PersonalCount = _personal.Count - a.PersonalStart;
        }
    }

    /// <summary>1–3 employees of other groups that <paramref name="person"/> knows privately.</summary>
    private void AddCrossGroupFriends(SeededRandom random, int person, int personalStart)
    {
        int want = random.Between(1, 3), added = 0;
        for (int attempt = 0; added < want && attempt < 40; attempt++)
        {
            int other = random.Next(Actors.Length);
            if (Actors[other].Group == Actors[person].Group || Actors[other].Role is not (ActorRole.Employee or ActorRole.FieldStaff)) continue;
            if (ContainsFrom(_personal, personalStart, other)) continue;
            _personal.Add(other);
            added++;
        }
    }

    private void PlanPoaching(SeededRandom random, NumberSource[] mobile)
    {
        var chosen = new List<int>();
        for (int g = 0; g < Groups.Length; g++) if (random.Chance(0.05)) chosen.Add(g);
        if (chosen.Count == 0 && Groups.Length >= 5) chosen.Add(random.Next(Groups.Length));
        foreach (int g in chosen)
        {
            var group = Groups[g];
            var candidates = new List<int>();
            for (int i = group.ActorStart; i < group.ActorEnd; i++)
                if (Actors[i].OnRoster && Actors[i].Role is ActorRole.Employee or ActorRole.FieldStaff) candidates.Add(i);
            if (candidates.Count == 0) continue;
            Shuffle(candidates, random);
            int month = random.Between(1, Options.Months - 1);
            int moving = Math.Max(1, (int)Math.Round(random.Uniform(0.2, 0.5) * candidates.Count));
            foreach (int person in candidates.Take(moving).Order())
            {
                Party party = random.Chance(0.5) ? Party.Cucc : Party.Ctcc;
                int newPerson = AddPerson(mobile[(int)party].Next(random), party, _homeCells[person]);
                Actors[person].MovedTo = newPerson;
                Actors[person].MoveMonth = month;
                Migrations.Add(new Migration(g, person, newPerson, month));
            }
        }
    }

    private void AddDoubleRosters(SeededRandom random)
    {
        if (Groups.Length < 2) return;
        int rosterRows = Groups.Sum(g => g.Roster);
        int wanted = Math.Max(1, rosterRows / 400);
        for (int attempt = 0; attempt < wanted * 10 && wanted > 0; attempt++)
        {
            var from = Groups[random.Next(Groups.Length)];
            int toIndex = random.Next(Groups.Length);
            var to = Groups[toIndex];
            if (ReferenceEquals(from, to) || from.ActorEnd == from.ActorStart) continue;
            int person = from.ActorStart + random.Next(from.ActorEnd - from.ActorStart);
            if (!Actors[person].OnRoster || Actors[person].Role is not (ActorRole.Employee or ActorRole.FieldStaff)) continue;
            if (to.ExtraRoster.Contains(person)) continue;
            to.ExtraRoster.Add(person);
            wanted--;
        }
    }

    private void PlanDormantEvents(SeededRandom random)
    {
        var plan = new List<(int Day, int Actor)>();
        int monthStart = 0;
        for (int month = 0; month < Options.Months; month++)
        {
            int monthEnd = monthStart;
            while (monthEnd < Days.Length && Days[monthEnd].Month == month) monthEnd++;
            for (int i = 0; i < Actors.Length; i++)
            {
                if (Actors[i].Role != ActorRole.Dormant) continue;
                int events = random.Next(4);
                for (int k = 0; k < events; k++) plan.Add((monthStart + random.Next(monthEnd - monthStart), i));
            }
            monthStart = monthEnd;
        }
        plan.Sort();
        DormantPlan = plan.ToArray();
    }

    private void PlanSurvey(SeededRandom random)
    {
        var scored = new List<int>();
        for (int g = 0; g < Groups.Length; g++) if (Groups[g].Scored) scored.Add(g);
        int count = Math.Max(Math.Min(5, scored.Count), (int)Math.Round(0.1 * scored.Count));
        Shuffle(scored, random);
        foreach (int g in scored.Take(count))
        {
            var group = Groups[g];
            double noise = random.Uniform(-0.05, 0.05);
            group.SurveyedCompetitors = (int)Math.Round(group.CompetitorEmployees * (1 + noise), MidpointRounding.AwayFromZero);
        }
    }

    /// <summary>
    /// How busy an employee's phone is: heavy-tailed, and about 5% barely use it (harder to tell from fakes).
    /// The heavy-tailed assumption widens the spread (σ 1.2) and makes about 30% barely active (a tenth of their traffic).
    /// </summary>
    private static float EmployeeActivity(SeededRandom random, ActivityDistribution distribution)
    {
        if (distribution == ActivityDistribution.HeavyTail)
        {
            double heavy = random.LogNormal(1.0, 1.2);
            return (float)(random.Chance(0.3) ? 0.1 * heavy : heavy);
        }
        double activity = random.LogNormal(1.0, 0.5);
        return (float)(random.Chance(0.05) ? 0.2 * activity : activity);
    }

    private static bool ContainsFrom(List<int> list, int start, int value)
    {
        for (int i = start; i < list.Count; i++) if (list[i] == value) return true;
        return false;
    }

    private static void Shuffle<T>(List<T> list, SeededRandom random)
    {
        for (int i = list.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }

    /// <summary>The person whose line carries an actor's traffic in <paramref name="month"/>; a poached employee's old line keeps a trickle.</summary>
    public int LineOf(int person, int month, SeededRandom random)
    {
        if (person < Actors.Length)
        {
            ref readonly var a = ref Actors[person];
            if (a.MovedTo >= 0 && month >= a.MoveMonth && !random.Chance(0.03)) return a.MovedTo;
        }
        return person;
    }
}
