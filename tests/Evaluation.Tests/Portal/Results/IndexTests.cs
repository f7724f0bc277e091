using Evaluation.Tests.Admin.Results;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Portal.Results;

/// <summary>评估结果: the published projects, linked from the home page and the navigation.</summary>
public class IndexTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task The_home_page_and_the_navigation_lead_to_the_published_results()
    {
        var published = await sites.PublishedAsync();
        var portal = sites.Portal.Browser();

        var home = await portal.GetHtmlAsync("/");
        Assert.Equal("/Results", home.QuerySelector("#results-link a")!.GetAttribute("href"));
        Assert.Contains(home.QuerySelectorAll("nav a"), a => a.GetAttribute("href") == "/Results" && a.TextContent == Texts.Get("Layout.Results"));

        var index = await portal.GetHtmlAsync("/Results");
        var link = index.QuerySelectorAll("#results a").Single(a => a.GetAttribute("href") == $"/Results/{published.Setup.Project}");
        Assert.Equal("公共停车管理办法", link.TextContent);
        Assert.Contains(Texts.Get("Outcome.amend"), index.Text("#results"));
    }

    [Fact]
    public async Task An_unpublished_project_is_not_listed()
    {
        var setup = await sites.ProjectWithConsultationAsync(title: "未公布的办法");
        var index = await sites.Portal.Browser().GetHtmlAsync("/Results");
        Assert.DoesNotContain(index.QuerySelectorAll("#results a"), a => a.GetAttribute("href") == $"/Results/{setup.Project}");
    }
}
