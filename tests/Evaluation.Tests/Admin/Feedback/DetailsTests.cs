using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Feedback;

/// <summary>跟踪反馈 of one decision: feedback by month (China time), standard, region and channel, with charts.</summary>
public class DetailsTests(FeedbackFixture sites) : IClassFixture<FeedbackFixture>
{
    [Fact]
    public async Task Monthly_figures_by_standard_region_and_channel_on_known_data()
    {
        sites.AdminClock.Set(IndexTests.Morning);
        var decision = await sites.DataSource.DecisionValidUntilAsync("按月统计的决策", IndexTests.JusticeBureau, null);
        var standing = await IndexTests.StandingAsync(sites, decision);
        await sites.DataSource.OpinionsAsync(standing, IndexTests.Times(new(2026, 4, 3, 9, 0, 0, TimeSpan.FromHours(8)), 2));
        // 1 May 00:30 in China is still 30 April in UTC: counted in May.
        await sites.DataSource.OpinionsAsync(standing, IndexTests.Times(new(2026, 5, 1, 0, 30, 0, TimeSpan.FromHours(8)), 3));
        await sites.DataSource.OpinionsAsync(standing, IndexTests.Times(new(2026, 6, 14, 12, 0, 0, TimeSpan.FromHours(8)), 1));

        var client = await sites.SignedInAsync("evaluation_staff", IndexTests.JusticeBureau);
        var page = await client.GetHtmlAsync($"/Feedback/Details/{decision}");

        var months = page.QuerySelectorAll("#by-month tbody tr").Select(r => r.TextContent.Trim()).ToList();
        Assert.Equal(Evaluation.Admin.Pages.Feedback.DetailsModel.MonthsShown, months.Count);
        Assert.Equal("2026-06 1".Replace(" ", ""), months[^1].Replace(" ", "").Replace("\n", ""));
        Assert.Equal("2026-053", months[^2].Replace(" ", "").Replace("\n", ""));
        Assert.Equal("2026-042", months[^3].Replace(" ", "").Replace("\n", ""));
        Assert.Equal("2025-070", months[0].Replace(" ", "").Replace("\n", ""));
        Assert.Contains("6", page.Text("#by-channel"));
        Assert.Contains(Texts.Get("Feedback.NoCriterion"), page.Text("#by-criterion"));
        Assert.NotNull(page.QuerySelector(".chart[data-chart]"));
    }
}
