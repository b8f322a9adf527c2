namespace CallGraph.Calibration;

/// <summary>ROC AUC of a score against binary labels, as the rank-sum (Mann–Whitney U) statistic.</summary>
public static class RocAuc
{
    /// <summary>
    /// Probability that a random negative (e.g. a fake member) scores lower than a random positive (a genuine
    /// member); ties count half. 0 when either list is empty. Rounded to 4 decimals.
    /// </summary>
    public static double LowerIsNegative(IReadOnlyList<double> negatives, IReadOnlyList<double> positives)
    {
        ArgumentNullException.ThrowIfNull(negatives);
        ArgumentNullException.ThrowIfNull(positives);
        if (negatives.Count == 0 || positives.Count == 0) return 0;
        var all = negatives.Select(s => (Score: s, Negative: true)).Concat(positives.Select(s => (Score: s, Negative: false))).OrderBy(x => x.Score).ToArray();
        // Rank-sum with average ranks for ties.
        double rankSumPositive = 0;
        int i = 0;
        while (i < all.Length)
        {
            int j = i;
            while (j < all.Length && all[j].Score == all[i].Score) j++;
            double averageRank = (i + 1 + j) / 2.0;
            for (int k = i; k < j; k++) if (!all[k].Negative) rankSumPositive += averageRank;
            i = j;
        }
        double u = rankSumPositive - positives.Count * (positives.Count + 1) / 2.0;
        return Math.Round(u / ((double)negatives.Count * positives.Count), 4);
    }
}
