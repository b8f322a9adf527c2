namespace CallGraph.Numbers;

/// <summary>
/// Mainland-China mobile number segments by operator, as allocated for public use. Documented with its
/// sources of truth in docs/numbering.md; replace it with <c>--prefixes FILE</c> when a newer plan applies.
/// </summary>
internal static class BuiltInPrefixes
{
    private static readonly (string Operator, bool Mvno, string[] Prefixes)[] Segments =
    {
        ("cmcc", false, new[]
        {
            "1340", "1341", "1342", "1343", "1344", "1345", "1346", "1347", "1348",
            "135", "136", "137", "138", "139", "147", "148", "150", "151", "152", "157", "158", "159",
            "172", "178", "182", "183", "184", "187", "188", "195", "197", "198",
        }),
        ("cmcc", true, new[] { "1703", "1705", "1706", "165" }),
        ("cucc", false, new[] { "130", "131", "132", "145", "146", "155", "156", "166", "175", "176", "185", "186", "196" }),
        ("cucc", true, new[] { "1704", "1707", "1708", "1709", "171", "167" }),
        ("ctcc", false, new[] { "133", "1349", "149", "153", "173", "174", "177", "180", "181", "189", "190", "191", "193", "199" }),
        ("ctcc", true, new[] { "1700", "1701", "1702", "162" }),
        ("cbn", false, new[] { "192" }),
    };

    public static IEnumerable<OperatorPrefix> Rows =>
        Segments.SelectMany(s => s.Prefixes.Select(p => new OperatorPrefix(p, s.Operator, s.Mvno)));
}
