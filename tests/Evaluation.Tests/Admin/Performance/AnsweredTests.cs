using Evaluation.Tests.Admin.Results;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Performance;

/// <summary>Art. 34 counts opinions answered: a disposition published with the results answers the opinion in public,
/// as a reply does; one not yet published does not.</summary>
public class AnsweredTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task A_published_disposition_counts_as_an_answer_and_an_undisposed_opinion_does_not()
    {
        var published = await sites.PublishedAsync();
        var undisposed = await sites.DataSource.ScalarAsync<long>(
            "select id from opinion where consultation_id = @Consultation and id <> @Opinion", new { published.Setup.Consultation, published.Opinion });
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from opinion where id = @Opinion and replied_at is not null", new { published.Opinion }));
        var department = await sites.DataSource.ScalarAsync<long>("select id from department where name = '任丘市司法局'");
        var year = Evaluation.Shared.Web.Display.Today(sites.Clock).Year;

        var (organizer, _) = await sites.SignedInAsync("organizer");
        var answered = await organizer.GetHtmlAsync($"/Performance/Items?department={department}&figure=opinions_answered&year={year}");
        var links = answered.QuerySelectorAll("table.list tbody a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains($"/Opinions/Details/{published.Opinion}", links);
        Assert.DoesNotContain($"/Opinions/Details/{undisposed}", links);
    }

    [Fact]
    public async Task Next_years_figures_are_offered_and_a_year_beyond_is_named_back_in_Chinese()
    {
        var (organizer, _) = await sites.SignedInAsync("organizer");
        var year = Evaluation.Shared.Web.Display.Today(sites.Clock).Year;
        var page = await organizer.GetHtmlAsync("/Performance");
        Assert.NotNull(page.QuerySelector($"#year option[value='{year + 1}']"));
        var next = await organizer.GetHtmlAsync($"/Performance?year={year + 1}");
        Assert.Null(next.QuerySelector("#year-refused"));
        Assert.Equal((year + 1).ToString(), next.QuerySelector("#year option[selected]")!.GetAttribute("value"));

        var beyond = await organizer.GetHtmlAsync($"/Performance?year={year + 2}");
        Assert.Equal(Texts.Get("Performance.YearOutOfRange", year + 2, 2020, year + 1), beyond.Text("#year-refused"));
    }
}
