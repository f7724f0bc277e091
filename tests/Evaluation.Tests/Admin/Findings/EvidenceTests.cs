using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Findings;

public class EvidenceTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task The_disagree_figure_leads_to_the_responses_behind_it()
    {
        var (consultation, _) = await sites.ConsultationWithAnswersAsync(1, 1, 2, 4, 5);
        var (staff, _) = await sites.SignedInAsync("evaluation_staff");
        var page = await staff.GetHtmlAsync($"/Findings/consultation/{consultation}");

        var link = page.QuerySelectorAll("a").First(a => a.GetAttribute("href")!.Contains("points=1,2")).GetAttribute("href")!;
        var evidence = await staff.GetHtmlAsync(link);
        Assert.Equal(Texts.Get("Findings.EvidenceTotal", 3, "1,2"), evidence.Text("#evidence-total"));
        Assert.Equal(3, evidence.QuerySelectorAll("#evidence tbody tr").Length);
    }
}
