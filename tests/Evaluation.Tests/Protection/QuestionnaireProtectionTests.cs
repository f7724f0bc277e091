using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Protection;

/// <summary>The questionnaire pages go through the same protection as the opinion form.</summary>
public class QuestionnaireCaptchaTests(ProofOfWorkFixture sites) : IClassFixture<ProofOfWorkFixture>
{
    private static Dictionary<string, string?> Identity(string? solution) => new()
    {
        ["Input.RespondentType"] = "citizen", ["Input.RegionCode"] = "qingta", ["altcha"] = solution,
    };

    private Task<long> DraftsAsync(long id) =>
        sites.DataSource.ScalarAsync<long>("select count(*) from response_draft where questionnaire_id = @id", new { id });

    [Fact]
    public async Task Starting_a_public_questionnaire_needs_a_solved_challenge_used_once()
    {
        var id = await sites.PublishedQuestionnaireAsync();
        var client = sites.Portal.Browser();

        var missing = await (await client.SubmitAsync($"/Questionnaires/{id}", Identity(null), "form[action*='handler=Start']")).ReadHtmlAsync();
        Assert.NotEmpty(missing.Text("#Captcha-error"));
        Assert.Equal("qingta", missing.QuerySelector("#Input_RegionCode option[selected]")!.GetAttribute("value"));
        Assert.Equal(0L, await DraftsAsync(id));

        var solution = Altcha.Solve(await Altcha.FetchAsync(client));
        var started = await client.SubmitAsync($"/Questionnaires/{id}", Identity(solution), "form[action*='handler=Start']");
        Assert.Contains("/Answer/", started.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(1L, await DraftsAsync(id));

        var replayed = await (await sites.Portal.Browser().SubmitAsync($"/Questionnaires/{id}", Identity(solution), "form[action*='handler=Start']")).ReadHtmlAsync();
        Assert.NotEmpty(replayed.Text("#Captcha-error"));
        Assert.Equal(1L, await DraftsAsync(id));
    }
    [Fact]
    public async Task Whether_an_enterprise_answered_is_told_only_after_the_captcha()
    {
        var id = await sites.PublishedQuestionnaireAsync(QuestionnaireData.OnePage(), Evaluation.Shared.Questionnaires.Audiences.Enterprise);
        await sites.DataSource.ScalarAsync<long>(
            """
            insert into response (questionnaire_id, version_id, receipt_number, respondent_type, region_code, credit_code, enterprise_name, industry, enterprise_size, submitted_at)
            select id, current_version_id, 'ANSWEREDBY01', 'enterprise', 'chuan', '914403001922038216', '某公司', 'C', 'small', now() from questionnaire where id = @id
            returning id
            """, new { id });
        var probe = new Dictionary<string, string?>(PortalSteps.Enterprise("914403001922038216")) { ["altcha"] = null };

        var withoutCaptcha = await (await sites.Portal.Browser().SubmitAsync($"/Questionnaires/{id}", probe, "form[action*='handler=Start']")).ReadHtmlAsync();
        Assert.NotEmpty(withoutCaptcha.Text("#Captcha-error"));
        Assert.Null(withoutCaptcha.QuerySelector("#already-answered"));

        var client = sites.Portal.Browser();
        probe["altcha"] = Altcha.Solve(await Altcha.FetchAsync(client));
        var withCaptcha = await (await client.SubmitAsync($"/Questionnaires/{id}", probe, "form[action*='handler=Start']")).ReadHtmlAsync();
        Assert.NotNull(withCaptcha.QuerySelector("#already-answered"));
    }
}

public class QuestionnaireDoubleSubmitTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task Submitting_twice_at_once_makes_one_response_and_shows_the_same_receipt()
    {
        var id = await sites.PublishedQuestionnaireAsync(new(
        [
            new("s1", "一", null, null, [new("q1", Evaluation.Shared.Questionnaires.QuestionTypes.Likert, "满意吗？", Required: true)]),
        ]));
        var client = sites.Portal.Browser();
        var start = await client.SubmitAsync($"/Questionnaires/{id}",
            new Dictionary<string, string?> { ["Input.RespondentType"] = "citizen", ["Input.RegionCode"] = "chuan" }, "form[action*='handler=Start']");
        var url = start.RequestMessage!.RequestUri!.PathAndQuery;
        var page = await start.ReadHtmlAsync();
        var form = (AngleSharp.Html.Dom.IHtmlFormElement)page.QuerySelector("form[data-questionnaire]")!;
        var fields = new Dictionary<string, string?> { ["a.q1"] = "4", ["nav"] = "submit" };

        var both = await Task.WhenAll(client.PostFormAsync(form, url, fields), client.PostFormAsync(form, url, fields));

        var receipts = both.Select(r => r.RequestMessage!.RequestUri!.AbsolutePath).ToList();
        Assert.All(receipts, r => Assert.StartsWith("/Questionnaires/Submitted/", r));
        Assert.Equal(receipts[0], receipts[1]);
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>("select count(*) from response where questionnaire_id = @id", new { id }));
        // The resume link, opened again later, shows the receipt too.
        Assert.Equal(receipts[0], (await client.GetAsync(url)).RequestMessage!.RequestUri!.AbsolutePath);
    }
}
