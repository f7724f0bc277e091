using System.Net;
using Dapper;
using Evaluation.Shared.Questionnaires;
using Evaluation.Tests.Admin;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Portal;

public class EnterpriseAndInvitationTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private static readonly Definition OnePage = new([new Section("s1", "评价", null, null,
    [
        new Question("q1", QuestionTypes.Likert, "总体满意度", Required: true, Criterion: "effectiveness", Scale: "satisfaction"),
        new Question("q2", QuestionTypes.ShortText, "建议"),
    ])]);

    private static Dictionary<string, string?> Enterprise(string code, string name = "任丘市某某石化设备有限公司") => new()
    {
        ["Input.CreditCode"] = code, ["Input.EnterpriseName"] = name, ["Input.Industry"] = "C",
        ["Input.EnterpriseSize"] = "small", ["Input.RegionCode"] = "xinhualu",
    };

    private async Task<string> AnswerAsync(HttpClient client, string answerUrl, string point, string? text = null)
    {
        var done = await client.SubmitAsync(answerUrl, new Dictionary<string, string?> { ["a.q1"] = point, ["a.q2"] = text, ["nav"] = "submit" });
        Assert.StartsWith("/Questionnaires/Submitted/", done.RequestMessage!.RequestUri!.AbsolutePath);
        return (await done.ReadHtmlAsync()).Text("#receipt-number");
    }

    [Fact]
    public async Task One_response_per_enterprise_and_amending_it_with_the_receipt()
    {
        var id = await sites.DataSource.PublishedQuestionnaireAsync(OnePage, Audiences.Enterprise);
        var client = sites.Portal.Browser();
        var start = await client.SubmitAsync($"/Questionnaires/{id}", Enterprise(" 9144 0300 1922 0382 16 "), "form[action*='handler=Start']");
        var receipt = await AnswerAsync(client, start.RequestMessage!.RequestUri!.PathAndQuery, "2", "希望简化材料");

        // A second attempt with the same code is turned away, and told how to amend.
        var again = await (await sites.Portal.Browser().SubmitAsync($"/Questionnaires/{id}", Enterprise("914403001922038216"),
            "form[action*='handler=Start']")).ReadHtmlAsync();
        Assert.Contains("该统一社会信用代码已经提交过本问卷", again.Text("#already-answered"));
        Assert.NotNull(again.QuerySelector($"#already-answered a[href='/Questionnaires/{id}/Amend']"));

        // Amending: receipt and code open a draft holding the given answers, which replace the old ones.
        var amend = await client.SubmitAsync($"/Questionnaires/{id}/Amend",
            new Dictionary<string, string?> { ["ReceiptNumber"] = receipt, ["CreditCodeInput"] = "914403001922038216" });
        var amendUrl = amend.RequestMessage!.RequestUri!.PathAndQuery;
        var page = await amend.ReadHtmlAsync();
        Assert.NotNull(page.QuerySelector("input[name='a.q1'][value='2'][checked]"));
        Assert.Equal("希望简化材料", page.QuerySelector("input[name='a.q2']")!.GetAttribute("value"));
        var amendedReceipt = await AnswerAsync(client, amendUrl, "5");
        Assert.Equal(receipt, amendedReceipt);

        await using var conn = await sites.DataSource.OpenConnectionAsync();
        Assert.Equal(1L, await conn.ExecuteScalarAsync<long>("select count(*) from response where questionnaire_id = @id", new { id }));
        var stored = await conn.QuerySingleAsync<(string RespondentType, string CreditCode, DateTime? AmendedAt, int Code, long Texts)>(
            """
            select r.respondent_type, r.credit_code, r.amended_at, a.code, (select count(*) from answer_text t where t.response_id = r.id)
            from response r join answer a on a.response_id = r.id where r.questionnaire_id = @id
            """, new { id });
        Assert.Equal(("enterprise", "914403001922038216", 5, 0L), (stored.RespondentType, stored.CreditCode, stored.Code, stored.Texts));
        Assert.NotNull(stored.AmendedAt);
    }

    [Fact]
    public async Task A_wrong_credit_code_gets_a_message_and_keeps_the_other_fields()
    {
        var id = await sites.DataSource.PublishedQuestionnaireAsync(OnePage, Audiences.Enterprise);
        var response = await sites.Portal.Browser().SubmitAsync($"/Questionnaires/{id}", Enterprise("914403001922038217", "某某公司"),
            "form[action*='handler=Start']");
        var page = await response.ReadHtmlAsync();
        Assert.Contains("统一社会信用代码不正确", page.Text("#CreditCode-error"));
        Assert.Equal("某某公司", page.QuerySelector("#Input_EnterpriseName")!.GetAttribute("value"));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from response_draft where questionnaire_id = @id", new { id }));
    }

    [Fact]
    public async Task Amending_needs_the_matching_receipt_and_code()
    {
        var id = await sites.DataSource.PublishedQuestionnaireAsync(OnePage, Audiences.Enterprise);
        var client = sites.Portal.Browser();
        var start = await client.SubmitAsync($"/Questionnaires/{id}", Enterprise("91110108551385082Q"), "form[action*='handler=Start']");
        var receipt = await AnswerAsync(client, start.RequestMessage!.RequestUri!.PathAndQuery, "3");
        var page = await (await client.SubmitAsync($"/Questionnaires/{id}/Amend",
            new Dictionary<string, string?> { ["ReceiptNumber"] = receipt, ["CreditCodeInput"] = "91330100716105852F" })).ReadHtmlAsync();
        Assert.Contains("回执编号与统一社会信用代码不匹配", page.Text(".validation-summary-errors"));
    }

    [Fact]
    public async Task An_invitation_link_works_once()
    {
        var id = await sites.DataSource.PublishedQuestionnaireAsync(OnePage, Audiences.Invited);
        var (admin, _) = await sites.SignedInAsync("evaluation_staff");
        var created = await (await admin.SubmitAsync($"/Questionnaires/Invitations/{id}",
            new Dictionary<string, string?> { ["Name"] = "王代表", ["Category"] = "npc_deputy" })).ReadHtmlAsync();
        var link = new Uri(created.Text("#new-link"), UriKind.RelativeOrAbsolute);
        var path = link.IsAbsoluteUri ? link.PathAndQuery : link.OriginalString;

        var invited = sites.Portal.Browser();
        var welcome = await invited.GetHtmlAsync(path);
        Assert.Contains("王代表，您好", welcome.Body!.TextContent);
        var start = await invited.SubmitAsync(path, new Dictionary<string, string?> { ["Input.RegionCode"] = "qingta" }, "form[action*='handler=Start']");
        await AnswerAsync(invited, start.RequestMessage!.RequestUri!.PathAndQuery, "4");

        var reused = await sites.Portal.Browser().GetHtmlAsync(path);
        Assert.Contains("该邀请链接已经使用过", reused.Text(".validation-summary-errors"));
        Assert.Null(reused.QuerySelector("form[action*='handler=Start']"));
        var noLink = await sites.Portal.Browser().GetHtmlAsync($"/Questionnaires/{id}");
        Assert.Contains("仅限受邀人员填写", noLink.Text(".validation-summary-errors"));
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>("select count(*) from questionnaire_invitation where questionnaire_id = @id and used_at is not null", new { id }));
    }

    [Fact]
    public async Task The_enterprise_amend_page_exists_only_for_enterprise_questionnaires()
    {
        var id = await sites.DataSource.PublishedQuestionnaireAsync(OnePage);
        Assert.Equal(HttpStatusCode.NotFound, (await sites.Portal.Browser().GetAsync($"/Questionnaires/{id}/Amend")).StatusCode);
    }
}
