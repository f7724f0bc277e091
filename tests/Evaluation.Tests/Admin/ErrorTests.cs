using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin;

/// <summary>The error page shown for an unexpected failure: Chinese, no details of the failure.</summary>
public class ErrorTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task The_error_page_says_in_chinese_that_something_went_wrong_and_leads_home()
    {
        var page = await sites.Admin.Browser().GetHtmlAsync("/Error");
        Assert.Equal(Texts.Get("Error.Title"), page.Text("h1"));
        Assert.Equal(Texts.Get("Error.Body"), page.Text("main p"));
    }
}
