using Dapper;
using Evaluation.Tests.Admin.Projects;
using Evaluation.Tests.Infrastructure;
using Resx = Evaluation.Shared.Resources.Texts;

namespace Evaluation.Tests.Admin.DataRequests;

/// <summary>Art. 10: a project asks a department for data; that department's staff see it in their list and answer.</summary>
public class DetailsTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task The_addressed_department_answers_a_request_that_another_department_cannot_see()
    {
        var (evaluator, _) = await sites.SignedInAsync("evaluation_staff");   // 任丘市司法局
        var project = await sites.DataSource.ProjectAsync(await sites.DataSource.DecisionAsync());
        var education = await sites.DataSource.ScalarAsync<long>("select id from department where name = '任丘市教育局'");
        var past = await (await evaluator.SubmitAsync($"/DataRequests/Create/{project}", new Dictionary<string, string?>
        {
            ["Input.DepartmentId"] = education.ToString(), ["Input.Subject"] = "执法统计", ["Input.Details"] = "2024年以来的行政处罚案件数", ["Input.DueOn"] = "2020-01-01",
        })).ReadHtmlAsync();
        Assert.Contains(Resx.Get("DataRequest.DueInPast"), past.Body!.TextContent);
        Assert.Equal("2024年以来的行政处罚案件数", past.QuerySelector("textarea[name='Input.Details']")!.TextContent);

        await evaluator.SubmitAsync($"/DataRequests/Create/{project}", new Dictionary<string, string?>
        {
            ["Input.DepartmentId"] = education.ToString(), ["Input.Subject"] = "执法统计", ["Input.Details"] = "2024年以来的行政处罚案件数", ["Input.DueOn"] = "2099-01-01",
        });
        var request = await sites.DataSource.ScalarAsync<long>("select id from data_request where project_id = @project", new { project });

        await sites.DataSource.StaffAsync("jiaoyu1", "correct horse battery", "evaluation_staff", "任丘市教育局");
        var education1 = sites.Admin.Browser();
        await education1.SubmitAsync("/Account/Login", new Dictionary<string, string?> { ["UserName"] = "jiaoyu1", ["Password"] = "correct horse battery" });
        var list = await education1.GetHtmlAsync("/DataRequests");
        Assert.Contains("执法统计", list.Body!.TextContent);
        Assert.Contains(Resx.Get("DataRequest.ToAnswer"), list.Body.TextContent);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await education1.GetAsync($"/Projects/Details/{project}")).StatusCode);

        var empty = await (await education1.SubmitAsync($"/DataRequests/Details/{request}", new Dictionary<string, string?> { ["Answer"] = " " })).ReadHtmlAsync();
        Assert.Contains(Resx.Get("DataRequest.Answer.Required"), empty.Body!.TextContent);
        await education1.SubmitAsync($"/DataRequests/Details/{request}", new Dictionary<string, string?> { ["Answer"] = "共 37 件，明细见附表" });
        Assert.Equal("共 37 件，明细见附表", await sites.DataSource.ScalarAsync<string>("select answer from data_request where id = @request", new { request }));

        await sites.DataSource.StaffAsync("jiaotong1", "correct horse battery", "evaluation_staff", "任丘市交通运输局");
        var other = sites.Admin.Browser();
        await other.SubmitAsync("/Account/Login", new Dictionary<string, string?> { ["UserName"] = "jiaotong1", ["Password"] = "correct horse battery" });
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await other.GetAsync($"/DataRequests/Details/{request}")).StatusCode);
        Assert.DoesNotContain("执法统计", (await other.GetHtmlAsync("/DataRequests")).Body!.TextContent);
    }

    [Fact]
    public async Task An_unanswered_request_past_its_due_date_is_flagged_overdue()
    {
        var (evaluator, _) = await sites.SignedInAsync("evaluation_staff");
        var project = await sites.DataSource.ProjectAsync(await sites.DataSource.DecisionAsync());
        await using (var conn = await sites.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync(
                """
                insert into data_request (project_id, department_id, subject, details, due_on, requested_by, requested_at)
                values (@project, (select id from department where name = '任丘市财政局'), '经费数据', '评估经费使用情况', date '2021-03-01',
                        (select min(id) from staff_user), now())
                """, new { project });
        var page = await evaluator.GetHtmlAsync($"/Projects/Details/{project}");
        Assert.Contains(Resx.Get("DataRequest.Overdue"), page.QuerySelector("tr.overdue")!.TextContent);
    }
}
