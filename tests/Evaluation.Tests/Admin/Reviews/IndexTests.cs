using Evaluation.Tests.Infrastructure;
using Resx = Evaluation.Tests.Infrastructure.Texts;

namespace Evaluation.Tests.Admin.Reviews;

/// <summary>合法性审查: the justice bureau's queue; the organizer reads it; evaluation staff have no menu entry for it.</summary>
public class IndexTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task The_legal_reviewer_finds_the_queue_in_the_menu_with_open_reviews_apart_from_decided_ones()
    {
        var open = await sites.DataSource.ProjectInStageAsync("legality_review", title: "待审项目");
        await sites.DataSource.LegalityReviewAsync(open, await sites.DataSource.ReportVersionAsync(open, 1), null);
        var decided = await sites.DataSource.ProjectInStageAsync("deliberation", title: "已审项目");
        await sites.DataSource.LegalityReviewAsync(decided, await sites.DataSource.ReportVersionAsync(decided, 1), "passed");
        var notSent = await sites.DataSource.ProjectInStageAsync("conclusion", title: "未送审项目");
        await sites.DataSource.ReportVersionAsync(notSent, 1);

        var (reviewer, _) = await sites.SignedInAsync("legal_reviewer");
        var home = await reviewer.GetHtmlAsync("/");
        Assert.NotNull(home.QuerySelector("header nav a[href='/Reviews']"));
        var page = await reviewer.GetHtmlAsync("/Reviews");
        Assert.Contains(Resx.Get("Review.List.HintReviewer"), page.Body!.TextContent);
        Assert.Contains("待审项目", page.Text("#open-reviews"));
        Assert.DoesNotContain("已审项目", page.Text("#open-reviews"));
        Assert.Contains("已审项目", page.Text("#decided-reviews"));
        Assert.Contains(Resx.Get("Legality.passed"), page.Text("#decided-reviews"));
        Assert.DoesNotContain("未送审项目", page.Body.TextContent);   // the reviewer sees what was sent, nothing else

        var (organizer, _) = await sites.SignedInAsync("organizer");
        Assert.NotNull((await organizer.GetHtmlAsync("/")).QuerySelector("header nav a[href='/Reviews']"));
        Assert.Contains("待审项目", (await organizer.GetHtmlAsync("/Reviews")).Text("#open-reviews"));
        var (evaluator, _) = await sites.SignedInAsync("evaluation_staff");
        Assert.Null((await evaluator.GetHtmlAsync("/")).QuerySelector("header nav a[href='/Reviews']"));
    }
}
