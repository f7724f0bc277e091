using Dapper;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Questionnaires;

/// <summary>The builder's reverse mark and before/after pair (Art. 19(1)): checked on the page, frozen on publishing.</summary>
public class PairingTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private static Dictionary<string, string?> Likert(string text, string period, string? pair = null, bool reverse = false) => new()
    {
        ["Input.Type"] = "likert", ["Input.Text"] = text, ["Input.Criterion"] = "effectiveness", ["Input.Period"] = period,
        ["Input.Pair"] = pair, ["Input.Reverse"] = reverse ? "true" : null,
    };

    [Fact]
    public async Task The_builder_refuses_a_bad_pairing_with_a_chinese_message_on_the_page()
    {
        var (admin, id) = await sites.QuestionnaireInBuilderAsync();
        await admin.AddQuestionAsync(id, Likert("施行前，办事是否方便？", "before"));
        await admin.AddQuestionAsync(id, Likert("施行后，办事是否方便？", "after"));

        // An "after" item cannot name a partner: pairs go from before to after.
        var refused = await admin.AddQuestionAsync(id, Likert("施行后，材料是否减少？", "after", pair: "q1"));
        Assert.Equal($"/Questionnaires/Question/{id}", refused.RequestMessage!.RequestUri!.AbsolutePath);
        var page = await refused.ReadHtmlAsync();
        Assert.Contains("第 3 题“施行后，材料是否减少？”：前后配对须由标为“决策施行前”的题目指向标为“决策施行后”的题目", page.QuerySelector(".validation-summary-errors")!.TextContent);
        Assert.Equal(2, (await sites.DataSource.WorkingDefinitionAsync(id)).Questions.Count());   // nothing saved

        // A partner already taken is refused too.
        await admin.SubmitAsync($"/Questionnaires/Question/{id}?key=q1", new Dictionary<string, string?> { ["Input.Pair"] = "q2" });
        var taken = await (await admin.AddQuestionAsync(id, Likert("施行前，跑腿次数多", "before", pair: "q2"))).ReadHtmlAsync();
        Assert.Contains("已与另一道“决策施行前”题目配对", taken.QuerySelector(".validation-summary-errors")!.TextContent);
    }

    [Fact]
    public async Task A_pair_and_a_reverse_mark_are_shown_in_the_builder_and_frozen_into_the_items_on_publishing()
    {
        var (admin, id) = await sites.QuestionnaireInBuilderAsync();
        await admin.AddQuestionAsync(id, Likert("施行后，办事是否方便？", "after"));
        var saved = await admin.AddQuestionAsync(id, Likert("施行前，办事是否方便？", "before", pair: "q1"));
        Assert.Equal($"/Questionnaires/Details/{id}", saved.RequestMessage!.RequestUri!.AbsolutePath);
        await admin.AddQuestionAsync(id, Likert("发车间隔过长，影响出行", "after", reverse: true));

        var details = await admin.GetHtmlAsync($"/Questionnaires/Details/{id}");
        Assert.Contains("与第 1 题“施行后，办事是否方便？”前后配对", details.QuerySelector("#row-q2")!.TextContent);
        Assert.Contains("反向计分", details.QuerySelector("#row-q3 .reverse-mark")!.TextContent);
        var preview = await admin.GetHtmlAsync($"/Questionnaires/Preview/{id}");
        Assert.Contains(preview.QuerySelectorAll(".analysis-mark"), p => p.TextContent.Contains("反向计分"));

        await admin.SubmitAsync($"/Questionnaires/Details/{id}", new Dictionary<string, string?>(), "form[action*='handler=Publish']");
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var items = (await conn.QueryAsync<(string Key, bool Reverse, string? PairKey)>(
            "select i.key, i.reverse, i.pair_key from question_item i join questionnaire_version v on v.id = i.version_id where v.questionnaire_id = @id order by i.key",
            new { id })).ToList();
        Assert.Equal([("q1", false, null), ("q2", false, "q1"), ("q3", true, null)], items);
    }
}
