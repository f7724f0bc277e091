using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace Evaluation.Analysis;

/// <summary>A 5-point item: counts of points 1-5, with "don't know / not applicable" counted apart, never as a score.</summary>
public sealed record LikertSummary(long N, long DontKnow, long[] Distribution, double? Mean, double? Median, double? StandardDeviation,
    double? CiLow, double? CiHigh, double? Top2, double? Bottom2)
{
    /// <summary>The mean on a 0-100 scale (1 → 0, 5 → 100), for combining items into a criterion index.</summary>
    public double? Index => Mean is { } m ? (m - 1) / 4 * 100 : null;
}

public sealed record TestResult(string Method, double? Statistic, int? DegreesOfFreedom, double P, bool SmallExpectedCounts);

public sealed record Difference(double Value, double CiLow, double CiHigh, double P);

/// <summary>The statistics of the findings, on distributions rather than raw rows: PostgreSQL counts, this computes.</summary>
public static class Statistics
{
    public const int Points = 5;

    /// <summary>Summary of one 5-point distribution (counts[0] = point 1 … counts[4] = point 5).</summary>
    public static LikertSummary Summarize(IReadOnlyList<long> counts, long dontKnow = 0)
    {
        if (counts.Count != Points) throw new ArgumentException("five counts expected", nameof(counts));
        var distribution = counts.ToArray();
        var n = distribution.Sum();
        if (n == 0) return new LikertSummary(0, dontKnow, distribution, null, null, null, null, null, null, null);
        double sum = 0, squares = 0;
        for (var i = 0; i < Points; i++)
        {
            sum += (i + 1) * (double)distribution[i];
            squares += (i + 1) * (i + 1) * (double)distribution[i];
        }
        var mean = sum / n;
        double? sd = n > 1 ? Math.Sqrt(Math.Max(0, (squares - n * mean * mean) / (n - 1))) : null;
        double? low = null, high = null;
        if (sd is { } s)
        {
            // Student's t: right for small samples, the normal 1.96 for large ones.
            var half = StudentT.InvCDF(0, 1, n - 1, 0.975) * s / Math.Sqrt(n);
            (low, high) = (mean - half, mean + half);
        }
        return new LikertSummary(n, dontKnow, distribution, mean, Median(distribution, n), sd, low, high,
            (distribution[3] + distribution[4]) / (double)n, (distribution[0] + distribution[1]) / (double)n);
    }

    /// <summary>Adds distributions point by point (items of one criterion, groups of one item).</summary>
    public static LikertSummary Pool(IEnumerable<LikertSummary> summaries)
    {
        var counts = new long[Points];
        long dontKnow = 0;
        foreach (var s in summaries)
        {
            for (var i = 0; i < Points; i++) counts[i] += s.Distribution[i];
            dontKnow += s.DontKnow;
        }
        return Summarize(counts, dontKnow);
    }

    private static double Median(long[] distribution, long n)
    {
        // The middle value (or the mean of the two middle values) of the sorted answers.
        double ValueAt(long rank)
        {
            long seen = 0;
            for (var i = 0; i < Points; i++)
            {
                seen += distribution[i];
                if (rank <= seen) return i + 1;
            }
            return Points;
        }
        return n % 2 == 1 ? ValueAt((n + 1) / 2) : (ValueAt(n / 2) + ValueAt(n / 2 + 1)) / 2;
    }

    /// <summary>After minus before, with Welch's 95% interval and two-sided p (Art. 19(1): before and after).</summary>
    public static Difference? Compare(LikertSummary before, LikertSummary after)
    {
        if (before is not { Mean: { } m1, StandardDeviation: { } s1 } || after is not { Mean: { } m2, StandardDeviation: { } s2 }) return null;
        var v1 = s1 * s1 / before.N;
        var v2 = s2 * s2 / after.N;
        var se = Math.Sqrt(v1 + v2);
        var diff = m2 - m1;
        if (se == 0) return new Difference(diff, diff, diff, diff == 0 ? 1 : 0);
        var df = (v1 + v2) * (v1 + v2) / (v1 * v1 / (before.N - 1) + v2 * v2 / (after.N - 1));
        var t = StudentT.InvCDF(0, 1, df, 0.975);
        var p = 2 * (1 - StudentT.CDF(0, 1, df, Math.Abs(diff / se)));
        return new Difference(diff, diff - t * se, diff + t * se, p);
    }

    /// <summary>
    /// Whether groups answer differently: Pearson's chi-square test of independence over a groups × categories table;
    /// for a 2×2 table with an expected count under 5, Fisher's exact test instead. Empty rows and columns are dropped.
    /// </summary>
    public static TestResult? Independence(long[,] table)
    {
        var rows = Enumerable.Range(0, table.GetLength(0)).Where(r => Enumerable.Range(0, table.GetLength(1)).Any(c => table[r, c] > 0)).ToList();
        var cols = Enumerable.Range(0, table.GetLength(1)).Where(c => rows.Any(r => table[r, c] > 0)).ToList();
        if (rows.Count < 2 || cols.Count < 2) return null;
        var t = new long[rows.Count, cols.Count];
        for (var i = 0; i < rows.Count; i++)
        for (var j = 0; j < cols.Count; j++)
            t[i, j] = table[rows[i], cols[j]];

        var rowSums = Enumerable.Range(0, rows.Count).Select(i => Enumerable.Range(0, cols.Count).Sum(j => t[i, j])).ToArray();
        var colSums = Enumerable.Range(0, cols.Count).Select(j => Enumerable.Range(0, rows.Count).Sum(i => t[i, j])).ToArray();
        double total = rowSums.Sum();
        var smallExpected = false;
        double chi = 0;
        for (var i = 0; i < rows.Count; i++)
        for (var j = 0; j < cols.Count; j++)
        {
            var expected = rowSums[i] * colSums[j] / total;
            if (expected < 5) smallExpected = true;
            chi += (t[i, j] - expected) * (t[i, j] - expected) / expected;
        }
        if (smallExpected && rows.Count == 2 && cols.Count == 2)
            return new TestResult("fisher", null, null, FisherExact(t[0, 0], t[0, 1], t[1, 0], t[1, 1]), false);
        var df = (rows.Count - 1) * (cols.Count - 1);
        return new TestResult("chi_square", chi, df, 1 - ChiSquared.CDF(df, chi), smallExpected);
    }

    /// <summary>Fisher's exact test, two-sided: the probability of tables as or less likely than the one observed.</summary>
    public static double FisherExact(long a, long b, long c, long d)
    {
        var row1 = a + b;
        var col1 = a + c;
        var n = a + b + c + d;
        double LogP(long x) => SpecialFunctions.FactorialLn((int)row1) + SpecialFunctions.FactorialLn((int)(n - row1))
            + SpecialFunctions.FactorialLn((int)col1) + SpecialFunctions.FactorialLn((int)(n - col1))
            - SpecialFunctions.FactorialLn((int)n) - SpecialFunctions.FactorialLn((int)x) - SpecialFunctions.FactorialLn((int)(row1 - x))
            - SpecialFunctions.FactorialLn((int)(col1 - x)) - SpecialFunctions.FactorialLn((int)(n - row1 - col1 + x));
        var observed = LogP(a);
        double p = 0;
        for (var x = Math.Max(0, row1 + col1 - n); x <= Math.Min(row1, col1); x++)
        {
            var lp = LogP(x);
            if (lp <= observed + 1e-7) p += Math.Exp(lp);
        }
        return Math.Min(1, p);
    }
}
