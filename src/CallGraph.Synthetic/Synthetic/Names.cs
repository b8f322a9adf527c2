namespace CallGraph.Synthetic;

/// <summary>Word lists for plausible group names, branches, account managers and industries.</summary>
internal static class Names
{
    public static readonly string[] Industries =
    {
        "manufacturing", "logistics", "retail", "education", "healthcare", "finance",
        "government", "construction", "hospitality", "software",
    };

    private static readonly string[] ChineseSuffixByIndustry =
    {
        "制造有限公司", "物流有限公司", "商贸有限公司", "实验学校", "医院", "金融服务有限公司",
        "管理服务中心", "建设集团", "酒店管理有限公司", "科技有限公司",
    };

    private static readonly string[] LatinSuffixByIndustry =
    {
        "Manufacturing Co. Ltd", "Logistics Co. Ltd", "Trading Co. Ltd", "Academy", "Hospital", "Financial Services",
        "Service Centre", "Construction Group", "Hotels", "Technology Co. Ltd",
    };

    private static readonly string[] ChineseStems =
    {
        "华", "鑫", "恒", "泰", "盛", "达", "瑞", "丰", "宏", "远", "嘉", "信", "安", "祥", "隆", "兴", "润", "德", "中", "新",
    };

    private static readonly string[] Places = { "东城", "西湖", "江南", "滨江", "城北", "开发区", "高新", "南山", "云海", "金桥" };

    private static readonly string[] LatinStems =
    {
        "Heng", "Tai", "Xin", "Sheng", "Da", "Rui", "Feng", "Hong", "Yuan", "Jia", "Long", "Xing", "Run", "De", "Zhong", "An",
    };

    public static readonly string[] Branches =
    {
        "Dongcheng", "Xihu", "Jiangnan", "Binjiang", "Chengbei", "Development Zone", "Gaoxin", "Nanshan",
    };

    private static readonly string[] Surnames = { "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo" };

    private static readonly string[] GivenNames = { "Wei", "Fang", "Na", "Min", "Jing", "Lei", "Qiang", "Jun", "Yan", "Tao", "Ming", "Xia", "Hui", "Bo", "Ping", "Lin" };

    /// <summary>About 25 distinct account-manager names.</summary>
    public static string[] AccountManagers(SeededRandom random, int count)
    {
        var chosen = new List<string>(count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (chosen.Count < count)
        {
            string name = Surnames[random.Next(Surnames.Length)] + " " + GivenNames[random.Next(GivenNames.Length)];
            if (seen.Add(name)) chosen.Add(name);
        }
        return chosen.ToArray();
    }

    /// <summary>A company name: about two in three Chinese, the rest romanised. Not unique by itself.</summary>
    public static string GroupName(SeededRandom random, int industry)
    {
        if (random.Chance(0.65))
            return Places[random.Next(Places.Length)] + ChineseStems[random.Next(ChineseStems.Length)] + ChineseStems[random.Next(ChineseStems.Length)] + ChineseSuffixByIndustry[industry];
        return LatinStems[random.Next(LatinStems.Length)] + LatinStems[random.Next(LatinStems.Length)].ToLowerInvariant() + " " + LatinSuffixByIndustry[industry];
    }
}
