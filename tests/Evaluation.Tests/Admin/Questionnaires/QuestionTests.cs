using Dapper;
using Evaluation.Shared.Questionnaires;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Questionnaires;

public class QuestionTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task Every_question_type_round_trips_through_the_builder_and_publishing()
    {
        var (admin, id) = await sites.QuestionnaireInBuilderAsync();
        var cases = new (string Type, Dictionary<string, string?> Extra)[]
        {
            ("single", new() { ["Input.Options[0].Label"] = "是", ["Input.Options[1].Label"] = "否", ["Input.AllowOther"] = "true" }),
            ("multiple", new() { ["Input.Options[0].Label"] = "甲", ["Input.Options[1].Label"] = "乙", ["Input.Options[2].Label"] = "丙", ["Input.MinChoices"] = "1", ["Input.MaxChoices"] = "2" }),
            ("likert", new() { ["Input.Scale"] = "satisfaction", ["Input.Criterion"] = "operability", ["Input.Period"] = "before" }),
            ("matrix", new() { ["Input.Rows[0].Label"] = "合法", ["Input.Rows[0].Criterion"] = "legality", ["Input.Rows[1].Label"] = "合理", ["Input.Rows[1].Period"] = "before", ["Input.Criterion"] = "rationality", ["Input.Period"] = "after" }),
            ("short_text", new()),
            ("long_text", new()),
            ("number", new() { ["Input.Min"] = "0", ["Input.Max"] = "99.5" }),
            ("date", new()),
            ("region", new()),
            ("ranking", new() { ["Input.Options[0].Label"] = "一", ["Input.Options[1].Label"] = "二", ["Input.Options[2].Label"] = "三" }),
        };
        foreach (var (type, extra) in cases)
        {
            var fields = new Dictionary<string, string?>(extra) { ["Input.Type"] = type, ["Input.Text"] = $"{type} 题", ["Input.Help"] = "说明", ["Input.Required"] = "true" };
            var response = await admin.AddQuestionAsync(id, fields);
            Assert.Equal($"/Questionnaires/Details/{id}", response.RequestMessage!.RequestUri!.AbsolutePath);
        }

        var d = await sites.DataSource.WorkingDefinitionAsync(id);
        Assert.Equal(cases.Select(c => c.Type), d.Questions.Select(q => q.Type));
        Assert.All(d.Questions, q => Assert.True(q.Required && q.Help == "说明"));
        var single = d.Questions.ElementAt(0);
        Assert.Equal([new Option(1, "是"), new Option(2, "否")], single.Choices);
        Assert.Equal(3, single.OtherCode);
        Assert.Equal((1, 2), (d.Questions.ElementAt(1).MinChoices, d.Questions.ElementAt(1).MaxChoices));
        Assert.Equal(("satisfaction", "operability", "before"), (d.Questions.ElementAt(2).Scale, d.Questions.ElementAt(2).Criterion, d.Questions.ElementAt(2).Period));
        Assert.Equal([new MatrixRow("r1", "合法", "legality", null), new MatrixRow("r2", "合理", null, "before")], d.Questions.ElementAt(3).Rows);
        Assert.Equal((0m, 99.5m), (d.Questions.ElementAt(6).Min!.Value, d.Questions.ElementAt(6).Max!.Value));
        Assert.Equal(3, d.Questions.ElementAt(9).Choices.Count);

        // Editing keeps option codes: removing the first option leaves the second as code 2.
        var key = d.Questions.ElementAt(0).Key;
        await admin.SubmitAsync($"/Questionnaires/Question/{id}?key={key}", new Dictionary<string, string?>
        {
            ["Input.Options[0].Label"] = "", ["Input.Options[2].Label"] = "不清楚", ["Input.AllowOther"] = null,
        });
        d = await sites.DataSource.WorkingDefinitionAsync(id);
        Assert.Equal([new Option(2, "否"), new Option(3, "不清楚")], d.Questions.ElementAt(0).Choices);

        await admin.SubmitAsync($"/Questionnaires/Details/{id}", new Dictionary<string, string?>(), "form[action*='handler=Publish']");
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var items = (await conn.QueryAsync<(string Key, string? Criterion, string? Period)>(
            "select i.key, i.criterion, i.period from question_item i join questionnaire_version v on v.id = i.version_id where v.questionnaire_id = @id order by i.id",
            new { id })).ToList();
        Assert.Equal(11, items.Count);   // ten questions, the matrix counted by its two rows
        Assert.Contains(("q3", "operability", "before"), items);
        Assert.Contains(("q4.r1", "legality", "after"), items);        // the row's criterion, the question's period
        Assert.Contains(("q4.r2", "rationality", "before"), items);    // the question's criterion, the row's period
        Assert.Equal(5L, await conn.ExecuteScalarAsync<long>(
            "select count(*) from question_option o join question q on q.id = o.question_id join questionnaire_version v on v.id = q.version_id where v.questionnaire_id = @id and q.type in ('single', 'ranking')",
            new { id }));
    }

    [Fact]
    public async Task A_question_that_does_not_fit_is_refused_with_the_reason_and_not_added()
    {
        var (admin, id) = await sites.QuestionnaireInBuilderAsync(kind: "other_matter");

        // A criterion of Art. 15 does not fit a decision of Chapter 3.
        var refused = await (await admin.AddQuestionAsync(id, new Dictionary<string, string?>
            { ["Input.Type"] = "likert", ["Input.Text"] = "合法吗", ["Input.Criterion"] = "legality" })).ReadHtmlAsync();
        Assert.Contains(Texts.Get("Definition.BadCriterion", 1), refused.Text(".validation-summary-errors"));
        var choice = await (await admin.AddQuestionAsync(id, new Dictionary<string, string?>
            { ["Input.Type"] = "single", ["Input.Text"] = "只有一个选项", ["Input.Options[0].Label"] = "唯一" })).ReadHtmlAsync();
        Assert.Contains(Texts.Get("Definition.TooFewOptions", 1), choice.Text(".validation-summary-errors"));
        Assert.Empty((await sites.DataSource.WorkingDefinitionAsync(id)).Questions);
    }
}
