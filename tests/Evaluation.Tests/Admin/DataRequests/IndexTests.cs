using Evaluation.Tests.Admin.Projects;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.DataRequests;

public class IndexTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task The_requesting_project_sees_its_requests_and_a_department_without_any_sees_none()
    {
        var (evaluator, _) = await sites.SignedInAsync("evaluation_staff");
        var project = await sites.DataSource.ProjectAsync(await sites.DataSource.DecisionAsync());
        await evaluator.SubmitAsync($"/DataRequests/Create/{project}", new Dictionary<string, string?>
        {
            ["Input.DepartmentId"] = (await sites.DataSource.ScalarAsync<long>("select id from department where name = '任丘市财政局'")).ToString(),
            ["Input.Subject"] = "经费执行情况", ["Input.Details"] = "评估经费", ["Input.DueOn"] = "2099-06-30",
        });
        var list = await evaluator.GetHtmlAsync("/DataRequests");
        Assert.Contains("经费执行情况", list.Body!.TextContent);
        Assert.Contains(Texts.Get("DataRequest.Pending"), list.Body.TextContent);

        var (reviewer, _) = await sites.SignedInAsync("legal_reviewer");
        Assert.Contains(Texts.Get("DataRequest.None"), (await reviewer.GetHtmlAsync("/DataRequests")).Body!.TextContent);
    }
}
