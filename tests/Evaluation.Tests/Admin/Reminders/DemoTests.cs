using Evaluation.Shared.Data;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Reminders;

/// <summary>A fresh run shows the demo trigger (Art. 12(3)) and this year's draft plan (Art. 13).</summary>
public class DemoTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task The_demo_shows_a_decision_due_for_its_validity_and_this_years_draft_plan()
    {
        Assert.True(Migrations.LoadDemoData(sites.ConnectionString).Successful);
        var client = await sites.SignedInAsync("organizer", "任丘市人民政府办公室");

        var reminders = await client.GetHtmlAsync("/Reminders");
        var due = reminders.QuerySelectorAll("#reminders tbody tr").Single(r => r.TextContent.Contains("任丘市城市生活垃圾分类管理暂行办法"));
        Assert.Contains("有效期届满（第十二条第三项）", due.TextContent);
        Assert.Contains("任丘市住房和城乡建设局", due.TextContent);
        Assert.NotNull(due.QuerySelector("form.add-to-plan"));

        var plans = await client.GetHtmlAsync("/Plans");
        var year = await sites.DataSource.ScalarAsync<int>("select year from annual_plan order by year desc limit 1");
        Assert.Contains($"{year}年度后评估计划", plans.Text("#plans"));
        Assert.Contains("草案", plans.Text("#plans"));
    }
}
