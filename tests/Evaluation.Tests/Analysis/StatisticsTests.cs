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
    public void Before_and_after_differ_with_Welchs_interval()
    {
        // Before: 1,1,2,3,3 (mean 2, variance 1); after: 3,3,4,5,5 (mean 4, variance 1): df = 8, se = √0.4.
        var d = Statistics.Compare(Statistics.Summarize([2, 1, 2, 0, 0]), Statistics.Summarize([0, 0, 2, 1, 2]))!;
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
        Assert.Equal(34.0 / 70, r.P, 9);
        Assert.Equal(2.0 / 70, Statistics.FisherExact(4, 0, 0, 4), 9);
    }

    [Fact]
    public void Empty_groups_and_categories_are_left_out_of_the_test()
    {
        Assert.Null(Statistics.Independence(new long[,] { { 5, 0 }, { 0, 0 } }));
        var r = Statistics.Independence(new long[,] { { 30, 0, 10 }, { 0, 0, 0 }, { 15, 0, 25 } })!;
        Assert.Equal(1, r.DegreesOfFreedom);
    }
}
