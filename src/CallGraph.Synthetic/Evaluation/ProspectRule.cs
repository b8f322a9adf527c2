using CallGraph.Ingest;
using CallGraph.Numbers;

namespace CallGraph.Evaluation;

/// <summary>
/// The business rule for prospects, computed straight from the raw CDR rows, the roster and the operator of
/// each number, without the analyzer: for every group, the off-net mobile numbers (another operator's, neither
/// fixed lines nor service numbers) that exchanged at least one call or SMS, either direction, with strictly
/// more than 10% of the roster's distinct members. It applies to every roster whatever its size. The suite
/// compares the analyzer's <c>prospects.csv</c> with it.
/// </summary>
public static class ProspectRule
{
    /// <summary>The rule's share: a number must reach strictly more than this share of the roster.</summary>
    public const decimal Threshold = 0.10m;

    /// <summary>
    /// The (group, number) pairs the rule selects. <paramref name="roster"/> is a <c>group_id,msisdn</c> CSV;
    /// <paramref name="cdrs"/> a CDR CSV whose header names <c>caller</c>, <c>callee</c> and (optionally) <c>type</c>.
    /// Rows whose numbers do not parse, or whose type is neither voice nor sms, are skipped.
    /// </summary>
    /// <param name="roster">The roster file.</param>
    /// <param name="cdrs">The raw CDR dump.</param>
    /// <param name="plan">Operator table and home operator that say which numbers are off-net.</param>
    /// <returns>Group id and canonical number of every prospect the rule selects, sorted.</returns>
    public static IReadOnlyList<(string GroupId, string Msisdn)> Select(TextReader roster, TextReader cdrs, NumberPlan plan)
    {
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(cdrs);
        ArgumentNullException.ThrowIfNull(plan);

        // Roster: group → distinct members; number → its groups.
        var size = new Dictionary<string, int>(StringComparer.Ordinal);
        var groupsOf = new Dictionary<PhoneNumber, List<string>>();
        int groupCol = -1, numberCol = -1;
        bool header = true;
        foreach (var (_, fields) in Csv.CsvTable.Records(roster, "roster"))
        {
            if (header)
            {
                var names = fields.Select(f => f.Trim().ToLowerInvariant()).ToList();
                groupCol = names.IndexOf("group_id");
                numberCol = names.IndexOf("msisdn");
                if (groupCol < 0 || numberCol < 0) throw new DataException("roster", 1, 0, "header must name group_id and msisdn");
                header = false;
                continue;
            }
            if (fields.Count <= Math.Max(groupCol, numberCol)) continue;
            if (!NumberNormalizer.TryNormalize(fields[numberCol].AsSpan().Trim(), out var number, out _)) continue;
            string group = fields[groupCol].Trim();
            if (!groupsOf.TryGetValue(number, out var list)) groupsOf[number] = list = new List<string>(1);
            if (list.Contains(group)) continue;
            list.Add(group);
            size[group] = size.GetValueOrDefault(group) + 1;
        }

        // Raw rows: for every member–off-net pair, the off-net number's distinct members per group.
        var reached = new Dictionary<(string Group, PhoneNumber Number), HashSet<PhoneNumber>>();
        int callerCol = -1, calleeCol = -1, typeCol = -1;
        header = true;
        foreach (var (_, fields) in Csv.CsvTable.Records(cdrs, "cdr"))
        {
            if (header)
            {
                var names = fields.Select(f => f.Trim().ToLowerInvariant()).ToList();
                callerCol = names.IndexOf("caller");
                calleeCol = names.IndexOf("callee");
                typeCol = names.IndexOf("type");
                if (callerCol < 0 || calleeCol < 0) throw new DataException("cdr", 1, 0, "header must name caller and callee");
                header = false;
                continue;
            }
            if (fields.Count <= Math.Max(callerCol, calleeCol) || (typeCol >= 0 && fields.Count <= typeCol)) continue;
            if (typeCol >= 0 && fields[typeCol].Trim().ToLowerInvariant() is not ("voice" or "sms")) continue;
            if (!NumberNormalizer.TryNormalize(fields[callerCol].AsSpan().Trim(), out var caller, out _)) continue;
            if (!NumberNormalizer.TryNormalize(fields[calleeCol].AsSpan().Trim(), out var callee, out _)) continue;
            Note(caller, callee);
            Note(callee, caller);
        }

        void Note(PhoneNumber member, PhoneNumber other)
        {
            if (!groupsOf.TryGetValue(member, out var groups) || !IsOffNetMobile(other, plan)) return;
            var otherGroups = groupsOf.GetValueOrDefault(other);
            foreach (var g in groups)
            {
                if (otherGroups is not null && otherGroups.Contains(g)) continue; // a line of the same roster is no prospect
                if (!reached.TryGetValue((g, other), out var set)) reached[(g, other)] = set = new HashSet<PhoneNumber>();
                set.Add(member);
            }
        }

        var result = new List<(string GroupId, string Msisdn, PhoneNumber Number)>();
        foreach (var ((group, number), members) in reached)
            if (Qualifies(members.Count, size[group])) result.Add((group, number.ToString(), number));
        return result
            .OrderBy(r => r.GroupId, StringComparer.Ordinal).ThenBy(r => r.Number)
            .Select(r => (r.GroupId, r.Msisdn)).ToList();
    }

    /// <summary>True when <paramref name="membersReached"/> is strictly more than 10% of <paramref name="rosterSize"/> (exact decimal arithmetic).</summary>
    public static bool Qualifies(int membersReached, int rosterSize) => rosterSize > 0 && membersReached > Threshold * rosterSize;

    /// <summary>A mobile number of an operator other than the home one (fixed lines, service numbers and unknown operators are not prospects).</summary>
    public static bool IsOffNetMobile(PhoneNumber number, NumberPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var info = plan.Describe(number);
        return info.Class == NumberClass.Mobile && info.Network == Network.OffNet;
    }

    /// <summary>Missing (selected by the rule, not listed) and extra (listed, not selected) counts.</summary>
    /// <param name="rule">What the rule selects.</param>
    /// <param name="listed">What the analyzer listed (group id and any form of the number).</param>
    public static (int Missing, int Extra) Compare(IEnumerable<(string GroupId, string Msisdn)> rule, IEnumerable<(string GroupId, string Msisdn)> listed)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(listed);
        var want = rule.Select(r => (r.GroupId, Canonical(r.Msisdn))).ToHashSet();
        var have = listed.Select(r => (r.GroupId, Canonical(r.Msisdn))).ToHashSet();
        return (want.Count(w => !have.Contains(w)), have.Count(h => !want.Contains(h)));
    }

    internal static string Canonical(string raw) =>
        NumberNormalizer.TryNormalize(raw.AsSpan().Trim(), out var n, out _) ? n.ToString() : raw.Trim();
}
