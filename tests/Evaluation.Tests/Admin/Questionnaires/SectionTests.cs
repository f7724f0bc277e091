using Evaluation.Shared.Questionnaires;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Questionnaires;

public class SectionTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task A_section_can_be_shown_only_for_an_earlier_answer()
    {
        var (admin, id) = await sites.QuestionnaireInBuilderAsync();
        await admin.AddQuestionAsync(id, new Dictionary<string, string?>
            { ["Input.Type"] = "single", ["Input.Text"] = "是否参与过？", ["Input.Options[0].Label"] = "是", ["Input.Options[1].Label"] = "否" });
        await admin.SubmitAsync($"/Questionnaires/Details/{id}", new Dictionary<string, string?>(), "form[action*='handler=AddSection']");
        var page = await admin.GetHtmlAsync($"/Questionnaires/Section/{id}?key=s2");
        Assert.Contains("1. 是否参与过？", page.QuerySelector("#Input_ConditionQuestion")!.TextContent);

        var refused = await (await admin.SubmitAsync($"/Questionnaires/Section/{id}?key=s2", new Dictionary<string, string?>
            { ["Input.Title"] = "未参与的原因", ["Input.ConditionQuestion"] = "q1", ["Input.ConditionValue"] = "9" })).ReadHtmlAsync();
        Assert.Contains(Texts.Get("Definition.Section.ConditionValue", "未参与的原因"), refused.Text(".validation-summary-errors"));

        await admin.SubmitAsync($"/Questionnaires/Section/{id}?key=s2", new Dictionary<string, string?>
            { ["Input.Title"] = "未参与的原因", ["Input.ConditionQuestion"] = "q1", ["Input.ConditionValue"] = "2" });
        var section = (await sites.DataSource.WorkingDefinitionAsync(id)).Sections[1];
        Assert.Equal(("未参与的原因", new Condition("q1", "equals", "2")), (section.Title, section.ShowIf));
    }
}
