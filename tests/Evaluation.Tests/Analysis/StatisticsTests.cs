using Evaluation.Analysis;

namespace Evaluation.Tests.Analysis;

/// <summary>Expected values computed by hand (and checked against textbook tables).</summary>
public class StatisticsTests
{
    [Fact]
    public void One_answer_on_each_point()
    {
        var s = Statistics.Summarize([1, 1, 1, 1, 1]);
        Assert.Equal(5, s.N);
        Assert.Equal(3.0, s.Mean);
        Assert.Equal(3.0, s.Median);
        Assert.Equal(Math.Sqrt(2.5), s.StandardDeviation!.Value, 9);
        // 3 ± t(0.975, 4) · √2.5 / √5 = 3 ± 2.776445 · 0.707107
        Assert.Equal(1.036757, s.CiLow!.Value, 5);
        Assert.Equal(4.963243, s.CiHigh!.Value, 5);
        Assert.Equal(0.4, s.Top2);
        Assert.Equal(0.4, s.Bottom2);
        Assert.Equal(50.0, s.Index);
    }

    [Fact]
    public void Dont_know_is_counted_apart_and_never_scored()
    {
        var s = Statistics.Summarize([0, 0, 0, 3, 1], dontKnow: 4);
        Assert.Equal((4L, 4L), (s.N, s.DontKnow));
        Assert.Equal(4.25, s.Mean);
        Assert.Equal(4.0, s.Median);
        Assert.Equal((1.0, 0.0), (s.Top2!.Value, s.Bottom2!.Value));
    }

    [Fact]
    public void The_median_of_an_even_count_is_the_mean_of_the_two_middle_answers()
    {
        Assert.Equal(3.0, Statistics.Summarize([1, 0, 0, 0, 1]).Median);
        Assert.Equal(2.5, Statistics.Summarize([0, 2, 2, 0, 0]).Median);
        Assert.Equal(1.0, Statistics.Summarize([3, 0, 0, 0, 2]).Median);
    }

    [Fact]
    public void Nothing_answered_gives_no_figures()
    {
        var s = Statistics.Summarize([0, 0, 0, 0, 0], dontKnow: 2);
        Assert.Equal(0, s.N);
        Assert.Null(s.Mean);
        Assert.Null(s.Median);
        Assert.Null(s.CiLow);
    }

    [Fact]
    public void The_mean_interval_never_leaves_the_scale_and_shares_carry_wilson_intervals()
    {
        // Two answers, 1 and 5: 3 ± 12.706 · 2.828 / √2 would run from −22.4 to 28.4.
        var s = Statistics.Summarize([1, 0, 0, 0, 1]);
        Assert.Equal((1.0, 5.0), (s.CiLow!.Value, s.CiHigh!.Value));
        Assert.Equal((1.0, 5.0), Statistics.Clamp(-2.85, 9.85));
        Assert.Equal((2.5, 3.5), Statistics.Clamp(2.5, 3.5));
        // None of two agree: [0, 0.658], not [0, 0] as the plain share's interval would have it.
        var none = Statistics.Summarize([1, 1, 0, 0, 0]);
        Assert.Equal(0.0, none.Top2Low);
        Assert.InRange(none.Top2High!.Value, 0.6576, 0.6577);
    }

    [Fact]
    public void P_values_under_one_in_a_thousand_are_shown_as_such_and_others_with_three_decimals()
    {
        Assert.Equal("p < 0.001", Statistics.FormatP(1e-25));
        Assert.Equal("p < 0.001", Statistics.FormatP(0.00099));
        Assert.Equal("p = 0.001", Statistics.FormatP(0.001));
        Assert.Equal("p = 0.049", Statistics.FormatP(0.0494));
        Assert.Equal("p = 1.000", Statistics.FormatP(1));
        Assert.Equal("p_adj = 0.120", Statistics.FormatP(0.12, "p_adj"));
    }

    [Fact]
    public void Tiny_p_values_are_not_rounded_to_zero()
    {
        // 1 − CDF gave 0 here.
        Assert.True(Statistics.ChiSquareUpperP(200, 2) > 0);
        Assert.Equal(Math.Exp(-100), Statistics.ChiSquareUpperP(200, 2), Math.Exp(-100) * 1e-9);
        Assert.True(Statistics.StudentTTwoSidedP(40, 100) > 0);
        Assert.Equal(1.0, Statistics.StudentTTwoSidedP(0, 7));
        Assert.Equal(1.0, Statistics.ChiSquareUpperP(0, 3));
    }

    [Fact]
    public void Holm_adjusts_the_smallest_p_by_the_family_size_and_keeps_the_order()
    {
        // 0.01 · 3 = 0.03; 0.02 · 2 = 0.04; 0.03 · 1 = 0.03, raised to 0.04 (never below a smaller p's).
        Assert.Equal([0.04, 0.03, 0.04], Statistics.Holm([0.02, 0.01, 0.03]), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal([0.9, 0.5], Statistics.Holm([0.9, 0.25]), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal([1.0, 1.0], Statistics.Holm([0.9, 0.6]), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal([0.03, 0.03, 0.03], Statistics.BenjaminiHochberg([0.02, 0.01, 0.03]), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Empty(Statistics.Holm([]));
    }

    [Fact]
    public void A_clustered_mean_needs_two_respondents_and_counts_each_persons_answers_together()
    {
        Assert.Null(Statistics.Clustered(new ClusterSums(1, 4, 12, 144, 48, 16)));
        // Two respondents, each answering 2 items: (5, 5) and (1, 1): mean 3, residuals ±4, se = √(2 · 32) / 4 = 2.
        var c = Statistics.Clustered(new ClusterSums(2, 4, 12, 104, 24, 8))!;
        Assert.Equal(3.0, c.Mean);
        Assert.Equal((1.0, 5.0), (c.CiLow, c.CiHigh)); // 3 ± 12.706 · 2, clamped
    }

    [Fact]
    public void A_paired_difference_needs_two_pairs()
    {
        Assert.Null(Statistics.Paired(1, 2, 4));
        var d = Statistics.Paired(4, 4, 4)!;   // every difference +1
        Assert.Equal((1.0, 1.0, 1.0, 0.0), (d.Value, d.CiLow, d.CiHigh, d.P));
    }

    [Fact]
    public void Before_and_after_differ_with_Welchs_interval()
    {
        // Before: 1,1,2,3,3 (mean 2, variance 1); after: 3,3,4,5,5 (mean 4, variance 1): df = 8, se = √0.4.
        var d = Statistics.Welch(Statistics.Summarize([2, 1, 2, 0, 0]), Statistics.Summarize([0, 0, 2, 1, 2]))!;
        Assert.Equal(2.0, d.Value, 9);
        Assert.Equal(0.541555, d.CiLow, 4);   // 2 − 2.306004 · 0.632456
        Assert.Equal(3.458445, d.CiHigh, 4);
        Assert.InRange(d.P, 0.0130, 0.0140);    // t = 3.162, df = 8
    }

    [Fact]
    public void Chi_square_on_a_two_by_three_table()
    {
        var r = Statistics.Independence(new long[,] { { 10, 20, 30 }, { 20, 20, 10 } })!;
        Assert.Equal("chi_square", r.Method);
        Assert.Equal(12.527778, r.Statistic!.Value, 5);
        Assert.Equal(2, r.DegreesOfFreedom);
        Assert.Equal(0.0019038, r.P, 6);   // df 2: p = e^(−χ²/2)
        Assert.False(r.SmallExpectedCounts);
    }

    [Fact]
    public void Chi_square_on_a_two_by_two_table()
    {
        var r = Statistics.Independence(new long[,] { { 30, 10 }, { 15, 25 } })!;
        Assert.Equal(11.428571, r.Statistic!.Value, 5);
        Assert.Equal(0.00072323, r.P, 7);
    }

    [Fact]
    public void Fishers_exact_test_for_small_cells_the_lady_tasting_tea()
    {
        // Fisher (1935): 3 of 4 cups right each way; two-sided p = 34/70.
        var r = Statistics.Independence(new long[,] { { 3, 1 }, { 1, 3 } })!;
        Assert.Equal("fisher", r.Method);
        Assert.True(r.SmallExpectedCounts);
        Assert.Equal(34.0 / 70, r.P, 9);
        Assert.Equal(2.0 / 70, Statistics.FisherExact(4, 0, 0, 4), 9);
    }

    [Fact]
    public void Chi_square_stands_with_at_most_a_fifth_of_expected_counts_under_five_and_none_under_one()
    {
        // 2×3, one expected count of 6 cells under 5 (3.33): χ², flagged.
        var one = Statistics.Independence(new long[,] { { 20, 20, 2 }, { 20, 20, 8 } })!;
        Assert.Equal(("chi_square", true), (one.Method, one.SmallExpectedCounts));
        // 2×3, two of 6 under 5: no longer χ²; a permutation test with 10,000 draws from a fixed seed.
        var two = Statistics.Independence(new long[,] { { 20, 2, 2 }, { 20, 5, 5 } })!;
        Assert.Equal(("monte_carlo", true, 10_000), (two.Method, two.SmallExpectedCounts, two.Draws));
        Assert.Null(two.DegreesOfFreedom);
        Assert.InRange(two.P, 1.0 / 10_001, 1);
        // An expected count under 1 (61 · 1 / 241 = 0.25) rules χ² out in a large table too.
        var tiny = Statistics.Independence(new long[,] { { 30, 30, 1 }, { 30, 30, 0 }, { 30, 30, 0 }, { 30, 30, 0 } })!;
        Assert.Equal("monte_carlo", tiny.Method);
        // A large table with all counts ample: χ², not flagged.
        Assert.False(Statistics.Independence(new long[,] { { 30, 30, 30 }, { 30, 30, 40 } })!.SmallExpectedCounts);
    }

    [Fact]
    public void The_monte_carlo_p_is_never_zero()
    {
        // The most extreme table of its margins: p = 1 / (1 + draws) at least.
        var r = Statistics.Independence(new long[,] { { 6, 0, 0 }, { 0, 6, 0 }, { 0, 0, 6 } })!;
        Assert.Equal("monte_carlo", r.Method);
        Assert.InRange(r.P, 1.0 / 10_001, 0.001);
    }

    [Fact]
    public void Empty_groups_and_categories_are_left_out_of_the_test()
    {
        Assert.Null(Statistics.Independence(new long[,] { { 5, 0 }, { 0, 0 } }));
        var r = Statistics.Independence(new long[,] { { 30, 0, 10 }, { 0, 0, 0 }, { 15, 0, 25 } })!;
        Assert.Equal(1, r.DegreesOfFreedom);
    }
}
