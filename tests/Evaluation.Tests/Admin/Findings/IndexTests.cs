using System.Net;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Findings;

public class IndexTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task The_findings_page_shows_each_standard_with_its_figures_and_links_to_the_evidence()
    {
        var (consultation, _) = await sites.ConsultationWithAnswersAsync(1, 1, 2, 4, 5);
        var (staff, _) = await sites.SignedInAsync("evaluation_staff");
        var page = await staff.GetHtmlAsync($"/Findings/consultation/{consultation}");

        var legality = page.QuerySelector("#conclusion-legality")!;
        Assert.Contains(Texts.Get("Criterion.legality"), legality.TextContent);
        Assert.Contains(Texts.Get("Conclusion.insufficient"), legality.TextContent);   // 5 answers, fewer than the 30 the rules ask for
        Assert.Contains("60.0%", legality.TextContent);        // disagree: 3 of 5
        Assert.Equal(6, page.QuerySelectorAll("#conclusions tbody tr").Length);
        Assert.NotNull(page.QuerySelector(".chart[data-chart]"));
        Assert.NotNull(page.QuerySelector("script[src*='/lib/echarts/echarts.min']"));
        // The "disagree" figure links to the responses behind it (EvidenceTests).
        Assert.Contains(page.QuerySelectorAll("a"), a => a.GetAttribute("href")!.Contains("points=1,2"));

        var echarts = await staff.GetAsync(page.QuerySelector("script[src*='echarts']")!.GetAttribute("src"));
        Assert.Equal(HttpStatusCode.OK, echarts.StatusCode);
    }
}
