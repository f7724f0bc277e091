using System.Net;
using Dapper;
using Evaluation.Tests.Analysis;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin;

public class CodingTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task Staff_confirm_the_suggested_criterion_then_change_it_and_each_coding_is_audited()
    {
        var (client, userName) = await sites.SignedInAsync("evaluation_staff");
        var consultation = await sites.DataSource.ConsultationAsync();
        var id = await sites.DataSource.OpinionAsync(consultation, "审批流程太繁琐，手续多，希望网上办理。");

        var page = await client.GetHtmlAsync($"/Opinions/Details/{id}");
        Assert.Contains("建议标准：可操作性", page.QuerySelector("#coding-suggestion")!.TextContent);
        Assert.Contains("尚未编码", page.QuerySelector("#coding-state")!.TextContent);
        Assert.Equal("确认建议", page.QuerySelector("#code")!.TextContent);

        // Confirm: the form comes with the suggestion selected.
        page = await (await client.SubmitAsync($"/Opinions/Details/{id}", new Dictionary<string, string?>(), "form[action*=Code]")).ReadHtmlAsync();
        Assert.Equal("编码已保存。", page.QuerySelector("#flash")!.TextContent);
        Assert.Contains("已编码为：可操作性", page.QuerySelector("#coding-state")!.TextContent);

        // Change it: staff decide it is about rationality.
        await client.SubmitAsync($"/Opinions/Details/{id}", new Dictionary<string, string?> { ["Criterion"] = "rationality" }, "form[action*=Code]");

        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var coding = await conn.QuerySingleAsync<(string Criterion, string CodedBy)>(
            "select k.criterion, s.user_name from opinion_coding k join staff_user s on s.id = k.coded_by where k.opinion_id = @id", new { id });
        Assert.Equal(("rationality", userName), coding);
        var audit = (await conn.QueryAsync<(string Actor, string? Before, string After, string Suggested)>(
            """
            select actor_name, before ->> 'criterion', after ->> 'criterion', after ->> 'suggested'
            from audit_log where entity = 'opinion' and entity_id = @id::text and action = 'code' order by id
            """, new { id })).ToList();
        Assert.Equal([(userName, null, "operability", "operability"), (userName, "operability", "rationality", "operability")], audit);
    }

    [Fact]
    public async Task A_criterion_of_the_other_kind_or_none_chosen_is_refused_with_a_message_and_nothing_is_written()
    {
        var (client, _) = await sites.SignedInAsync("organizer");
        var consultation = await sites.DataSource.ConsultationAsync();
        var id = await sites.DataSource.OpinionAsync(consultation, "今天天气很好。");

        var page = await client.GetHtmlAsync($"/Opinions/Details/{id}");
        Assert.Contains("请人工编码", page.QuerySelector("#coding-suggestion")!.TextContent);
        page = await (await client.SubmitAsync($"/Opinions/Details/{id}", new Dictionary<string, string?> { ["Criterion"] = "cost_benefit" }, "form[action*=Code]")).ReadHtmlAsync();
        Assert.Contains("所选标准不适用于该决策的类型。", page.Body!.TextContent);
        page = await (await client.SubmitAsync($"/Opinions/Details/{id}", new Dictionary<string, string?> { ["Criterion"] = "" }, "form[action*=Code]")).ReadHtmlAsync();
        Assert.Contains("请选择评估标准", page.Body!.TextContent);
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from opinion_coding where opinion_id = @id", new { id }));

        // "No criterion applies" is a coding too.
        await client.SubmitAsync($"/Opinions/Details/{id}", new Dictionary<string, string?> { ["Criterion"] = "none" }, "form[action*=Code]");
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>("select count(*) from opinion_coding where opinion_id = @id and criterion is null", new { id }));
    }

    [Fact]
    public async Task Legal_reviewers_neither_see_nor_code_the_opinions_of_a_department()
    {
        // Legal reviewers see what is sent to them for review, not the departments' opinions (Art. 3).
        var (client, _) = await sites.SignedInAsync("legal_reviewer");
        var consultation = await sites.DataSource.ConsultationAsync();
        var id = await sites.DataSource.OpinionAsync(consultation, "与上位法相抵触。");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Opinions/Details/{id}")).StatusCode);
        var forged = await client.PostWithTokenAsync($"/Opinions/Details/{id}?handler=Code", new() { ["Criterion"] = "legality" });
        Assert.Equal("/Account/AccessDenied", forged.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from opinion_coding where opinion_id = @id", new { id }));
    }

    [Fact]
    public async Task Keyword_lists_are_edited_per_criterion_validated_and_audited()
    {
        var (client, userName) = await sites.SignedInAsync("organizer");
        var page = await client.GetHtmlAsync("/Coding/Keywords");
        Assert.Contains("上位法", page.QuerySelector("#words-legality")!.TextContent);

        var response = await client.SubmitAsync("/Coding/Keywords",
            new Dictionary<string, string?> { ["Words"] = "窗口、排队，等候时间\n窗口" }, "#operability form");
        page = await response.ReadHtmlAsync();
        Assert.Equal("“可操作性”的关键词已保存。", page.QuerySelector("#flash")!.TextContent);
        Assert.Equal("排队、窗口、等候时间", page.QuerySelector("#words-operability")!.TextContent);

        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var audit = await conn.QuerySingleAsync<(string Actor, int Before, string After)>(
            """
            select actor_name, jsonb_array_length(before -> 'words'), after ->> 'words'
            from audit_log where entity = 'criterion_keyword' and entity_id = 'operability' and action = 'update_keywords'
            """);
        Assert.Equal((userName, 17, """["排队", "窗口", "等候时间"]"""), audit);

        // Bad input: shown with the list, in Chinese; nothing changes.
        page = await (await client.SubmitAsync("/Coding/Keywords",
            new Dictionary<string, string?> { ["Words"] = "税、我们、合法" }, "#legality form")).ReadHtmlAsync();
        var errors = page.QuerySelector("#legality .field-error")!.TextContent;
        Assert.Contains("“税”：关键词须为2至20个字。", errors);
        Assert.Contains("“我们”是停用词", errors);
        Assert.Equal("税、我们、合法", page.QuerySelector("#words-legality")!.TextContent);
        Assert.Equal(17L, await sites.DataSource.ScalarAsync<long>("select count(*) from criterion_keyword where criterion = 'legality'"));
    }

    [Fact]
    public async Task Legal_reviewers_read_the_keyword_lists_but_cannot_change_them()
    {
        var (client, _) = await sites.SignedInAsync("legal_reviewer");
        var page = await client.GetHtmlAsync("/Coding/Keywords");
        Assert.Null(page.QuerySelector("main form[method=post]"));
        Assert.Contains("上位法", page.QuerySelector("#legality")!.TextContent);
        var forged = await client.PostAsync("/Coding/Keywords", new FormUrlEncodedContent(new Dictionary<string, string> { ["Criterion"] = "legality", ["Words"] = "合法" }));
        Assert.NotEqual(HttpStatusCode.OK, forged.StatusCode);
        Assert.Equal(17L, await sites.DataSource.ScalarAsync<long>("select count(*) from criterion_keyword where criterion = 'legality'"));
    }
}
