using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Portal;

/// <summary>The privacy notice every form links to (PIPL; Art. 7).</summary>
public class PrivacyTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task The_notice_says_what_is_kept_and_why()
    {
        var page = await sites.Portal.Browser().GetHtmlAsync("/Privacy");
        Assert.Equal(Texts.Get("Privacy.Title"), page.Text("h1"));
        Assert.Contains(Texts.Get("Privacy.What"), page.Body!.TextContent);
        // The self-hosted captcha sends nothing to a third party, so the notice names none.
        Assert.Null(page.QuerySelector("#privacy-recaptcha"));
    }
}
