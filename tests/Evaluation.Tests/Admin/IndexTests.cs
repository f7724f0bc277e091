using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin;

/// <summary>Admin's home: the consultations of the user's scope, with their unanswered opinions.</summary>
public class IndexTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task The_home_page_lists_the_consultations_in_scope_only()
    {
        await sites.ConsultationAsync(await sites.DataSource.DecisionAsync(), title: "本部门的征求意见");
        await sites.ConsultationAsync(await sites.DataSource.DecisionAsync(department: "任丘市教育局"), title: "教育局的征求意见");
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var home = await client.GetHtmlAsync("/");
        Assert.Contains("本部门的征求意见", home.Body!.TextContent);
        Assert.DoesNotContain("教育局的征求意见", home.Body.TextContent);
    }
}
