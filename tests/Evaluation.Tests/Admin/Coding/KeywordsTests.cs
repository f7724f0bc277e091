using System.Net;
using Dapper;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Coding;

public class KeywordsTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private Task<long> CountAsync(string criterion) =>
        sites.DataSource.ScalarAsync<long>("select count(*) from criterion_keyword where criterion = @criterion", new { criterion });

    [Fact]
    public async Task Keyword_lists_are_edited_per_criterion_validated_and_audited()
    {
        var (client, userName) = await sites.SignedInAsync("organizer");
        var page = await client.GetHtmlAsync("/Coding/Keywords");
        Assert.Contains("上位法", page.QuerySelector("#words-legality")!.TextContent);
        var (operability, legality) = (await CountAsync("operability"), await CountAsync("legality"));

        var response = await client.SubmitAsync("/Coding/Keywords",
            new Dictionary<string, string?> { ["Words"] = "窗口、排队，等候时间\n窗口" }, "#operability form");
        page = await response.ReadHtmlAsync();
        Assert.Equal(Texts.Get("Keywords.Saved", Texts.Get("Criterion.operability")), page.QuerySelector("#flash")!.TextContent);
        Assert.Equal("排队、窗口、等候时间", page.QuerySelector("#words-operability")!.TextContent);

        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var audit = await conn.QuerySingleAsync<(string Actor, int Before, string After)>(
            """
            select actor_name, jsonb_array_length(before -> 'words'), after ->> 'words'
            from audit_log where entity = 'criterion_keyword' and entity_id = 'operability' and action = 'update_keywords'
            """);
        Assert.Equal((userName, (int)operability, """["排队", "窗口", "等候时间"]"""), audit);

        // Bad input: shown with the list, in Chinese; nothing changes.
        page = await (await client.SubmitAsync("/Coding/Keywords",
            new Dictionary<string, string?> { ["Words"] = "税、我们、合法" }, "#legality form")).ReadHtmlAsync();
        var errors = page.QuerySelector("#legality .field-error")!.TextContent;
        Assert.Contains(Texts.Get("Keywords.BadLength", "税", Evaluation.Admin.Pages.Coding.KeywordsModel.MaxWordLength), errors);
        Assert.Contains(Texts.Get("Keywords.StopWord", "我们"), errors);
        Assert.Equal("税、我们、合法", page.QuerySelector("#words-legality")!.TextContent);
        Assert.Equal(legality, await CountAsync("legality"));
    }

    [Fact]
    public async Task Legal_reviewers_read_the_keyword_lists_but_cannot_change_them()
    {
        var (client, _) = await sites.SignedInAsync("legal_reviewer");
        var page = await client.GetHtmlAsync("/Coding/Keywords");
        var legality = await CountAsync("legality");
        Assert.Null(page.QuerySelector("main form[method=post]"));
        Assert.Contains("上位法", page.QuerySelector("#legality")!.TextContent);
        var forged = await client.PostAsync("/Coding/Keywords", new FormUrlEncodedContent(new Dictionary<string, string> { ["Criterion"] = "legality", ["Words"] = "合法" }));
        Assert.NotEqual(HttpStatusCode.OK, forged.StatusCode);
        Assert.Equal(legality, await CountAsync("legality"));
    }
}
