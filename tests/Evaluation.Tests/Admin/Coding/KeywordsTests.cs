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
    public async Task A_new_keyword_the_segmenter_did_not_know_is_cut_whole_in_texts_analysed_before()
    {
        var (client, _) = await sites.SignedInAsync("organizer");
        var consultation = await sites.ConsultationAsync();
        var opinion = await sites.OpinionAsync(consultation, "信息公开不透明，群众看不到评估结果。");
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        await Evaluation.Analysis.Text.TextFindings.ComputeAsync(conn, consultation);
        Assert.DoesNotContain("不透明", await sites.DataSource.ScalarAsync<string[]>("select terms from opinion_text_feature where opinion_id = @opinion", new { opinion }));

        var words = (await conn.QueryAsync<string>("select word from criterion_keyword where criterion = 'normativity'")).Append("不透明");
        await client.SubmitAsync("/Coding/Keywords", new Dictionary<string, string?> { ["Words"] = string.Join("、", words) }, "#normativity form");

        // Marked stale, segmented again by the next analysis with the keyword whole, and hit.
        Assert.Equal((short)0, await sites.DataSource.ScalarAsync<short>("select version from opinion_text_feature where opinion_id = @opinion", new { opinion }));
        var findings = (await Evaluation.Analysis.Text.TextFindings.ComputeAsync(conn, consultation))!;
        Assert.Equal(1, findings.FeaturesComputed);
        Assert.Contains("不透明", await sites.DataSource.ScalarAsync<string[]>("select terms from opinion_text_feature where opinion_id = @opinion", new { opinion }));
        Assert.Equal(["不透明"], (await Evaluation.Analysis.Text.CriterionKeywords.SuggestForOpinionAsync(conn, opinion))!.MatchedKeywords);
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
