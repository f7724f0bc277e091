using System.Net;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Performance;

public class ItemsTests(PerformanceSitesFixture sites) : IClassFixture<PerformanceSitesFixture>
{
    private int Year => sites.Year;

    private Task<long> DepartmentAsync(string name) =>
        sites.DataSource.ScalarAsync<long>("select id from department where name = @name", new { name });

    private async Task<string[]> ItemsAsync(HttpClient client, long department, string figure)
    {
        var page = await client.GetHtmlAsync($"/Performance/Items?department={department}&figure={figure}&year={Year}");
        return page.QuerySelectorAll("table.list tbody tr td:first-child").Select(td => td.TextContent.Trim()).Order(StringComparer.Ordinal).ToArray();
    }

    [Fact]
    public async Task Each_figure_lists_the_items_it_counts()
    {
        var (organizer, _) = await sites.SignedInAsync("organizer");
        var education = await DepartmentAsync(PerformanceData.Department);
        Assert.Equal(["计划内已按期结项的决策", "计划内逾期结项的决策", "计划外启动的决策"], await ItemsAsync(organizer, education, "projects_due"));
        Assert.Equal(["计划内逾期结项的决策评估"], await ItemsAsync(organizer, education, "projects_late"));
        Assert.Equal(["PERF-A1", "PERF-A2", "PERF-A3"], await ItemsAsync(organizer, education, "opinions_received"));
        Assert.Equal(["逾期未答复的请求", "逾期答复的请求"], await ItemsAsync(organizer, education, "data_requests_late"));
        Assert.Equal(["逾期未完成的事项"], await ItemsAsync(organizer, education, "follow_ups_overdue"));
        // Reported on its last day, accepted three days later: on time (the department is judged by its report).
        Assert.Equal(["按期完成的事项"], await ItemsAsync(organizer, education, "follow_ups_on_time"));
        Assert.Equal(["逾期完成的事项"], await ItemsAsync(organizer, education, "follow_ups_late"));
        // The items link to their pages.
        var page = await organizer.GetHtmlAsync($"/Performance/Items?department={education}&figure=projects_started&year={Year}");
        Assert.All(page.QuerySelectorAll("table.list tbody tr td:first-child a"), a => Assert.StartsWith("/Projects/Details/", a.GetAttribute("href")));
        var followUps = await organizer.GetHtmlAsync($"/Performance/Items?department={education}&figure=follow_ups&year={Year}");
        Assert.Equal(5, followUps.QuerySelectorAll("table.list tbody tr td:first-child a[href^='/FollowUps/Details/']").Length);
    }

    [Fact]
    public async Task Another_departments_items_and_unknown_figures_are_not_found()
    {
        var police = await sites.SignedInAsync("evaluation_staff", PerformanceData.Other);
        var education = await DepartmentAsync(PerformanceData.Department);
        Assert.Equal(HttpStatusCode.NotFound,
            (await police.GetAsync($"/Performance/Items?department={education}&figure=opinions_received&year={Year}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await police.GetAsync($"/Performance/Items?department={await DepartmentAsync(PerformanceData.Other)}&figure=everything&year={Year}")).StatusCode);
        Assert.Equal(["PERF-POLICE"], await ItemsAsync(police, await DepartmentAsync(PerformanceData.Other), "opinions_received"));
    }
}
