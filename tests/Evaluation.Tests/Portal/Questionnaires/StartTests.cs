using System.Net;
using AngleSharp.Html.Dom;
using Dapper;
using Evaluation.Shared.Questionnaires;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Portal.Questionnaires;

public class StartTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task An_enterprise_answers_once_and_a_second_start_with_its_code_is_turned_away_with_the_way_to_amend()
    {
        var id = await sites.PublishedQuestionnaireAsync(QuestionnaireData.OnePage(), Audiences.Enterprise);
        var client = sites.Portal.Browser();
        var start = await client.SubmitAsync($"/Questionnaires/{id}", PortalSteps.Enterprise(" 9144 0300 1922 0382 16 "), "form[action*='handler=Start']");
        await client.SubmitOnePageAsync(start.RequestMessage!.RequestUri!.PathAndQuery, "2", "希望简化材料");

        var again = await (await sites.Portal.Browser().SubmitAsync($"/Questionnaires/{id}", PortalSteps.Enterprise("914403001922038216"),
            "form[action*='handler=Start']")).ReadHtmlAsync();
        Assert.Contains(Texts.Get("Enterprise.AlreadyAnswered"), again.Text("#already-answered"));
        Assert.NotNull(again.QuerySelector($"#already-answered a[href='/Questionnaires/{id}/Amend']"));

        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var stored = await conn.QuerySingleAsync<(string RespondentType, string CreditCode)>(
            "select respondent_type, credit_code from response where questionnaire_id = @id", new { id });
        Assert.Equal(("enterprise", "914403001922038216"), stored);
        Assert.Equal(0L, await conn.ExecuteScalarAsync<long>("select count(*) from response_draft where questionnaire_id = @id", new { id }));
    }

    [Fact]
    public async Task A_wrong_credit_code_gets_a_message_and_keeps_the_other_fields()
    {
        var id = await sites.PublishedQuestionnaireAsync(QuestionnaireData.OnePage(), Audiences.Enterprise);
        var response = await sites.Portal.Browser().SubmitAsync($"/Questionnaires/{id}", PortalSteps.Enterprise("914403001922038217", "某某公司"),
            "form[action*='handler=Start']");
        var page = await response.ReadHtmlAsync();
        Assert.Contains(Texts.Get("Enterprise.CreditCode.Invalid"), page.Text("#CreditCode-error"));
        Assert.Equal("某某公司", page.QuerySelector("#Input_EnterpriseName")!.GetAttribute("value"));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from response_draft where questionnaire_id = @id", new { id }));
    }

    [Fact]
    public async Task An_invitation_link_works_once()
    {
        var id = await sites.PublishedQuestionnaireAsync(QuestionnaireData.OnePage(), Audiences.Invited);
        var (admin, _) = await sites.SignedInAsync("evaluation_staff");
        var created = await (await admin.SubmitAsync($"/Questionnaires/Invitations/{id}",
            new Dictionary<string, string?> { ["Name"] = "王代表", ["Category"] = "npc_deputy" })).ReadHtmlAsync();
        var link = new Uri(created.Text("#new-link"), UriKind.RelativeOrAbsolute);
        var path = link.IsAbsoluteUri ? link.PathAndQuery : link.OriginalString;

        var invited = sites.Portal.Browser();
        var welcome = await invited.GetHtmlAsync(path);
        Assert.Contains(Texts.Get("Invitation.Welcome", "王代表"), welcome.Body!.TextContent);
        var start = await invited.SubmitAsync(path, new Dictionary<string, string?> { ["Input.RegionCode"] = "qingta" }, "form[action*='handler=Start']");
        await invited.SubmitOnePageAsync(start.RequestMessage!.RequestUri!.PathAndQuery, "4");

        var reused = await sites.Portal.Browser().GetHtmlAsync(path);
        Assert.Contains(Texts.Get("Invitation.Used"), reused.Text(".validation-summary-errors"));
        Assert.Null(reused.QuerySelector("form[action*='handler=Start']"));
        var noLink = await sites.Portal.Browser().GetHtmlAsync($"/Questionnaires/{id}");
        Assert.Contains(Texts.Get("Invitation.Missing"), noLink.Text(".validation-summary-errors"));
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>("select count(*) from questionnaire_invitation where questionnaire_id = @id and used_at is not null", new { id }));
    }

    [Fact]
    public async Task Work_is_kept_on_the_server_and_resumed_with_the_code()
    {
        var id = await sites.PublishedQuestionnaireAsync();
        var (client, url) = await sites.StartAsCitizenAsync(id);
        var saved = await (await client.SubmitAsync(url, new Dictionary<string, string?>
            { ["a.q1"] = "1", ["a.q2"] = "3", ["a.q3"] = "验证码看不清", ["nav"] = "save" })).ReadHtmlAsync();
        Assert.NotNull(saved.QuerySelector("#saved"));
        var code = url.Split('/')[^1];

        // Another browser, later: the code typed on the questionnaire's page opens the same answers.
        var other = sites.Portal.Browser();
        var resumed = await other.SubmitAsync($"/Questionnaires/{id}",
            new Dictionary<string, string?> { ["ResumeCode"] = $"{code[..4]}-{code[4..8]}-{code[8..]}".ToLowerInvariant() },
            "form[action*='handler=Resume']");
        Assert.Equal(url, resumed.RequestMessage!.RequestUri!.PathAndQuery);
        var page = await resumed.ReadHtmlAsync();
        Assert.True(((IHtmlInputElement)page.QuerySelector("input[name='a.q2'][value='3']")!).IsChecked);
        Assert.Equal("验证码看不清", page.QuerySelector("textarea[name='a.q3']")!.TextContent);

        var wrong = await (await other.SubmitAsync($"/Questionnaires/{id}", new Dictionary<string, string?> { ["ResumeCode"] = "0000-0000-0000" },
            "form[action*='handler=Resume']")).ReadHtmlAsync();
        Assert.Contains(Texts.Get("Questionnaire.ResumeNotFound"), wrong.Text("#ResumeCode-error"));
    }

    [Fact]
    public async Task A_questionnaire_not_yet_published_is_not_found()
    {
        var consultation = await sites.ConsultationAsync();
        var draft = await sites.DataSource.ScalarAsync<long>(
            "insert into questionnaire (consultation_id, title, audience) values (@consultation, '草稿问卷', 'public') returning id", new { consultation });
        Assert.Equal(HttpStatusCode.NotFound, (await sites.Portal.Browser().GetAsync($"/Questionnaires/{draft}")).StatusCode);
    }
}
