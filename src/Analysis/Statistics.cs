using System.Globalization;
using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace Evaluation.Analysis;

/// <summary>
/// A 5-point item: counts of points 1-5, with "don't know / not applicable" counted apart, never as a score. The
/// mean's 95% interval is Student's t, clamped to the scale; the shares agreeing (4-5) and disagreeing (1-2) carry
/// Wilson score intervals.
/// </summary>
public sealed record LikertSummary(long N, long DontKnow, long[] Distribution, double? Mean, double? Median, double? StandardDeviation,
    double? CiLow, double? CiHigh, double? Top2, double? Bottom2,
    double? Top2Low = null, double? Top2High = null, double? Bottom2Low = null, double? Bottom2High = null)
{
    /// <summary>The mean on a 0-100 scale (1 → 0, 5 → 100), for combining items into a criterion index.</summary>
    public double? Index => Mean is { } m ? (m - 1) / 4 * 100 : null;
}

/// <summary>
/// A test of whether groups answer differently. Method: "chi_square" (Pearson, where the expected counts allow it),
/// "fisher" (2×2 exact) or "monte_carlo" (permutation test on χ², <see cref="Draws"/> random tables with the observed
/// margins from the fixed <see cref="Seed"/>). <see cref="SmallExpectedCounts"/>: some expected count is under 5.
/// <see cref="AdjustedP"/>: the p-value adjusted for multiple comparisons (<see cref="Adjustment"/>, over a family of
/// <see cref="Family"/> tests), set by whoever knows the family.
/// </summary>
public sealed record TestResult(string Method, double? Statistic, int? DegreesOfFreedom, double P, bool SmallExpectedCounts,
    double? AdjustedP = null, string? Adjustment = null, int? Family = null, int? Draws = null, int? Seed = null)
{
    /// <summary>Whether the groups differ at level alpha: judged on the adjusted p where the test has one.</summary>
    public bool Differs(double alpha) => (AdjustedP ?? P) < alpha;
}

/// <summary>A difference of means (after − before) with its 95% interval and two-sided p; Method "welch" or "paired".</summary>
public sealed record Difference(double Value, double CiLow, double CiHigh, double P, string? Method = null, double? DegreesOfFreedom = null);

/// <summary>
/// Sums over respondents for a respondent-clustered mean: respondent i gave n_i scored answers whose scores sum to
/// y_i; Clusters is the number of respondents, SumN = Σn_i, SumY = Σy_i, SumY2 = Σy_i², SumNY = Σn_i·y_i, SumN2 = Σn_i².
/// </summary>
public sealed record ClusterSums(long Clusters, double SumN, double SumY, double SumY2, double SumNY, double SumN2);

/// <summary>The mean of all answers (Σy/Σn) with its respondent-clustered 95% interval, clamped to the scale.</summary>
public sealed record ClusteredMean(double Mean, double CiLow, double CiHigh, long Clusters, double Answers);

/// <summary>The statistics of the findings, on distributions rather than raw rows: PostgreSQL counts, this computes.</summary>
public static class Statistics
{
    public const int Points = 5;

    /// <summary>The Monte Carlo permutation test's number of random tables and its fixed seed (the same data give the same p).</summary>
    public const int MonteCarloDraws = 10_000;
    public const int MonteCarloSeed = 20_261_208;

    /// <summary>The name of Holm's adjustment in the findings and exports (<see cref="TestResult.Adjustment"/>).</summary>
    public const string HolmAdjustment = "holm";

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
            // Student's t: right for small samples, the normal 1.96 for large ones. Clamped: no mean lies off the scale.
            var half = StudentT.InvCDF(0, 1, n - 1, 0.975) * s / Math.Sqrt(n);
            (low, high) = Clamp(mean - half, mean + half);
        }
        var agree = distribution[3] + distribution[4];
        var disagree = distribution[0] + distribution[1];
        var (agreeLow, agreeHigh) = Wilson(agree, n);
        var (disagreeLow, disagreeHigh) = Wilson(disagree, n);
        return new LikertSummary(n, dontKnow, distribution, mean, Median(distribution, n), sd, low, high,
            agree / (double)n, disagree / (double)n, agreeLow, agreeHigh, disagreeLow, disagreeHigh);
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

    /// <summary>An interval cut to the scale (1-5 by default): a mean of answers 1-5 cannot lie outside it.</summary>
    public static (double Low, double High) Clamp(double low, double high, double min = 1, double max = Points) =>
        (Math.Min(max, Math.Max(min, low)), Math.Max(min, Math.Min(max, high)));

    // ---- Tails. Computed directly from the regularized incomplete beta and gamma functions, never as 1 − CDF:
    // 1 − CDF loses every digit below 1e-16 and printed 1e-25 as 0.

    /// <summary>Two-sided p of Student's t: P(|T| ≥ |t|) = I_{df/(df+t²)}(df/2, 1/2).</summary>
    public static double StudentTTwoSidedP(double t, double df)
    {
        if (double.IsNaN(t) || !(df > 0)) return double.NaN;
        if (double.IsInfinity(t)) return 0;
        var x = df / (df + t * t);
        return Math.Min(1, SpecialFunctions.BetaRegularized(df / 2, 0.5, x));
    }

    /// <summary>Upper tail of the χ² distribution: P(X ≥ x) = Q(df/2, x/2).</summary>
    public static double ChiSquareUpperP(double x, int df)
    {
        if (df <= 0) throw new ArgumentOutOfRangeException(nameof(df));
        if (double.IsNaN(x)) return double.NaN;
        if (x <= 0) return 1;
        return SpecialFunctions.GammaUpperRegularized(df / 2.0, x / 2);
    }

    /// <summary>The Wilson score interval of a share (Wilson 1927): sound for small n and shares near 0 or 1, never outside [0, 1].</summary>
    public static (double Low, double High) Wilson(long successes, long n, double confidence = 0.95)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n));
        if (successes < 0 || successes > n) throw new ArgumentOutOfRangeException(nameof(successes));
        var z = Normal.InvCDF(0, 1, 1 - (1 - confidence) / 2);
        var p = successes / (double)n;
        var z2n = z * z / n;
        var center = (p + z2n / 2) / (1 + z2n);
        var half = z / (1 + z2n) * Math.Sqrt(p * (1 - p) / n + z2n / (4.0 * n));
        return (successes == 0 ? 0 : Math.Max(0, center - half), successes == n ? 1 : Math.Min(1, center + half));
    }

    // ---- Differences of means (Art. 19(1): before and after).

    /// <summary>
    /// After minus before where different people answered each (two waves, two consultations): Welch's t, 95% interval
    /// and two-sided p. Null when either side has fewer than two answers.
    /// </summary>
    public static Difference? Welch(LikertSummary before, LikertSummary after)
    {
        if (before is not { Mean: { } m1, StandardDeviation: { } s1 } || after is not { Mean: { } m2, StandardDeviation: { } s2 }) return null;
        var v1 = s1 * s1 / before.N;
        var v2 = s2 * s2 / after.N;
        var se = Math.Sqrt(v1 + v2);
        var diff = m2 - m1;
        if (se == 0) return new Difference(diff, diff, diff, diff == 0 ? 1 : 0, "welch");
        var df = (v1 + v2) * (v1 + v2) / (v1 * v1 / (before.N - 1) + v2 * v2 / (after.N - 1));
        var t = StudentT.InvCDF(0, 1, df, 0.975);
        return new Difference(diff, diff - t * se, diff + t * se, StudentTTwoSidedP(diff / se, df), "welch", df);
    }

    /// <summary>
    /// The same respondents answered before and after: the mean of their differences (after − before) with Student's t
    /// interval on n − 1 degrees of freedom and two-sided p. Given the number of pairs, Σd and Σd². Null under two pairs.
    /// </summary>
    public static Difference? Paired(long n, double sumDiff, double sumSquaredDiff)
    {
        if (n < 2) return null;
        var mean = sumDiff / n;
        var variance = Math.Max(0, (sumSquaredDiff - sumDiff * mean) / (n - 1));
        var se = Math.Sqrt(variance / n);
        if (se == 0) return new Difference(mean, mean, mean, mean == 0 ? 1 : 0, "paired", n - 1);
        var t = StudentT.InvCDF(0, 1, n - 1, 0.975);
        return new Difference(mean, mean - t * se, mean + t * se, StudentTTwoSidedP(mean / se, n - 1), "paired", n - 1);
    }

    /// <summary>
    /// A share over answers (y_i = respondent i's answers in the category, n_i all of i's answers) with an interval that
    /// counts respondents: Wilson's interval on the effective sample size n / deff (Kish), the design effect deff being
    /// the respondent-clustered (CR1) variance of the share over its binomial variance, never under 1. Where the share is
    /// 0 or 1 the clustered variance says nothing (it is 0), and the effective size is the number of respondents: each
    /// person counts once. Wilson's form keeps the interval inside 0..1 and honest at 0 and 1.
    /// </summary>
    public static ClusteredMean? ClusteredShare(ClusterSums s)
    {
        if (s.Clusters < 2 || s.SumN <= 0) return null;
        var p = s.SumY / s.SumN;
        var c = (double)s.Clusters;
        var clustered = c / (c - 1) * Math.Max(0, s.SumY2 - 2 * p * s.SumNY + p * p * s.SumN2) / (s.SumN * s.SumN);
        var binomial = p * (1 - p) / s.SumN;
        var effective = binomial > 0 ? s.SumN / Math.Max(1, clustered / binomial) : Math.Min(c, s.SumN);
        var (low, high) = WilsonInterval(p, effective);
        return new ClusteredMean(p, low, high, s.Clusters, s.SumN);
    }

    /// <summary>Wilson's score interval (95%) for a share p of n, n not necessarily whole (an effective sample size).</summary>
    public static (double Low, double High) WilsonInterval(double p, double n)
    {
        var z = Normal.InvCDF(0, 1, 0.975);
        var z2 = z * z;
        var denominator = 1 + z2 / n;
        var center = (p + z2 / (2 * n)) / denominator;
        var half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
        return (Math.Max(0, center - half), Math.Min(1, center + half));
    }

    /// <summary>
    /// The mean of all answers of a standard (Σy/Σn, each answer counted) with an interval that counts respondents,
    /// not answers: one person's answers to several items go together, so they are one cluster. Linearization
    /// (sandwich) variance of a ratio, Var = C/(C−1) · Σ(y_i − m·n_i)² / (Σn_i)², t on C − 1 degrees of freedom,
    /// clamped to the scale. Null under two respondents or without answers.
    /// </summary>
    public static ClusteredMean? Clustered(ClusterSums s)
    {
        if (s.Clusters < 2 || s.SumN <= 0) return null;
        var mean = s.SumY / s.SumN;
        // Σ(y_i − m·n_i)² expanded over the sums; never negative but for rounding.
        var residuals = Math.Max(0, s.SumY2 - 2 * mean * s.SumNY + mean * mean * s.SumN2);
        var c = (double)s.Clusters;
        var se = Math.Sqrt(c / (c - 1) * residuals) / s.SumN;
        var half = StudentT.InvCDF(0, 1, c - 1, 0.975) * se;
        var (low, high) = Clamp(mean - half, mean + half);
        return new ClusteredMean(mean, low, high, s.Clusters, s.SumN);
    }

    // ---- Multiple comparisons.

    /// <summary>Holm's step-down adjusted p-values (Holm 1979), in the order given: family-wise error held at α.</summary>
    public static double[] Holm(IReadOnlyList<double> p)
    {
        var m = p.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => p[i]).ToArray();
        var adjusted = new double[m];
        double running = 0;
        for (var k = 0; k < m; k++)
        {
            running = Math.Max(running, Math.Min(1, (m - k) * p[order[k]]));
            adjusted[order[k]] = running;
        }
        return adjusted;
    }

    /// <summary>Benjamini–Hochberg adjusted p-values (step-up, false discovery rate), in the order given.</summary>
    public static double[] BenjaminiHochberg(IReadOnlyList<double> p)
    {
        var m = p.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => p[i]).ToArray();
        var adjusted = new double[m];
        var running = 1.0;
        for (var k = m - 1; k >= 0; k--)
        {
            running = Math.Min(running, Math.Min(1, m / (double)(k + 1) * p[order[k]]));
            adjusted[order[k]] = running;
        }
        return adjusted;
    }

    /// <summary>A p-value as shown on pages and in reports: "p &lt; 0.001" below 0.001, else three decimals. Exports keep the exact value.</summary>
    public static string FormatP(double p) => FormatP(p, "p");

    /// <summary>The same with another symbol, e.g. the adjusted p.</summary>
    public static string FormatP(double p, string symbol) =>
        p < 0.001 ? $"{symbol} < 0.001" : string.Create(CultureInfo.InvariantCulture, $"{symbol} = {p:0.000}");

    // ---- Group tests.

    /// <summary>
    /// Whether groups answer differently, over a groups × categories table (empty rows and columns dropped). Pearson's
    /// χ² where its approximation holds (Cochran's rule: no expected count under 1, at most 20% under 5); otherwise
    /// Fisher's exact test for a 2×2 table and, for a larger one, a Monte Carlo permutation test on χ²
    /// (<see cref="MonteCarloDraws"/> random tables with the observed margins, fixed seed, p = (1 + #{χ²* ≥ χ²}) / (1 + draws)).
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
        var expected = Expected(rowSums, colSums);
        int under5 = 0, under1 = 0;
        foreach (var e in expected)
        {
            if (e < 5) under5++;
            if (e < 1) under1++;
        }
        var small = under5 > 0;
        var chi = ChiSquare(t, expected);
        if (under1 == 0 && under5 <= 0.2 * expected.Length)
        {
            var df = (rows.Count - 1) * (cols.Count - 1);
            return new TestResult("chi_square", chi, df, ChiSquareUpperP(chi, df), small);
        }
        if (rows.Count == 2 && cols.Count == 2)
            return new TestResult("fisher", null, null, FisherExact(t[0, 0], t[0, 1], t[1, 0], t[1, 1]), small);
        return new TestResult("monte_carlo", chi, null, MonteCarloP(rowSums, colSums, expected, chi, MonteCarloDraws, MonteCarloSeed), small,
            Draws: MonteCarloDraws, Seed: MonteCarloSeed);
    }

    private static double[,] Expected(long[] rowSums, long[] colSums)
    {
        double total = rowSums.Sum();
        var e = new double[rowSums.Length, colSums.Length];
        for (var i = 0; i < rowSums.Length; i++)
        for (var j = 0; j < colSums.Length; j++)
            e[i, j] = rowSums[i] * (double)colSums[j] / total;
        return e;
    }

    private static double ChiSquare(long[,] t, double[,] expected)
    {
        double chi = 0;
        for (var i = 0; i < t.GetLength(0); i++)
        for (var j = 0; j < t.GetLength(1); j++)
        {
            var d = t[i, j] - expected[i, j];
            chi += d * d / expected[i, j];
        }
        return chi;
    }

    /// <summary>
    /// The Monte Carlo p of χ² under independence given both margins: random tables drawn from the multiple
    /// hypergeometric distribution (what shuffling the category labels of the answers over the groups gives), filled
    /// row by row, cell by cell, each cell a hypergeometric draw from what is left of its column. p counts the observed
    /// table among the draws, so it is never 0 (Davison and Hinkley 1997; as R's chisq.test(simulate.p.value = TRUE)).
    /// </summary>
    public static double MonteCarloP(long[] rowSums, long[] colSums, double[,] expected, double observed, int draws, int seed)
    {
        var random = new Random(seed);
        var r = rowSums.Length;
        var c = colSums.Length;
        var table = new long[r, c];
        var left = new long[c];
        // Ties of χ² computed in another order must count as "as extreme" (R uses the same allowance).
        var threshold = observed * (1 - 64 * 2.220446049250313e-16);
        var atLeast = 0;
        for (var draw = 0; draw < draws; draw++)
        {
            Array.Copy(colSums, left, c);
            var remaining = colSums.Sum();
            for (var i = 0; i < r - 1; i++)
            {
                var need = rowSums[i];
                var pool = remaining;
                for (var j = 0; j < c - 1; j++)
                {
                    var x = need == 0 ? 0 : Hypergeometric(random, pool, left[j], need);
                    pool -= left[j];
                    table[i, j] = x;
                    left[j] -= x;
                    need -= x;
                }
                table[i, c - 1] = need;
                left[c - 1] -= need;
                remaining -= rowSums[i];
            }
            for (var j = 0; j < c; j++) table[r - 1, j] = left[j];
            if (ChiSquare(table, expected) >= threshold) atLeast++;
        }
        return (1.0 + atLeast) / (1.0 + draws);
    }

    /// <summary>
    /// One draw of the hypergeometric distribution (draws taken from a population holding successes): inversion by
    /// chop-down from the mode, which takes steps of the order of the standard deviation, not of the population.
    /// </summary>
    private static long Hypergeometric(Random random, long population, long successes, long draws)
    {
        var low = Math.Max(0, draws - (population - successes));
        var high = Math.Min(draws, successes);
        if (low == high) return low;
        var mode = (long)Math.Floor((draws + 1.0) * (successes + 1.0) / (population + 2.0));
        mode = Math.Clamp(mode, low, high);
        double LogP(long x) => LogChoose(successes, x) + LogChoose(population - successes, draws - x) - LogChoose(population, draws);
        var pMode = Math.Exp(LogP(mode));
        var u = random.NextDouble();
        // Walk outward from the mode, alternately down and up, each step's probability by the ratio of neighbours.
        u -= pMode;
        if (u <= 0) return mode;
        long down = mode, up = mode;
        double pDown = pMode, pUp = pMode;
        while (down > low || up < high)
        {
            if (down > low)
            {
                // P(x−1)/P(x) = x (N − K − n + x) / ((K − x + 1)(n − x + 1))
                pDown *= down * (double)(population - successes - draws + down) / ((successes - down + 1.0) * (draws - down + 1.0));
                down--;
                u -= pDown;
                if (u <= 0) return down;
            }
            if (up < high)
            {
                // P(x+1)/P(x) = (K − x)(n − x) / ((x + 1)(N − K − n + x + 1))
                pUp *= (successes - up) * (double)(draws - up) / ((up + 1.0) * (population - successes - draws + up + 1.0));
                up++;
                u -= pUp;
                if (u <= 0) return up;
            }
        }
        return mode; // rounding left a sliver of probability unassigned: the most likely value takes it
    }

    private static double LogChoose(long n, long k) =>
        SpecialFunctions.GammaLn(n + 1.0) - SpecialFunctions.GammaLn(k + 1.0) - SpecialFunctions.GammaLn(n - k + 1.0);

    /// <summary>Fisher's exact test, two-sided: the probability of tables as or less likely than the one observed.</summary>
    public static double FisherExact(long a, long b, long c, long d)
    {
        var row1 = a + b;
        var col1 = a + c;
        var n = a + b + c + d;
        double LogP(long x) => LogChoose(row1, x) + LogChoose(n - row1, col1 - x) - LogChoose(n, col1);
        var observed = LogP(a);
        double p = 0;
        for (var x = Math.Max(0, row1 + col1 - n); x <= Math.Min(row1, col1); x++)
        {
            var lp = LogP(x);
            // As likely within rounding counts as "as likely" (relative 1e-7, as R and scipy do).
            if (lp <= observed + 1e-7) p += Math.Exp(lp);
        }
        return Math.Min(1, p);
    }
}
