using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dapper;
using Evaluation.Shared.Questionnaires;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Portal.Questionnaires;

/// <summary>Answering through real HTTP without JavaScript: pages, conditions, drafts, bad input.</summary>
public class AnswerTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private static Dictionary<string, string?> Form(params (string Name, string? Value)[] fields) => fields.ToDictionary(f => f.Name, f => f.Value);

    private async Task<long> ResponsesAsync(long id) =>
        await sites.DataSource.ScalarAsync<long>("select count(*) from response where questionnaire_id = @id", new { id });

    [Fact]
    public async Task A_citizen_answers_two_pages_and_only_shown_questions_are_stored()
    {
        var id = await sites.PublishedQuestionnaireAsync();
        var (client, url) = await sites.StartAsCitizenAsync(id);

        // Page one: q1 = 1 and q2 = {2, 3}; q3 (shown when q2 contains 3) answered too.
        var page2 = await client.SubmitAsync(url, Form(("a.q1", "1"), ("a.q2", "2"), ("a.q3", "打开网页很慢"), ("nav", "next")));
        var second = await page2.ReadHtmlAsync();
        Assert.Equal(Texts.Get("Questionnaire.Progress", 2, 2), second.Text("#progress"));

        var done = await client.SubmitAsync(url, Form(("a.q4", "4"), ("a.q5", "120"), ("nav", "submit")));
        Assert.StartsWith("/Questionnaires/Submitted/", done.RequestMessage!.RequestUri!.AbsolutePath);

        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var stored = (await conn.QueryAsync<(string Key, int Code, decimal? Value)>(
            """
            select i.key, a.code, a.value from answer a join question_item i on i.id = a.item_id
            join response r on r.id = a.response_id where r.questionnaire_id = @id order by i.key, a.code
            """, new { id })).ToList();
        Assert.Equal([("q1", 1, null), ("q2", 2, null), ("q4", 4, null), ("q5", 0, 120m)], stored);
        // q3 was answered while hidden (q2 does not contain 3): it is not stored.
        Assert.Equal(0L, await conn.ExecuteScalarAsync<long>(
            "select count(*) from answer_text t join response r on r.id = t.response_id where r.questionnaire_id = @id", new { id }));
        Assert.Equal(0L, await conn.ExecuteScalarAsync<long>("select count(*) from response_draft where questionnaire_id = @id", new { id }));
    }

    [Fact]
    public async Task A_hidden_required_question_is_not_required()
    {
        var id = await sites.PublishedQuestionnaireAsync();
        var (client, url) = await sites.StartAsCitizenAsync(id);
        var next = await (await client.SubmitAsync(url, Form(("a.q1", "2"), ("nav", "next")))).ReadHtmlAsync();
        Assert.Equal(Texts.Get("Questionnaire.Progress", 2, 2), next.Text("#progress"));
    }

    [Fact]
    public async Task Errors_are_shown_beside_each_question_and_every_answer_is_kept()
    {
        var id = await sites.PublishedQuestionnaireAsync();
        var (client, url) = await sites.StartAsCitizenAsync(id);

        // Three choices where two are allowed, and "other" without its text.
        var page = await client.GetHtmlAsync(url);
        page = await (await PostRawAsync(client, url, page, ("a.q1", "1"), ("a.q2", "1"), ("a.q2", "2"), ("a.q2", "4"), ("nav", "next"))).ReadHtmlAsync();
        Assert.Contains(Texts.Get("Answer.TooManyChoices", 2), page.Text("#question-q2-error"));
        Assert.Contains(Texts.Get("Question.Numbered", 2), page.Text("#error-summary"));
        Assert.True(((IHtmlInputElement)page.QuerySelector("input[name='a.q1'][value='1']")!).IsChecked);
        Assert.True(((IHtmlInputElement)page.QuerySelector("input[name='a.q2'][value='4']")!).IsChecked);

        page = await (await PostRawAsync(client, url, page, ("a.q1", "1"), ("a.q2", "4"), ("nav", "next"))).ReadHtmlAsync();
        Assert.Contains(Texts.Get("Answer.OtherRequired"), page.Text("#question-q2-error"));

        page = await (await PostRawAsync(client, url, page, ("a.q1", "1"), ("a.q2", "4"), ("a.q2.other", "市长热线"), ("nav", "next"))).ReadHtmlAsync();
        Assert.Equal(Texts.Get("Questionnaire.Progress", 2, 2), page.Text("#progress"));
        page = await (await PostRawAsync(client, url, page, ("a.q4", "6"), ("a.q5", "十"), ("nav", "submit"))).ReadHtmlAsync();
        Assert.Contains(Texts.Get("Answer.OutOfScale"), page.Text("#question-q4-error"));
        Assert.Contains(Texts.Get("Answer.NotANumber"), page.Text("#question-q5-error"));
        Assert.Equal("十", page.QuerySelector("input[name='a.q5']")!.GetAttribute("value"));
        page = await (await PostRawAsync(client, url, page, ("a.q5", "5"), ("nav", "submit"))).ReadHtmlAsync();
        Assert.Contains(Texts.Get("Answer.ChooseRequired"), page.Text("#question-q4-error"));
        Assert.Equal(0L, await ResponsesAsync(id));
    }

    /// <summary>Posts the page's form with exactly these fields (repeated names allowed) and its hidden fields.</summary>
    private static Task<HttpResponseMessage> PostRawAsync(HttpClient client, string url, AngleSharp.Html.Dom.IHtmlDocument page, params (string, string)[] fields)
    {
        var form = (IHtmlFormElement)page.QuerySelector("form[data-questionnaire]")!;
        var values = form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]").Select(h => new KeyValuePair<string, string>(h.Name!, h.Value)).ToList();
        values.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)));
        return client.PostAsync(url, new FormUrlEncodedContent(values));
    }

    [Fact]
    public async Task A_tampered_version_or_unknown_question_is_refused_and_nothing_is_saved()
    {
        var id = await sites.PublishedQuestionnaireAsync();
        var (client, url) = await sites.StartAsCitizenAsync(id);
        var page = await client.GetHtmlAsync(url);

        var unknown = await (await PostRawAsync(client, url, page, ("a.q1", "1"), ("a.q99", "5"), ("nav", "save"))).ReadHtmlAsync();
        Assert.Contains(Texts.Get("Questionnaire.UnknownAnswers"), unknown.Text("#top-error"));

        var form = (IHtmlFormElement)page.QuerySelector("form[data-questionnaire]")!;
        var values = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", form.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value),
            new("Version", "999999"), new("a.q1", "1"), new("nav", "save"),
        };
        var tampered = await (await client.PostAsync(url, new FormUrlEncodedContent(values))).ReadHtmlAsync();
        Assert.Contains(Texts.Get("Questionnaire.VersionMismatch"), tampered.Text("#top-error"));

        Assert.Equal("{}", await sites.DataSource.ScalarAsync<string>(
            "select answers::text from response_draft where questionnaire_id = @id", new { id }));
    }

    [Fact]
    public async Task A_questionnaire_closed_on_its_own_refuses_the_submission_and_keeps_the_draft()
    {
        var id = await sites.PublishedQuestionnaireAsync();
        var (client, url) = await sites.StartAsCitizenAsync(id);
        await client.SubmitAsync(url, Form(("a.q1", "2"), ("nav", "next")));
        var page = await client.GetHtmlAsync(url);
        await sites.DataSource.ScalarAsync<long>("update questionnaire set state = 'closed' where id = @id returning id", new { id });

        var refused = await (await PostRawAsync(client, url, page, ("a.q4", "3"), ("nav", "submit"))).ReadHtmlAsync();
        Assert.Contains(Texts.Get("Questionnaire.ClosedWhileAnswering"), refused.Text("#not-accepting"));
        Assert.Equal(0L, await ResponsesAsync(id));
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>("select count(*) from response_draft where questionnaire_id = @id", new { id }));
        // The consultation itself still takes opinions.
        var consultation = await sites.DataSource.ScalarAsync<long>("select consultation_id from questionnaire where id = @id", new { id });
        Assert.NotNull((await sites.Portal.Browser().GetHtmlAsync($"/Consultations/{consultation}")).QuerySelector("#Input_Body"));
    }

    [Fact]
    public async Task An_unknown_resume_code_in_the_address_is_not_found()
    {
        var id = await sites.PublishedQuestionnaireAsync();
        var response = await sites.Portal.Browser().GetAsync($"/Questionnaires/{id}/Answer/{Evaluation.Shared.Respondents.Receipt.NewNumber()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
