using Evaluation.Analysis;
using Evaluation.Shared.Opinions;
using Evaluation.Shared.Respondents;
using Evaluation.Shared.Web;
using Evaluation.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Evaluation.Tests.Admin.Findings;

/// <summary>Admin whose findings page serves the last complete result whenever newer data arrived (as it does at scale,
/// where a computation takes seconds), so that the tests see it do so.</summary>
public sealed class StaleFindingsSitesFixture : SitesFixture
{
    protected override void ConfigureAdmin(IWebHostBuilder builder) => builder.UseSetting("Findings:ServeStaleAfterMs", "0");
}

/// <summary>Submissions raise the findings' data version without touching the consultation's row (issue 12): a new
/// opinion or response invalidates the cached findings, and the page says as of when the figures it shows are.</summary>
public class FreshnessTests(StaleFindingsSitesFixture sites) : IClassFixture<StaleFindingsSitesFixture>
{
    private static NewOpinion Opinion(long consultationId) =>
        new(consultationId, Channels.Online, RespondentTypes.Citizen, null, null, "chuan", "关于停车收费的意见", true);

    private Task<Evaluation.Analysis.Findings?> FindingsAsync(long consultation) =>
        FindingsStore.GetAsync(sites.DataSource, FindingsScope.Consultation(consultation), new FindingsOptions(), sites.Clock);

    [Fact]
    public async Task A_response_and_an_opinion_submitted_through_the_portal_invalidate_the_cached_findings()
    {
        var consultation = await sites.ConsultationAsync();
        var questionnaire = await sites.PublishedQuestionnaireAsync(QuestionnaireData.OnePage(), consultationId: consultation);
        var before = (await FindingsAsync(consultation))!;
        Assert.Equal(before.DataVersion, (await FindingsAsync(consultation))!.DataVersion);

        var (client, url) = await sites.StartAsCitizenAsync(questionnaire);
        await client.SubmitOnePageAsync(url, "4");
        var afterResponse = (await FindingsAsync(consultation))!;
        Assert.True(afterResponse.DataVersion > before.DataVersion);
        Assert.Equal(1, afterResponse.Participation.Questionnaires.Single().Submitted);

        Assert.IsType<SubmitResult.Accepted>(await sites.DataSource.SubmitAsync(sites.PersonalData, Opinion(consultation), sites.Now));
        var afterOpinion = (await FindingsAsync(consultation))!;
        Assert.True(afterOpinion.DataVersion > afterResponse.DataVersion);
        Assert.Equal(1, afterOpinion.Participation.Opinions);
    }

    [Fact]
    public async Task The_page_shows_the_last_complete_findings_as_of_their_time_while_the_next_are_computed()
    {
        var consultation = await sites.ConsultationAsync();
        var (staff, _) = await sites.SignedInAsync("evaluation_staff");
        var url = $"/Findings/consultation/{consultation}";
        var computedAt = sites.Now;
        var first = await staff.GetHtmlAsync(url);
        Assert.Null(first.QuerySelector("#as-of"));
        Assert.Equal(Texts.Get("Findings.OpinionTotals", 0, 0), first.Text("#participation + p"));

        sites.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.IsType<SubmitResult.Accepted>(await sites.DataSource.SubmitAsync(sites.PersonalData, Opinion(consultation), sites.Now));
        var earlier = await staff.GetHtmlAsync(url);
        Assert.Equal(Texts.Get("Findings.AsOf", Display.Time(computedAt)), earlier.Text("#as-of"));
        Assert.Contains("截至", earlier.Text("#as-of"));
        Assert.Equal(Texts.Get("Findings.OpinionTotals", 0, 0), earlier.Text("#participation + p"));

        // The page started the next computation; once it is done, the page shows it, current.
        await sites.Admin.Services.GetRequiredService<FindingsRefresher>().Pending(consultation);
        var current = await staff.GetHtmlAsync(url);
        Assert.Null(current.QuerySelector("#as-of"));
        Assert.Equal(Texts.Get("Findings.OpinionTotals", 1, 0), current.Text("#participation + p"));
    }
}
