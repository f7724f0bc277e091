using AngleSharp.Html.Dom;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Portal;

public class IndexTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    /// <summary>The text of the cards under a heading, up to the next heading.</summary>
    private static string Section(IHtmlDocument page, string heading)
    {
        var cards = new List<string>();
        for (var e = page.QuerySelector(heading)!.NextElementSibling; e is not null && e.LocalName != "h2"; e = e.NextElementSibling)
            cards.Add(e.TextContent);
        return string.Join("|", cards);
    }

    [Fact]
    public async Task Home_lists_open_consultations_and_recently_closed_ones_but_no_drafts()
    {
        await sites.ConsultationAsync(title: "正在征集的事项");
        await sites.ConsultationAsync(title: "草稿事项", state: "draft");
        await sites.ConsultationAsync(title: "已过期的事项", opensAt: sites.Now.AddDays(-9), closesAt: sites.Now.AddDays(-1));

        var page = await sites.Portal.Browser().GetHtmlAsync("/");

        var current = Section(page, "#current");
        Assert.Contains("正在征集的事项", current);
        Assert.DoesNotContain("已过期的事项", current);
        var closed = Section(page, "#closed");
        Assert.Contains("已过期的事项", closed);
        Assert.DoesNotContain("正在征集的事项", closed);
        Assert.DoesNotContain("草稿事项", page.Body!.TextContent);
    }
}
