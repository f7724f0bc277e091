using Evaluation.Tests.Admin.Projects;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.DataRequests;

public class CreateTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task A_request_needs_a_department_subject_details_and_a_deadline()
    {
        var (evaluator, _) = await sites.SignedInAsync("evaluation_staff");
        var project = await sites.DataSource.ProjectAsync(await sites.DataSource.DecisionAsync());
        var page = await (await evaluator.SubmitAsync($"/DataRequests/Create/{project}", new Dictionary<string, string?>
        {
            ["Input.DepartmentId"] = "", ["Input.Subject"] = "执法数据", ["Input.Details"] = "", ["Input.DueOn"] = "",
        })).ReadHtmlAsync();
        Assert.Equal(3, page.QuerySelectorAll(".validation-summary-errors li").Length);
        Assert.Equal("执法数据", page.QuerySelector("#Input_Subject")!.GetAttribute("value"));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from data_request where project_id = @project", new { project }));
    }
}
