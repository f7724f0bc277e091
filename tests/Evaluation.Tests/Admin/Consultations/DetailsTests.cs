using System.Net;
using Dapper;
using Evaluation.Shared.Opinions;
using Evaluation.Shared.Respondents;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Consultations;

public class DetailsTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task A_draft_is_opened_then_closed_and_each_step_is_audited()
    {
        var (client, _) = await sites.SignedInAsync("organizer");
        var id = await sites.ConsultationAsync(state: "draft");
        var detailsUrl = $"/Consultations/Details/{id}";

        await client.SubmitAsync(detailsUrl, new Dictionary<string, string?>(), "form[action*='handler=Open']");
        Assert.Equal(HttpStatusCode.OK, (await sites.Portal.Browser().GetAsync($"/Consultations/{id}")).StatusCode);

        // 结束征集 asks first (a link to the confirmation, no JavaScript needed); only the confirmation closes.
        var details = await client.GetHtmlAsync(detailsUrl);
        var confirmUrl = details.QuerySelector("a#close-consultation")!.GetAttribute("href")!;
        Assert.Equal("open", await sites.DataSource.ScalarAsync<string>("select state from consultation where id = @id", new { id }));
        var confirm = await client.GetHtmlAsync(confirmUrl);
        Assert.Contains(Texts.Start("Consultation.Close.ConfirmText"), confirm.Text("#confirm-close"));
        var closed = await (await client.SubmitAsync(confirmUrl, new Dictionary<string, string?>(), "#confirm-close form")).ReadHtmlAsync();
        Assert.Equal(Texts.Get("Phase.Closed"), closed.Text("#phase"));
        Assert.Equal("closed", await sites.DataSource.ScalarAsync<string>("select state from consultation where id = @id", new { id }));
        var refused = await sites.DataSource.SubmitAsync(sites.PersonalData,
            new NewOpinion(id, Channels.Online, RespondentTypes.Citizen, null, null, "chuan", "迟到的意见", false), sites.Now);
        Assert.IsType<SubmitResult.ConsultationNotOpen>(refused);

        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var actions = (await conn.QueryAsync<string>(
            "select action from audit_log where entity = 'consultation' and entity_id = @id::text order by id", new { id })).ToList();
        Assert.Equal(["open", "close"], actions);
    }

    [Fact]
    public async Task Closing_without_the_confirmation_changes_nothing_and_shows_the_confirmation()
    {
        var (client, _) = await sites.SignedInAsync("organizer");
        var id = await sites.ConsultationAsync();
        var response = await client.PostWithTokenAsync($"/Consultations/Details/{id}?handler=Close");
        var page = await response.ReadHtmlAsync();
        Assert.NotNull(page.QuerySelector("#confirm-close"));
        Assert.Equal("open", await sites.DataSource.ScalarAsync<string>("select state from consultation where id = @id", new { id }));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where entity = 'consultation' and entity_id = @id::text and action = 'close'", new { id }));
    }

    [Fact]
    public async Task Legal_reviewers_see_no_departments_consultation_and_change_nothing()
    {
        var (client, _) = await sites.SignedInAsync("legal_reviewer");
        var consultation = await sites.ConsultationAsync();
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync($"/Consultations/Details/{consultation}")).StatusCode);
        var forged = await client.PostWithTokenAsync($"/Consultations/Details/{consultation}?handler=Close");
        Assert.NotEqual(System.Net.HttpStatusCode.OK, forged.StatusCode);
        Assert.Equal("open", await sites.DataSource.ScalarAsync<string>("select state from consultation where id = @consultation", new { consultation }));
    }
}
