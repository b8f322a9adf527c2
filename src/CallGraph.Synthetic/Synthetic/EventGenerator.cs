namespace CallGraph.Synthetic;

/// <summary>
/// Streams the CDR dump day by day: each day gets its share of the rows, every event is drawn from the
/// population (who acts, towards whom, when, from which cell), and only events with a cmcc party are kept,
/// because the home operator never sees calls between two other networks. Memory: the population plus one
/// day's duplicate guard.
/// </summary>
internal sealed class EventGenerator
{
    private enum Clock { Work = 0, Personal = 1, Anytime = 2, Background = 3 }

    private enum Kind { Team, Cross, Partner, Family, Personal, Anchor, Sibling }

    /// <summary>Hour-of-day weights per clock, weekday then weekend (0–23).</summary>
    private static readonly double[][] HourWeights =
    {
        // Work: ~88% inside 09:00–18:00 on weekdays.
        new double[] { 0, 0, 0, 0, 0, 0, 0, 1, 4, 12, 12, 12, 6, 9, 12, 12, 12, 12, 4, 2, 1.5, 0.5, 0, 0 },
        new double[] { 0, 0, 0, 0, 0, 0, 0, 0, 0.5, 3, 3, 3, 3, 3, 3, 3, 3, 3, 1, 1, 1, 0, 0, 0 },
        // Personal: evenings heavy on weekdays, spread over the day at weekends.
        new double[] { 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.5, 2, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 6, 9, 10, 9, 6, 2 },
        new double[] { 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 1, 3, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 4, 2 },
        // Anytime: no working-day rhythm at all.
        new double[] { 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4 },
        new double[] { 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4 },
        // Background: the city's overall diurnal curve.
        new double[] { 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.5, 2, 5, 7, 7, 7, 7, 7, 7, 7, 7, 7, 6, 6, 6, 6, 3, 1 },
        new double[] { 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.5, 1.5, 3, 5, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 5, 3, 1 },
    };

    private readonly World _world;
    private readonly AliasTable _actorPicker;
    private readonly int _backgroundSlot;
    private readonly double[][] _hourCumulative;
    private readonly Actor[] _actors;
    private readonly ulong[] _numbers;
    private readonly Party[] _parties;
    private readonly CellColumn _cells;
    private readonly bool _transit;
    private readonly bool _randomTies;

    /// <summary>
    /// Heavy-tailed activity: a colleague is picked for a call with a chance that follows its own activity (a few
    /// redraws), so a barely active line is also rarely called, not only rarely calling.
    /// </summary>
    private readonly bool _heavyTail;
    private readonly double _fakePartnerCalls;

    public EventGenerator(World world)
    {
        _world = world;
        _actors = world.Actors;
        _numbers = world.Numbers;
        _parties = world.Parties;
        var weights = new double[_actors.Length + 1];
        double total = 0;
        for (int i = 0; i < _actors.Length; i++)
        {
            double rate = _actors[i].Role switch
            {
                ActorRole.Employee or ActorRole.FieldStaff => 100,
                ActorRole.Relative => 45,
                ActorRole.Outsider => 70,
                _ => 0,
            };
            weights[i] = rate * _actors[i].Activity;
            total += weights[i];
        }
        // Background between non-members: about a fifth of the dump.
        _backgroundSlot = _actors.Length;
        weights[_backgroundSlot] = total > 0 ? 0.25 * total : 1;
        _actorPicker = new AliasTable(weights);
        var assume = world.Options.Assume;
        _cells = assume.Cells;
        _transit = assume.TransitCalls;
        _randomTies = assume.Ties == ColleagueTies.Random;
        _heavyTail = assume.Activity == ActivityDistribution.HeavyTail;
        _fakePartnerCalls = assume.FakePartnerCalls;
        // Without a working rhythm every clock is flat: any hour of any day is as likely as another.
        _hourCumulative = (assume.WorkingRhythm ? HourWeights : HourWeights.Select(_ => Enumerable.Repeat(1.0, 24).ToArray())).Select(w =>
        {
            var c = new double[24];
            double sum = w.Sum(), running = 0;
            for (int h = 0; h < 24; h++) { running += w[h]; c[h] = running / sum; }
            c[23] = 1;
            return c;
        }).ToArray();
    }

    /// <summary>One drawn event, in person indices.</summary>
    private struct Event
    {
        public int Caller, Callee, Second, Duration, CellId;
        public bool Sms;
    }

    public sealed record Counts(long Rows, long Duplicates, long Bad, long[] BadByReason);

    /// <summary>Above this many bytes of day buffers, days are generated one at a time straight into the output.</summary>
    private const long ParallelBufferBudget = 256L << 20;

    /// <summary>
    /// Writes the header and all rows to <paramref name="target"/>. Each day depends only on the seed and the day,
    /// so days can be generated in parallel into buffers and written in order: the bytes never depend on
    /// <paramref name="threads"/>.
    /// </summary>
    public Counts Write(Stream target, IProgress<long>? progress, int threads)
    {
        var options = _world.Options;
        var days = _world.Days;
        long rows = options.Cdrs;
        long bad = (long)Math.Round(rows * options.BadRowRate, MidpointRounding.AwayFromZero);
        long duplicates = Math.Min((long)Math.Round(rows * options.DuplicateRate, MidpointRounding.AwayFromZero), (rows - bad) / 2);
        long good = rows - bad - duplicates;
        var dayWeights = days.Select(d => d.Weight).ToArray();
        var budgets = new DayBudget[days.Length];
        var goodPerDay = Apportion(good, dayWeights);
        var duplicatesPerDay = Apportion(duplicates, dayWeights);
        var badPerDay = Apportion(bad, dayWeights);
        // A day's duplicates must have originals to copy; move any excess to the day with the most rows.
        for (int d = 0; d < days.Length; d++)
        {
            if (duplicatesPerDay[d] <= goodPerDay[d]) continue;
            long excess = duplicatesPerDay[d] - goodPerDay[d];
            duplicatesPerDay[d] -= excess;
            int busiest = Array.IndexOf(goodPerDay, goodPerDay.Max());
            duplicatesPerDay[busiest] += excess;
        }
        var plan = _world.DormantPlan;
        int planIndex = 0;
        for (int d = 0; d < days.Length; d++)
        {
            int planStart = planIndex;
            while (planIndex < plan.Length && plan[planIndex].Day == d) planIndex++;
            budgets[d] = new DayBudget(goodPerDay[d], duplicatesPerDay[d], badPerDay[d], planStart, planIndex);
        }

        long maxGood = goodPerDay.Length == 0 ? 0 : goodPerDay.Max();
        long maxRows = budgets.Length == 0 ? 0 : budgets.Max(b => b.Good + b.Duplicates + b.Bad);
        long perDayBytes = maxRows * 72 + DayGuard.SlotsFor(maxGood) * 8L;
        int workers = Math.Max(1, Math.Min(threads, days.Length));
        while (workers > 1 && workers * perDayBytes > ParallelBufferBudget) workers--;

        var badByReason = new long[Enum.GetValues<BadRowReason>().Length];
        long written = 0;
        new CdrRowWriter(target, writeHeader: true, _cells).Flush();
        if (workers == 1)
        {
            var guard = new DayGuard(maxGood);
            using var writer = new CdrRowWriter(target, writeHeader: false, _cells);
            for (int d = 0; d < days.Length; d++)
            {
                written += WriteDay(d, budgets[d], writer, guard, badByReason);
                progress?.Report(written);
            }
        }
        else
        {
            var buffers = new MemoryStream[workers];
            var guards = new DayGuard[workers];
            var reasons = new long[workers][];
            var counts = new long[workers];
            for (int i = 0; i < workers; i++) { buffers[i] = new MemoryStream(); guards[i] = new DayGuard(maxGood); reasons[i] = new long[badByReason.Length]; }
            for (int first = 0; first < days.Length; first += workers)
            {
                int wave = Math.Min(workers, days.Length - first);
                Parallel.For(0, wave, new ParallelOptions { MaxDegreeOfParallelism = workers }, i =>
                {
                    buffers[i].SetLength(0);
                    using var writer = new CdrRowWriter(buffers[i], writeHeader: false, _cells);
                    counts[i] = WriteDay(first + i, budgets[first + i], writer, guards[i], reasons[i]);
                });
                for (int i = 0; i < wave; i++)
                {
                    target.Write(buffers[i].GetBuffer(), 0, (int)buffers[i].Length);
                    written += counts[i];
                }
                progress?.Report(written);
            }
            foreach (var r in reasons) for (int k = 0; k < r.Length; k++) badByReason[k] += r[k];
        }
        target.Flush();
        return new Counts(written, duplicates, bad, badByReason);
    }

    /// <summary>Rows one day must hold, and its slice of the dormant plan.</summary>
    private readonly record struct DayBudget(long Good, long Duplicates, long Bad, int PlanStart, int PlanEnd);

    private long WriteDay(int d, DayBudget budget, CdrRowWriter writer, DayGuard guard, long[] badByReason)
    {
        var day = _world.Days[d];
        var random = new SeededRandom(_world.Options.Seed, 1000 + (ulong)d);
        Span<byte> date = stackalloc byte[8];
        FormatDate(day.Date, date);
        guard.Clear();
        var plan = _world.DormantPlan;
        int dormantNext = budget.PlanStart;
        long goodLeft = budget.Good, dupLeft = budget.Duplicates, badLeft = budget.Bad, written = 0;
        while (goodLeft + badLeft > 0)
        {
            if (badLeft > 0 && (long)random.NextBounded((ulong)(goodLeft + badLeft)) < badLeft)
            {
                var e = DrawVisible(random, day);
                var reason = (BadRowReason)random.Next(badByReason.Length);
                badByReason[(int)reason]++;
                writer.WriteBadRow(reason, _numbers[e.Caller], _numbers[e.Callee], date, e.Second, e.Duration, e.Sms, e.CellId);
                badLeft--;
                written++;
                continue;
            }
            // Dormant lines' few planned events come first; a day too small for its plan drops the rest.
            var ev = dormantNext < budget.PlanEnd ? DormantEvent(random, day, plan[dormantNext++].Actor) : DrawVisible(random, day);
            ulong callerKey = _numbers[ev.Caller], calleeKey = _numbers[ev.Callee];
            // Two independent events may not come out identical: only planted duplicates repeat a row.
            while (!guard.Add(callerKey, calleeKey, ev.Second, ev.Duration, ev.Sms, ev.CellId))
                ev.Second = ev.Second / 3600 * 3600 + random.Next(3600);
            writer.WriteRow(callerKey, calleeKey, date, ev.Second, ev.Duration, ev.Sms, ev.CellId);
            written++;
            if (dupLeft > 0 && (long)random.NextBounded((ulong)goodLeft) < dupLeft)
            {
                // Usually one copy; the day's last original takes every copy still owed (a day can be
                // handed more duplicates than originals when another day's excess moves to it).
                long copies = goodLeft == 1 ? dupLeft : 1;
                for (long c = 0; c < copies; c++) writer.RepeatLastRow();
                dupLeft -= copies;
                written += copies;
            }
            goodLeft--;
        }
        return written;
    }

    /// <summary>
    /// Draws events until one has a cmcc party (the only ones the home operator records); with transit calls
    /// every event is kept, and one between two other networks carries no cell.
    /// </summary>
    private Event DrawVisible(SeededRandom random, in Day day)
    {
        for (int attempt = 0; ; attempt++)
        {
            int actor = _actorPicker.Sample(random);
            var e = actor == _backgroundSlot || attempt > 200 ? Background(random, day) : ActorEvent(random, day, actor);
            if (_transit && _parties[e.Caller] != Party.Cmcc && _parties[e.Callee] != Party.Cmcc)
            {
                e.CellId = CdrRowWriter.NoCell;
                return e;
            }
            if (_parties[e.Caller] == Party.Cmcc || _parties[e.Callee] == Party.Cmcc)
            {
                int reporting = _parties[e.Caller] == Party.Cmcc ? e.Caller : e.Callee;
                e.CellId = _world.CellId(CellOf(random, reporting, day, e.Second));
                return e;
            }
        }
    }

    private Event ActorEvent(SeededRandom random, in Day day, int actorIndex)
    {
        ref readonly var actor = ref _actors[actorIndex];
        int self = _world.LineOf(actorIndex, day.Month, random);
        double u = random.NextDouble();
        Kind kind;
        switch (actor.Role)
        {
            case ActorRole.Employee:
                kind = day.Weekend
                    ? (u < 0.05 ? Kind.Team : u < 0.07 ? Kind.Cross : u < 0.09 ? Kind.Partner : u < 0.19 ? Kind.Family : Kind.Personal)
                    : (u < 0.40 ? Kind.Team : u < 0.50 ? Kind.Cross : u < 0.65 ? Kind.Partner : u < 0.70 ? Kind.Family : Kind.Personal);
                break;
            case ActorRole.FieldStaff:
                kind = day.Weekend
                    ? (u < 0.06 ? Kind.Partner : u < 0.16 ? Kind.Family : Kind.Personal)
                    : (u < 0.06 ? Kind.Cross : u < 0.66 ? Kind.Partner : u < 0.70 ? Kind.Family : Kind.Personal);
                break;
            case ActorRole.Relative:
                kind = u < 0.50 ? Kind.Anchor : u < 0.65 ? Kind.Sibling : Kind.Personal;
                break;
            default:
                kind = Kind.Personal;
                break;
        }
        // Camouflaged fakes: a relative or outsider who also deals with the group's partners, in working hours.
        if (_fakePartnerCalls > 0 && actor.Role is ActorRole.Relative or ActorRole.Outsider && random.Chance(_fakePartnerCalls)) kind = Kind.Partner;
        // Fall back along cross-team → team → partner when someone has no such tie (a one-person team, no links).
        if (kind == Kind.Cross && actor.LinksCount == 0) kind = actor.Role == ActorRole.FieldStaff ? Kind.Partner : Kind.Team;
        // Random ties have no team: what a team call would be goes to one of the fixed colleagues.
        if (kind == Kind.Team && _randomTies && actor.LinksCount > 0) kind = Kind.Cross;
        if (kind == Kind.Team && actor.TeamLength <= 1) kind = Kind.Partner;
        if (kind == Kind.Family && actor.FamilyCount == 0) kind = Kind.Personal;
        if (kind == Kind.Sibling && actor.FamilyCount <= 1) kind = Kind.Anchor;

        var e = new Event();
        int other;
        bool actorCalls = true;
        double smsShare, median;
        Clock clock;
        switch (kind)
        {
            case Kind.Team:
                int mate = actor.TeamStart + random.Next(actor.TeamLength - 1);
                if (mate >= actorIndex) mate++;
                for (int retry = 0; _heavyTail && retry < 4 && !random.Chance(_actors[mate].Activity); retry++)
                {
                    mate = actor.TeamStart + random.Next(actor.TeamLength - 1);
                    if (mate >= actorIndex) mate++;
                }
                other = _world.LineOf(mate, day.Month, random);
                clock = Clock.Work; smsShare = 0.15; median = 55;
                break;
            case Kind.Cross:
                int link = _world.Links[actor.LinksStart + random.Next(actor.LinksCount)];
                for (int retry = 0; _heavyTail && retry < 4 && !random.Chance(_actors[link].Activity); retry++)
                    link = _world.Links[actor.LinksStart + random.Next(actor.LinksCount)];
                other = _world.LineOf(link, day.Month, random);
                clock = Clock.Work; smsShare = 0.15; median = 55;
                break;
            case Kind.Partner:
                other = PickPartner(random, actor.Group);
                actorCalls = random.Chance(0.65) || _parties[other] == Party.Service;
                clock = Clock.Work; smsShare = _parties[other] is Party.Fixed or Party.Service ? 0 : 0.12; median = 75;
                break;
            case Kind.Family:
                other = actor.FamilyStart + random.Next(actor.FamilyCount);
                clock = Clock.Personal; smsShare = 0.3; median = 90;
                break;
            case Kind.Anchor:
                other = _world.LineOf(actor.Anchor, day.Month, random);
                actorCalls = random.Chance(0.5);
                clock = Clock.Personal; smsShare = 0.35; median = 90;
                break;
            case Kind.Sibling:
                int sibling = actor.FamilyStart + random.Next(actor.FamilyCount - 1);
                if (sibling >= actorIndex) sibling++;
                other = sibling;
                clock = Clock.Personal; smsShare = 0.3; median = 80;
                break;
            default:
                other = _world.Personal[actor.PersonalStart + random.Next(actor.PersonalCount)];
                actorCalls = random.Chance(0.55);
                clock = actor.Role == ActorRole.Outsider ? Clock.Anytime : Clock.Personal;
                smsShare = 0.28; median = 65;
                if (_parties[other] == Party.Service)
                {
                    // Hotlines: people call them; they send notifications.
                    e.Sms = !actorCalls;
                    e.Caller = actorCalls ? self : other;
                    e.Callee = actorCalls ? other : self;
                    e.Second = DrawSecond(random, clock, day.Weekend);
                    e.Duration = e.Sms ? 0 : DrawDuration(random, 120);
                    return e;
                }
                if (_parties[other] == Party.Fixed) smsShare = 0;
                break;
        }
        e.Caller = actorCalls ? self : other;
        e.Callee = actorCalls ? other : self;
        e.Second = DrawSecond(random, clock, day.Weekend);
        e.Sms = random.Chance(smsShare);
        e.Duration = e.Sms ? 0 : DrawDuration(random, median);
        return e;
    }

    private Event Background(SeededRandom random, in Day day)
    {
        var e = new Event();
        int a = _world.PublicStart + random.Next(_world.PublicCount);
        e.Second = DrawSecond(random, Clock.Background, day.Weekend);
        if (random.Chance(0.08))
        {
            int service = _world.Services[random.Next(_world.Services.Length)];
            e.Sms = random.Chance(0.5);
            e.Caller = e.Sms ? service : a;
            e.Callee = e.Sms ? a : service;
            e.Duration = e.Sms ? 0 : DrawDuration(random, 120);
            return e;
        }
        int b = _world.PublicStart + random.Next(_world.PublicCount - 1);
        if (b >= a) b++;
        e.Caller = a;
        e.Callee = b;
        e.Sms = _parties[a] != Party.Fixed && _parties[b] != Party.Fixed && random.Chance(0.3);
        e.Duration = e.Sms ? 0 : DrawDuration(random, 45);
        return e;
    }

    private Event DormantEvent(SeededRandom random, in Day day, int actor)
    {
        var e = new Event { Second = DrawSecond(random, Clock.Anytime, day.Weekend) };
        if (random.Chance(0.7))
        {
            e.Caller = _world.Services[0]; // 10086: the monthly bill reminder
            e.Callee = actor;
            e.Sms = true;
        }
        else
        {
            e.Caller = actor;
            e.Callee = _world.PublicStart + random.Next(_world.PublicCount);
            e.Duration = DrawDuration(random, 25);
        }
        e.CellId = _world.CellId(_world.HomeCells[actor]);
        return e;
    }

    private int PickPartner(SeededRandom random, int groupIndex)
    {
        var group = _world.Groups[groupIndex];
        double u = random.NextDouble();
        var cumulative = _world.PartnerCumulative.AsSpan(group.PartnerStart, group.PartnerCount);
        int i = cumulative.BinarySearch(u);
        if (i < 0) i = ~i;
        if (i >= group.PartnerCount) i = group.PartnerCount - 1;
        return _world.Partners[group.PartnerStart + i];
    }

    /// <summary>The cell index where <paramref name="person"/> (on cmcc) is at that moment.</summary>
    private int CellOf(SeededRandom random, int person, in Day day, int second)
    {
        int hour = second / 3600;
        bool workingHours = !day.Weekend && hour >= 9 && hour < 18;
        int home = _world.HomeCells[person];
        if (person >= _actors.Length)
            return random.Chance(0.9) ? home : random.Next(_world.ResidentialCells);
        ref readonly var actor = ref _actors[person];
        var offices = _world.Groups[actor.Group].OfficeCells;
        switch (actor.Role)
        {
            case ActorRole.Employee:
                if (workingHours) return random.Chance(0.8) ? offices[random.Next(offices.Length)] : home;
                return random.Chance(0.92) ? home : random.Next(_world.ResidentialCells);
            case ActorRole.FieldStaff:
                if (workingHours) return random.Chance(0.35) ? offices[random.Next(offices.Length)] : random.Next(_world.ResidentialCells);
                return random.Chance(0.92) ? home : random.Next(_world.ResidentialCells);
            case ActorRole.Relative:
                return random.Chance(0.95) ? home : random.Next(_world.ResidentialCells);
            default:
                return home;
        }
    }

    private int DrawSecond(SeededRandom random, Clock clock, bool weekend)
    {
        var cumulative = _hourCumulative[(int)clock * 2 + (weekend ? 1 : 0)];
        double u = random.NextDouble();
        int hour = 0;
        while (hour < 23 && cumulative[hour] <= u) hour++;
        return hour * 3600 + random.Next(3600);
    }

    private static int DrawDuration(SeededRandom random, double median) =>
        (int)Math.Clamp(Math.Round(random.LogNormal(median, 0.9)), 1, 7200);

    private static void FormatDate(DateOnly date, Span<byte> destination)
    {
        int y = date.Year, m = date.Month, d = date.Day;
        destination[0] = (byte)('0' + y / 1000 % 10);
        destination[1] = (byte)('0' + y / 100 % 10);
        destination[2] = (byte)('0' + y / 10 % 10);
        destination[3] = (byte)('0' + y % 10);
        destination[4] = (byte)('0' + m / 10);
        destination[5] = (byte)('0' + m % 10);
        destination[6] = (byte)('0' + d / 10);
        destination[7] = (byte)('0' + d % 10);
    }

    /// <summary>Splits <paramref name="total"/> in proportion to <paramref name="weights"/> by largest remainder.</summary>
    internal static long[] Apportion(long total, double[] weights)
    {
        var result = new long[weights.Length];
        if (weights.Length == 0) return result;
        double sum = weights.Sum();
        long assigned = 0;
        var remainders = new (double Remainder, int Index)[weights.Length];
        for (int i = 0; i < weights.Length; i++)
        {
            double exact = total * weights[i] / sum;
            result[i] = (long)Math.Floor(exact);
            assigned += result[i];
            remainders[i] = (exact - result[i], i);
        }
        Array.Sort(remainders, (a, b) => a.Remainder != b.Remainder ? b.Remainder.CompareTo(a.Remainder) : a.Index.CompareTo(b.Index));
        for (int k = 0; assigned < total; k = (k + 1) % weights.Length, assigned++) result[remainders[k].Index]++;
        return result;
    }

    /// <summary>Open-addressing set of one day's row hashes, so no two drawn events print the same row.</summary>
    private sealed class DayGuard
    {
        private readonly ulong[] _slots;
        private readonly int _mask;

        public DayGuard(long maxRows)
        {
            int size = SlotsFor(maxRows);
            _slots = new ulong[size];
            _mask = size - 1;
        }

        /// <summary>A power of two at least twice the rows, so probing stays short.</summary>
        public static int SlotsFor(long maxRows)
        {
            int size = 16;
            while (size < maxRows * 2 && size < (1 << 30)) size <<= 1;
            return size;
        }

        public void Clear() => Array.Clear(_slots);

        public bool Add(ulong caller, ulong callee, int second, int duration, bool sms, int cell)
        {
            ulong h = SeededRandom.Mix(caller);
            h = SeededRandom.Mix(h ^ callee);
            h = SeededRandom.Mix(h ^ ((ulong)(uint)second << 32) ^ ((ulong)(uint)duration << 1) ^ (sms ? 1UL : 0));
            h = SeededRandom.Mix(h ^ (ulong)(uint)cell);
            if (h == 0) h = 1;
            int i = (int)(h & (ulong)_mask);
            while (true)
            {
                ulong slot = _slots[i];
                if (slot == 0) { _slots[i] = h; return true; }
                if (slot == h) return false;
                i = (i + 1) & _mask;
            }
        }
    }
}
