using System.Net;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Decisions;

public class DetailsTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task The_decision_is_shown_with_its_consultations()
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var id = await sites.DataSource.DecisionAsync("任丘市某某管理办法");
        var consultation = await sites.ConsultationAsync(id, title: "管理办法征求意见");
        var page = await client.GetHtmlAsync($"/Decisions/Details/{id}");
        Assert.Equal("任丘市某某管理办法", page.Text("h1"));
        Assert.Equal("管理办法征求意见", page.Text($"a[href='/Consultations/Details/{consultation}']"));
        Assert.NotNull(page.QuerySelector($"a[href='/Decisions/Edit/{id}']"));
    }

    [Fact]
    public async Task A_decision_of_another_department_is_not_found()
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var other = await sites.DataSource.DecisionAsync("教育局的决策", department: "任丘市教育局");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Decisions/Details/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Decisions/Details/987654")).StatusCode);
    }
}
