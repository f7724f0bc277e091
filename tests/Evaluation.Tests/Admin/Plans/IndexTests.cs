using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Plans;

/// <summary>年度计划: one plan per year, started by the city government office (Art. 13).</summary>
public class IndexTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task The_organizer_starts_one_plan_per_year()
    {
        var client = await sites.SignedInAsync("organizer", "任丘市人民政府办公室");
        var created = await client.SubmitAsync("/Plans", new Dictionary<string, string?> { ["Input.Year"] = "2031" }, "#create-plan");
        Assert.StartsWith("/Plans/Details/", created.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains(Texts.Get("Plan.Title", 2031), (await client.GetHtmlAsync("/Plans")).Text("#plans"));

        var again = await (await client.SubmitAsync("/Plans", new Dictionary<string, string?> { ["Input.Year"] = "2031" }, "#create-plan")).ReadHtmlAsync();
        Assert.Contains(Texts.Get("Plan.YearTaken", 2031), again.Body!.TextContent);
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>("select count(*) from annual_plan where year = 2031"));
    }

    [Fact]
    public async Task Other_staff_see_the_plans_but_cannot_start_one()
    {
        var (staff, _) = await sites.SignedInAsync("evaluation_staff");
        var page = await staff.GetHtmlAsync("/Plans");
        Assert.Null(page.QuerySelector("#create-plan"));
    }
}
