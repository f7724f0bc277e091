using Evaluation.Shared.Opinions;
using Evaluation.Shared.Respondents;
using Evaluation.Shared.Web;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Opinions;

public class IndexTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task Opinions_are_listed_with_filters_and_pages()
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var consultation = await sites.ConsultationAsync();
        for (var i = 0; i < 55; i++)
        {
            await sites.AcceptedOpinionAsync(new NewOpinion(consultation, Channels.Online,
                i % 5 == 0 ? RespondentTypes.Enterprise : RespondentTypes.Citizen, null, null, i % 2 == 0 ? "chuan" : "qingta", $"意见{i}", false));
        }

        var all = await client.GetHtmlAsync($"/Opinions?consultationId={consultation}");
        Assert.Equal(Texts.Get("Opinion.Total", 55), all.Text("#opinion-total"));
        Assert.Equal(50, all.QuerySelectorAll("#opinions tbody tr").Length);
        var second = await client.GetHtmlAsync($"/Opinions?consultationId={consultation}&p=2");
        Assert.Equal(5, second.QuerySelectorAll("#opinions tbody tr").Length);

        var enterprisesInChuan = await client.GetHtmlAsync($"/Opinions?consultationId={consultation}&respondentType=enterprise&region=chuan");
        Assert.Equal(Texts.Get("Opinion.Total", 6), enterprisesInChuan.Text("#opinion-total"));
        // The filter's days are days in China; the opinions came in at the clock's time.
        var today = Display.ToChinaTime(sites.Now).ToString("yyyy-MM-dd");
        var tomorrow = Display.ToChinaTime(sites.Now).AddDays(1).ToString("yyyy-MM-dd");
        Assert.Equal(Texts.Get("Opinion.Total", 55), (await client.GetHtmlAsync($"/Opinions?consultationId={consultation}&from={today}&to={today}")).Text("#opinion-total"));
        Assert.Equal(Texts.Get("Opinion.Total", 0), (await client.GetHtmlAsync($"/Opinions?consultationId={consultation}&from={tomorrow}")).Text("#opinion-total"));
    }

    [Fact]
    public async Task The_list_shows_personal_data_masked()
    {
        var (consultation, _) = await sites.OpinionThroughPortalAsync("张三丰", "13812345678");
        var (organizer, _) = await sites.SignedInAsync("organizer");
        var list = await organizer.GetHtmlAsync($"/Opinions?consultationId={consultation}");
        Assert.Equal("张** · 138****5678", list.Text("#opinions td.personal"));
    }

    [Fact]
    public async Task Legal_reviewers_see_no_departments_opinions_and_no_export()
    {
        // Legal reviewers see what is sent to them for review (Art. 3), not a department's opinions.
        var (consultation, _) = await sites.OpinionThroughPortalAsync("韩梅梅", "13900001111");
        var (reviewer, _) = await sites.SignedInAsync("legal_reviewer");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await reviewer.GetAsync($"/Opinions?consultationId={consultation}")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await reviewer.GetAsync($"/Opinions/Export?consultationId={consultation}")).StatusCode);
    }
}
