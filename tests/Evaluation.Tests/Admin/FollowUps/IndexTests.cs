using Evaluation.Tests.Admin.Reviews;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.FollowUps;

/// <summary>跟踪整改: the actions of the user's department and of the projects the user sees, by open, overdue or done.</summary>
public class IndexTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task The_list_shows_the_projects_actions_to_its_staff_and_the_departments_own_to_that_department()
    {
        var (_, actions) = await sites.DataSource.ProjectInFollowUpAsync(
            ("修订第五条", "任丘市教育局", new DateOnly(2099, 6, 30)), ("制定实施细则", "任丘市财政局", new DateOnly(2099, 6, 30)));
        var (evaluator, _) = await sites.SignedInAsync("evaluation_staff");
        var all = await evaluator.GetHtmlAsync("/FollowUps");
        Assert.NotNull(all.QuerySelector($"tr[data-id='{actions[0]}']"));
        Assert.NotNull(all.QuerySelector($"tr[data-id='{actions[1]}']"));

        var (finance, _, _) = await sites.StaffOfAsync("任丘市财政局");
        var own = await finance.GetHtmlAsync("/FollowUps");
        Assert.Null(own.QuerySelector($"tr[data-id='{actions[0]}']"));
        Assert.NotNull(own.QuerySelector($"tr[data-id='{actions[1]}']"));
        Assert.Empty((await finance.GetHtmlAsync("/FollowUps?show=done")).QuerySelectorAll($"tr[data-id='{actions[1]}']"));
    }
}
