using Evaluation.Analysis;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Analysis;

/// <summary>
/// The statistics against an independent implementation (issue 22): each test runs scipy on Debian's Python
/// (/usr/bin/python3, python3-scipy 1.10.1, numpy 1.24.2) through <see cref="Scipy"/> on the same data and compares.
/// The snippets are inline; the values they gave are written beside them, so a reader can check without running them.
/// To rerun one by hand: <c>echo '&lt;input JSON&gt;' | /usr/bin/python3 -c "$(prelude of Scipy.cs)&lt;snippet&gt;"</c>.
/// </summary>
public class StatisticsReferenceTests
{
    private static void Close(double expected, double actual, double relative = 1e-9, double absolute = 0)
    {
        var tolerance = Math.Max(absolute, relative * Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"expected {expected:R}, got {actual:R} (tolerance {tolerance:R})");
    }

    /// <summary>Answers 1-5 written out from a distribution of counts.</summary>
    private static int[] Answers(long[] counts) =>
        counts.SelectMany((n, i) => Enumerable.Repeat(i + 1, (int)n)).ToArray();

    [Fact]
    public void Tails_of_t_and_chi_square_match_scipys_survival_functions_down_to_1e_minus_25()
    {
        double[][] t = [[2.0, 10], [3.162277660168379, 8], [18.0, 60], [0.5, 3.7], [-2.0, 10], [0, 5]];
        double[][] chi = [[12.527778, 2], [115.0, 2], [3.84, 1], [0.5, 7], [250.0, 10]];
        // t: 0.07338803477074039, 0.01334906342601871, 7.26542240061825e-26, 0.645335633319932, 0.0733880…, 1.0
        // χ²: 0.0019038273961591086, 1.0667613948338543e-25, 0.05004352124870519, 0.9994464813904249, 5.427833960969259e-48
        var reference = Scipy.Run(
            """
            emit({"t": [2 * stats.t.sf(abs(x), df) for x, df in data["t"]],
                  "chi": [stats.chi2.sf(x, df) for x, df in data["chi"]]})
            """, new { t, chi });
        var tp = reference.GetProperty("t").Doubles();
        for (var i = 0; i < t.Length; i++) Close(tp[i], Statistics.StudentTTwoSidedP(t[i][0], t[i][1]));
        var cp = reference.GetProperty("chi").Doubles();
        for (var i = 0; i < chi.Length; i++) Close(cp[i], Statistics.ChiSquareUpperP(chi[i][0], (int)chi[i][1]));
        Assert.InRange(Statistics.StudentTTwoSidedP(18, 60), 7.2e-26, 7.3e-26);
        Assert.InRange(Statistics.ChiSquareUpperP(115, 2), 1.06e-25, 1.07e-25);
    }

    [Fact]
    public void Welchs_difference_matches_scipys_unequal_variance_t_test()
    {
        long[][][] cases =
        [
            [[2, 1, 2, 0, 0], [0, 0, 2, 1, 2]],
            [[5, 10, 8, 4, 3], [2, 4, 10, 12, 9]],
            [[1, 0, 3, 0, 0], [0, 1, 5, 20, 14]],
        ];
        // ttest_ind(after, before, equal_var=False) gave p = 0.01334906342601871, 0.0022120606740883187, 0.04032241188087971;
        // the interval is d ± t.ppf(0.975, df) · se with the Welch–Satterthwaite df (scipy 1.10's ttest_ind has no
        // interval): [0.5415549279056131, 3.4584450720943867], [0.3473629090263366, 1.5084929468295198],
        // [0.13101083554746684, 3.218989164452533].
        var reference = Scipy.Run(
            """
            out = []
            for before, after in data:
                r = stats.ttest_ind(after, before, equal_var=False)
                v1, v2 = np.var(before, ddof=1) / len(before), np.var(after, ddof=1) / len(after)
                df = (v1 + v2) ** 2 / (v1 ** 2 / (len(before) - 1) + v2 ** 2 / (len(after) - 1))
                d = np.mean(after) - np.mean(before)
                half = stats.t.ppf(0.975, df) * np.sqrt(v1 + v2)
                out.append([d, d - half, d + half, r.pvalue, r.statistic])
            emit(out)
            """, cases.Select(c => new[] { Answers(c[0]), Answers(c[1]) }).ToArray());
        for (var i = 0; i < cases.Length; i++)
        {
            var expected = reference[i].Doubles();
            var d = Statistics.Welch(Statistics.Summarize(cases[i][0]), Statistics.Summarize(cases[i][1]))!;
            Assert.Equal("welch", d.Method);
            Close(expected[0], d.Value);
            Close(expected[1], d.CiLow, 1e-7);
            Close(expected[2], d.CiHigh, 1e-7);
            Close(expected[3], d.P, 1e-8);
        }
    }

    [Fact]
    public void The_paired_difference_matches_scipys_related_samples_t_test()
    {
        int[][][] cases =
        [
            [[1, 2, 3, 4, 5, 3], [2, 2, 4, 5, 5, 4]],
            [[2, 3, 3, 1, 2, 4, 3, 2, 2, 3, 1, 2], [4, 3, 5, 3, 2, 4, 4, 3, 4, 5, 2, 4]],
            // Differences of ±1 around +0.1: not significant.
            [[3, 3, 3, 3, 3, 3, 3, 3, 3, 3], [4, 2, 4, 2, 4, 2, 4, 2, 4, 3]],
        ];
        // ttest_rel(after, before) gave mean, interval, p, df: 0.6667 [0.12474043229590703, 1.2085929010374263]
        // p 0.025031015818452955 df 5; 1.25 [0.6997537099792628, 1.8002462900207372] p 0.00040252981812451935 df 11;
        // 0.1 [-0.6113715997015073, 0.8113715997015073] p 0.7577400727729553 df 9.
        var reference = Scipy.Run(
            """
            out = []
            for before, after in data:
                r = stats.ttest_rel(after, before)
                ci = r.confidence_interval()
                out.append([np.mean(np.subtract(after, before)), ci.low, ci.high, r.pvalue, r.df])
            emit(out)
            """, cases);
        for (var i = 0; i < cases.Length; i++)
        {
            var diffs = cases[i][1].Zip(cases[i][0], (a, b) => (double)(a - b)).ToArray();
            var d = Statistics.Paired(diffs.Length, diffs.Sum(), diffs.Sum(x => x * x))!;
            var expected = reference[i].Doubles();
            Assert.Equal("paired", d.Method);
            Close(expected[0], d.Value);
            Close(expected[1], d.CiLow, 1e-8);
            Close(expected[2], d.CiHigh, 1e-8);
            Close(expected[3], d.P, 1e-8);
            Assert.Equal(expected[4], d.DegreesOfFreedom);
        }
    }

    [Fact]
    public void The_respondent_clustered_interval_matches_a_cluster_robust_computation_from_the_raw_answers()
    {
        // Eight respondents, each answering some of a standard's items; answers of one person go together.
        int[][] respondents =
        [
            [5, 5, 4, 5], [1, 2, 1], [4, 4], [3, 3, 4, 3, 3], [2], [5, 4, 5, 5, 5, 4], [1, 1, 2, 1], [4, 3, 4],
        ];
        // numpy, from the answers themselves (not from the sums): residuals e_ij = x_ij − mean, per-respondent sums
        // E_i = Σ_j e_ij, Var = C/(C−1) · ΣE_i² / N² (the intercept's cluster-robust variance, CR1 without the
        // (N−1)/(N−K) factor), t(0.975, C−1). Gave mean 3.3214285714285716, se 0.5493915564396146, interval
        // [2.022323973771165, 4.620533169085978]; the answers as if independent: ± 0.5589714980808249.
        var reference = Scipy.Run(
            """
            answers = np.concatenate([np.array(r, dtype=float) for r in data])
            cluster = np.concatenate([np.full(len(r), i) for i, r in enumerate(data)])
            m = answers.mean(); C = len(data); N = len(answers)
            E = np.bincount(cluster, weights=answers - m)
            se = np.sqrt(C / (C - 1) * np.sum(E ** 2)) / N
            half = stats.t.ppf(0.975, C - 1) * se
            naive = stats.t.ppf(0.975, N - 1) * answers.std(ddof=1) / np.sqrt(N)
            emit([m, m - half, m + half, se, naive])
            """, respondents).Doubles();
        var sums = new ClusterSums(respondents.Length, respondents.Sum(r => r.Length), respondents.Sum(r => r.Sum()),
            respondents.Sum(r => Math.Pow(r.Sum(), 2)), respondents.Sum(r => (double)r.Length * r.Sum()), respondents.Sum(r => Math.Pow(r.Length, 2)));
        var c = Statistics.Clustered(sums)!;
        Close(reference[0], c.Mean);
        Close(reference[1], c.CiLow, 1e-8);
        Close(reference[2], c.CiHigh, 1e-8);
        Assert.Equal((8L, 28.0), (c.Clusters, c.Answers));
        // Counting answers as independent would give a narrower interval than counting respondents.
        Assert.True(c.CiHigh - c.CiLow > 2 * reference[4]);
    }

    [Fact]
    public void Wilson_intervals_match_scipys_binomial_test()
    {
        long[][] cases = [[0, 10], [3, 10], [10, 10], [47, 120], [1, 1], [2, 4]];
        // Gave [0.0, 0.27753279986288926], [0.10779126740630102, 0.6032218525388546], [0.7224672001371109, 1.0],
        // [0.3089919697233256, 0.48106218300072684], [0.20654931437723745, 1.0], [0.15003898915214953, 0.8499610108478505].
        var reference = Scipy.Run(
            """
            emit([list(stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")) for k, n in data])
            """, cases);
        for (var i = 0; i < cases.Length; i++)
        {
            var expected = reference[i].Doubles();
            var (low, high) = Statistics.Wilson(cases[i][0], cases[i][1]);
            Close(expected[0], low, 1e-9, 1e-15);
            Close(expected[1], high, 1e-9, 1e-15);
        }
        var s = Statistics.Summarize([1, 2, 0, 4, 3]);
        Assert.Equal(Statistics.Wilson(7, 10), (s.Top2Low!.Value, s.Top2High!.Value));
        Assert.Equal(Statistics.Wilson(3, 10), (s.Bottom2Low!.Value, s.Bottom2High!.Value));
    }

    [Fact]
    public void The_mean_interval_is_scipys_t_interval_clamped_to_the_scale()
    {
        long[][] cases = [[1, 1, 1, 1, 1], [0, 2, 5, 9, 4], [1, 0, 0, 0, 1], [0, 0, 0, 1, 3]];
        // Gave [1.036756838522439, 4.9632431614775605], [3.3238890444280025, 4.176110955571998],
        // [-22.41240947286419, 28.41240947286419] (clamped to [1, 5]), [3.9543884236789344, 5.545611576321066] (to 5).
        var reference = Scipy.Run(
            """
            out = []
            for answers in data:
                ci = stats.ttest_1samp(answers, 0).confidence_interval()
                out.append([float(np.mean(answers)), ci.low, ci.high])
            emit(out)
            """, cases.Select(Answers).ToArray());
        for (var i = 0; i < cases.Length; i++)
        {
            var expected = reference[i].Doubles();
            var s = Statistics.Summarize(cases[i]);
            Close(expected[0], s.Mean!.Value);
            Close(Math.Clamp(expected[1], 1, 5), s.CiLow!.Value, 1e-9);
            Close(Math.Clamp(expected[2], 1, 5), s.CiHigh!.Value, 1e-9);
        }
        Assert.Equal((1.0, 5.0), (Statistics.Summarize([1, 0, 0, 0, 1]).CiLow, Statistics.Summarize([1, 0, 0, 0, 1]).CiHigh));
    }

    [Fact]
    public void Chi_square_where_expected_counts_allow_matches_scipys_contingency_test_including_a_p_of_1e_minus_25()
    {
        long[][][] tables =
        [
            [[10, 20, 30], [20, 20, 10]],        // χ² 12.52777777777778, p 0.0019038276076954943
            [[30, 10], [15, 25]],                // 2×2: χ² 11.42857142857143, p 0.0007232327164301923
            [[74, 6, 6], [6, 6, 74]],            // χ² 115.6, p 7.902762784127669e-26
            [[12, 15, 9], [10, 8, 14], [7, 11, 20], [9, 6, 5]], // χ² 9.91453774238227, df 6, p 0.12829746444016712
        ];
        var reference = Scipy.Run(
            """
            out = []
            for t in data:
                chi, p, df, expected = stats.chi2_contingency(np.array(t), correction=False)
                out.append([chi, p, df, float(expected.min())])
            emit(out)
            """, tables);
        for (var i = 0; i < tables.Length; i++)
        {
            var expected = reference[i].Doubles();
            var r = Statistics.Independence(ToArray(tables[i]))!;
            Assert.Equal("chi_square", r.Method);
            Close(expected[0], r.Statistic!.Value);
            Close(expected[1], r.P, 1e-9);
            Assert.Equal((int)expected[2], r.DegreesOfFreedom);
            Assert.Equal(expected[3] < 5, r.SmallExpectedCounts);
        }
        Assert.InRange(Statistics.Independence(ToArray(tables[2]))!.P, 7.8e-26, 8.0e-26);
    }

    [Fact]
    public void Small_two_by_two_tables_get_fishers_exact_test_as_scipy_computes_it()
    {
        long[][][] tables = [[[3, 1], [1, 3]], [[8, 2], [1, 5]], [[0, 5], [6, 1]], [[12, 1], [3, 2]]];
        // fisher_exact gave 0.48571428571428565 (= 34/70), 0.034965034965034975, 0.01515151515151515, 0.1715686274509804.
        var reference = Scipy.Run("emit([stats.fisher_exact(t)[1] for t in data])", tables).Doubles();
        for (var i = 0; i < tables.Length; i++)
        {
            var r = Statistics.Independence(ToArray(tables[i]))!;
            Assert.Equal("fisher", r.Method);
            Assert.True(r.SmallExpectedCounts);
            Close(reference[i], r.P, 1e-9);
        }
    }

    [Fact]
    public void Small_larger_tables_get_a_monte_carlo_p_within_its_error_of_the_exact_permutation_p_and_of_scipys()
    {
        long[][][] tables =
        [
            [[3, 1, 0], [1, 3, 2], [0, 2, 4]],
            [[5, 2, 1], [2, 2, 3]],
            [[6, 0, 1], [1, 4, 0], [0, 1, 5]],
        ];
        // The exact p: every table with the observed margins, weighted by its multiple hypergeometric probability,
        // summing those whose χ² is at least the observed one; and scipy's permutation_test shuffling the category
        // labels over the answers (10,000 resamples, p = (1 + k)/(1 + 10,000)). Gave χ², exact p, scipy's p:
        // 9.0, 0.07110746396460688, 0.0750924907509249; 2.228954081632653, 0.36907536907536903, 0.36846315368463156;
        // 20.78734693877551, 0.0001685406097170807, 0.00029997000299970003.
        var reference = Scipy.Run(
            """
            from itertools import product
            from math import lgamma, exp
            def chi2(t, e):
                return float(((t - e) ** 2 / e).sum())
            def tables(rows, cols):
                # every non-negative integer table with these margins, row by row
                if len(rows) == 1:
                    yield [list(cols)]
                    return
                for first in product(*[range(min(rows[0], c) + 1) for c in cols]):
                    if sum(first) == rows[0]:
                        for rest in tables(rows[1:], [c - x for c, x in zip(cols, first)]):
                            yield [list(first)] + rest
            out = []
            rng = np.random.default_rng(1)
            for t in data:
                t = np.array(t, dtype=float)
                rows, cols, n = t.sum(1).astype(int), t.sum(0).astype(int), int(t.sum())
                e = np.outer(rows, cols) / n
                observed = chi2(t, e)
                const = sum(lgamma(r + 1) for r in rows) + sum(lgamma(c + 1) for c in cols) - lgamma(n + 1)
                exact = 0.0
                for u in tables(list(rows), list(cols)):
                    u = np.array(u, dtype=float)
                    if chi2(u, e) >= observed * (1 - 1e-12):
                        exact += exp(const - sum(lgamma(x + 1) for x in u.ravel()))
                group = np.repeat(np.arange(len(rows)), rows)
                category = np.concatenate([np.repeat(np.arange(len(cols)), t[i].astype(int)) for i in range(len(rows))])
                def statistic(c):
                    u = np.zeros_like(t)
                    np.add.at(u, (group, c), 1)
                    return chi2(u, e)
                perm = stats.permutation_test((category,), statistic, permutation_type="pairings",
                                              n_resamples=10000, alternative="greater", random_state=rng)
                out.append([observed, exact, perm.pvalue])
            emit(out)
            """, tables);
        for (var i = 0; i < tables.Length; i++)
        {
            var expected = reference[i].Doubles();
            var r = Statistics.Independence(ToArray(tables[i]))!;
            Assert.Equal("monte_carlo", r.Method);
            Assert.Equal((10_000, Statistics.MonteCarloSeed), (r.Draws, r.Seed));
            Assert.True(r.SmallExpectedCounts);
            Close(expected[0], r.Statistic!.Value);
            // Four standard errors of a p estimated from 10,000 draws; twice that against scipy's own estimate.
            var error = Math.Sqrt(expected[1] * (1 - expected[1]) / 10_000);
            Assert.InRange(r.P, expected[1] - 4 * error - 1e-4, expected[1] + 4 * error + 1e-4);
            Assert.InRange(r.P, expected[2] - 8 * error - 2e-4, expected[2] + 8 * error + 2e-4);
            // The same data give the same p (fixed seed).
            Assert.Equal(r.P, Statistics.Independence(ToArray(tables[i]))!.P);
        }
    }

    [Fact]
    public void Holm_and_Benjamini_Hochberg_match_their_definitions_computed_in_numpy()
    {
        double[] p = [0.01, 0.04, 0.03, 0.005, 0.5, 0.04, 1e-25, 0.9];
        // Holm: [0.06, 0.16, 0.15, 0.035, 1.0, 0.16, 8e-25, 1.0];
        // BH: [0.02666…, 0.05333…, 0.05333…, 0.02, 0.5714285714285714, 0.05333…, 8e-25, 0.9].
        var reference = Scipy.Run(
            """
            p = np.array(data); m = len(p); order = np.argsort(p, kind="stable")
            holm = np.empty(m); holm[order] = np.minimum(1, np.maximum.accumulate((m - np.arange(m)) * p[order]))
            bh = np.empty(m); bh[order] = np.minimum(1, np.minimum.accumulate((m / np.arange(m, 0, -1)) * p[order][::-1])[::-1])
            emit({"holm": holm.tolist(), "bh": bh.tolist()})
            """, p);
        var holm = Statistics.Holm(p);
        var bh = Statistics.BenjaminiHochberg(p);
        var expectedHolm = reference.GetProperty("holm").Doubles();
        var expectedBh = reference.GetProperty("bh").Doubles();
        for (var i = 0; i < p.Length; i++)
        {
            Close(expectedHolm[i], holm[i], 1e-12);
            Close(expectedBh[i], bh[i], 1e-12);
        }
    }

    private static long[,] ToArray(long[][] rows)
    {
        var t = new long[rows.Length, rows[0].Length];
        for (var i = 0; i < rows.Length; i++)
        for (var j = 0; j < rows[0].Length; j++)
            t[i, j] = rows[i][j];
        return t;
    }

    [Fact]
    public void The_scipy_helper_fails_the_test_with_pythons_error()
    {
        var e = Assert.ThrowsAny<Exception>(() => Scipy.Run("raise ValueError('no such table')", new { }));
        Assert.Contains("no such table", e.Message);
    }
}
