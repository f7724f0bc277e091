using System.Net;
using System.Text;
using Dapper;
using Evaluation.Shared.Questionnaires;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Questionnaires;

/// <summary>Per-enterprise invitation codes (issue 13, item 5): generated for a list and exported, required by the
/// questionnaire, good for the credit code they were issued to and for one answer; audited; scoped.</summary>
public class EnterpriseCodesTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private const string Huawei = "914403001922038216";
    private const string Other = "91110108551385082Q";

    /// <summary>Codes generated through the page; returns the CSV's rows by credit code (the code as printed).</summary>
    private static async Task<Dictionary<string, string>> GenerateAsync(HttpClient admin, long id, string list)
    {
        var response = await admin.SubmitAsync($"/Questionnaires/EnterpriseCodes/{id}", new Dictionary<string, string?> { ["Enterprises"] = list },
            "form[action*='handler=Generate']");
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var csv = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        return csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(l => l.TrimEnd('\r').Split(',')).ToDictionary(f => f[0], f => f[2]);
    }

    [Fact]
    public async Task Staff_generate_and_export_codes_for_a_list_and_a_required_code_lets_only_its_enterprise_answer_once()
    {
        var id = await sites.PublishedQuestionnaireAsync(QuestionnaireData.OnePage(), Audiences.Enterprise);
        var (admin, _) = await sites.SignedInAsync("evaluation_staff");
        var codes = await GenerateAsync(admin, id, $"{Huawei}，深圳某某技术有限公司\n{Other}\t北京某某科技有限公司\n");
        Assert.Equal(new[] { Huawei, Other }.Order(), codes.Keys.Order());
        await using (var conn = await sites.DataSource.OpenConnectionAsync())
        {
            // Only the hash is kept; the audit log names the rows, not the codes.
            Assert.Equal(EnterpriseCodes.HashTyped(codes[Huawei]), await conn.ExecuteScalarAsync<byte[]>(
                "select code_hash from questionnaire_enterprise_code where questionnaire_id = @id and credit_code = @Huawei", new { id, Huawei }));
            Assert.Equal(1L, await conn.ExecuteScalarAsync<long>(
                "select count(*) from audit_log where action = 'generate_enterprise_codes' and entity_id = @id", new { id = id.ToString() }));
            Assert.Equal(0L, await conn.ExecuteScalarAsync<long>("select count(*) from audit_log where after::text like @code",
                new { code = $"%{codes[Huawei].Replace("-", "")}%" }));
        }
        await admin.SubmitAsync($"/Questionnaires/EnterpriseCodes/{id}", new Dictionary<string, string?> { ["Required"] = "true" },
            "form[action*='handler=Require']");

        async Task<AngleSharp.Html.Dom.IHtmlDocument> StartAsync(string creditCode, string? code)
        {
            var fields = PortalSteps.Enterprise(creditCode);
            fields["Input.EnterpriseCode"] = code;
            return await (await sites.Portal.Browser().SubmitAsync($"/Questionnaires/{id}", fields, "form[action*='handler=Start']")).ReadHtmlAsync();
        }
        Assert.Contains(Texts.Get("EnterpriseCode.Portal.Required"), (await StartAsync(Huawei, null)).Text("#EnterpriseCode-error"));
        // Another enterprise's code, or a made-up one: refused.
        Assert.Contains(Texts.Get("EnterpriseCode.Portal.Invalid"), (await StartAsync(Huawei, codes[Other])).Text("#EnterpriseCode-error"));
        Assert.Contains(Texts.Get("EnterpriseCode.Portal.Invalid"), (await StartAsync(Huawei, "ABCD-EFGH-JKMN")).Text("#EnterpriseCode-error"));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from response_draft where questionnaire_id = @id", new { id }));

        var client = sites.Portal.Browser();
        var fields = PortalSteps.Enterprise(Huawei);
        fields["Input.EnterpriseCode"] = codes[Huawei].ToLowerInvariant();
        var start = await client.SubmitAsync($"/Questionnaires/{id}", fields, "form[action*='handler=Start']");
        await client.SubmitOnePageAsync(start.RequestMessage!.RequestUri!.PathAndQuery, "4");
        Assert.NotNull(await sites.DataSource.ScalarAsync<DateTime?>(
            "select used_at from questionnaire_enterprise_code where questionnaire_id = @id and credit_code = @Huawei", new { id, Huawei }));
        // The code answered once: it opens nothing more, even after staff voided the response.
        await sites.DataSource.ScalarAsync<int>(
            "update response set voided_at = now(), voided_by = (select min(id) from staff_user), void_reason = '测试' where questionnaire_id = @id returning 1", new { id });
        Assert.Contains(Texts.Get("EnterpriseCode.Portal.Used"), (await StartAsync(Huawei, codes[Huawei])).Text("#EnterpriseCode-error"));

        var page = await admin.GetHtmlAsync($"/Questionnaires/EnterpriseCodes/{id}");
        Assert.Equal(2, page.QuerySelectorAll("#codes tbody tr").Length);
    }

    [Fact]
    public async Task A_bad_line_is_named_in_chinese_and_nothing_is_generated()
    {
        var id = await sites.PublishedQuestionnaireAsync(QuestionnaireData.OnePage(), Audiences.Enterprise);
        var (admin, _) = await sites.SignedInAsync("evaluation_staff");
        var page = await (await admin.SubmitAsync($"/Questionnaires/EnterpriseCodes/{id}",
            new Dictionary<string, string?> { ["Enterprises"] = $"{Huawei} 深圳某某技术有限公司\n914403001922038217 某公司\n{Huawei} 重复" },
            "form[action*='handler=Generate']")).ReadHtmlAsync();
        Assert.Contains(Texts.Get("EnterpriseCode.BadCreditCode", 2, "914403001922038217"), page.Text("#errors"));
        Assert.Contains(Texts.Get("EnterpriseCode.Twice", 3, Huawei), page.Text("#errors"));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from questionnaire_enterprise_code where questionnaire_id = @id", new { id }));
    }

    [Fact]
    public async Task Staff_of_another_department_get_not_found_and_nothing_changes()
    {
        var id = await sites.PublishedQuestionnaireAsync(QuestionnaireData.OnePage(), Audiences.Enterprise);
        var (other, _, _) = await sites.StaffOfAsync("任丘市教育局");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Questionnaires/EnterpriseCodes/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostWithTokenAsync($"/Questionnaires/EnterpriseCodes/{id}?handler=Generate",
            new Dictionary<string, string> { ["Enterprises"] = $"{Huawei} 某公司" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostWithTokenAsync($"/Questionnaires/EnterpriseCodes/{id}?handler=Require",
            new Dictionary<string, string> { ["Required"] = "true" })).StatusCode);
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from questionnaire_enterprise_code where questionnaire_id = @id", new { id }));
        Assert.False(await sites.DataSource.ScalarAsync<bool>("select enterprise_code_required from questionnaire where id = @id", new { id }));
    }
}
