using System.Net;
using Dapper;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Coding;

public class KeywordsTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
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
