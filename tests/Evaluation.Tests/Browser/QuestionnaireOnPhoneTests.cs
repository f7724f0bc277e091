using System.Text.RegularExpressions;
using Dapper;
using Evaluation.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Evaluation.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class QuestionnaireOnPhoneTests(BrowserFixture sites) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_citizen_on_a_phone_answers_a_conditional_questionnaire_leaves_half_way_and_resumes()
    {
        var id = await sites.PublishedQuestionnaireAsync(title: "公交线路问卷");
        var page = await sites.NewPageAsync(phone: true);
        await page.GotoAsync($"{sites.PortalUrl}/Questionnaires/{id}");
        await page.GetByLabel("公民").CheckAsync();
        await page.GetByLabel("所在地区").SelectOptionAsync(new SelectOptionValue { Label = "出岸镇" });
        await page.GetByRole(AriaRole.Button, new() { Name = "开始填写" }).ClickAsync();
        await page.WaitForURLAsync(new Regex($"/Questionnaires/{id}/Answer/"));
        var resumeUrl = page.Url;

        // The follow-up questions appear only for the answers that call for them.
        var channels = page.Locator("#question-q2");
        var inconvenience = page.Locator("#question-q3");
        Assert.False(await channels.IsVisibleAsync());
        await page.GetByLabel("参与过", new() { Exact = true }).CheckAsync();
        Assert.True(await channels.IsVisibleAsync());
        Assert.False(await inconvenience.IsVisibleAsync());
        await page.GetByLabel("网上提交", new() { Exact = true }).CheckAsync();
        Assert.True(await inconvenience.IsVisibleAsync());
        await page.GetByLabel("网上提交有什么不便？").FillAsync("手机上字太小");
        await page.GetByLabel("没有参与过").CheckAsync();
        Assert.False(await channels.IsVisibleAsync());
        Assert.False(await inconvenience.IsVisibleAsync());
        await page.GetByLabel("参与过", new() { Exact = true }).CheckAsync();
        await BrowserFixture.SnapAsync(page, "q1-conditional");

        // The page saves itself; the respondent closes it without pressing anything.
        await Assertions.Expect(page.Locator("#autosave-status")).ToHaveTextAsync(Texts.Get("Questionnaire.AutoSaved"));
        await page.Context.CloseAsync();

        // Later, on another phone, the resume link brings the answers back.
        var later = await sites.NewPageAsync(phone: true);
        await later.GotoAsync(resumeUrl);
        Assert.True(await later.GetByLabel("参与过", new() { Exact = true }).IsCheckedAsync());
        Assert.True(await later.GetByLabel("网上提交", new() { Exact = true }).IsCheckedAsync());
        Assert.Equal("手机上字太小", await later.GetByLabel("网上提交有什么不便？").InputValueAsync());

        await later.GetByRole(AriaRole.Button, new() { Name = "下一页" }).ClickAsync();
        Assert.Equal(Texts.Get("Questionnaire.Progress", 2, 2), (await later.Locator("#progress").TextContentAsync())!.Trim());
        // Submitting without the required scale item: the message is beside it.
        await later.GetByRole(AriaRole.Button, new() { Name = "提交问卷" }).ClickAsync();
        Assert.Contains(Texts.Get("Answer.ChooseRequired"), await later.Locator("#question-q4-error").TextContentAsync());
        await later.GetByLabel("同意", new() { Exact = true }).CheckAsync();
        await later.GetByRole(AriaRole.Button, new() { Name = "提交问卷" }).ClickAsync();
        await later.WaitForURLAsync(new Regex("/Questionnaires/Submitted/"));
        await BrowserFixture.SnapAsync(later, "q2-submitted");

        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var stored = (await conn.QueryAsync<string>(
            """
            select i.key || '=' || a.code from answer a join question_item i on i.id = a.item_id
            join response r on r.id = a.response_id where r.questionnaire_id = @id order by i.key, a.code
            """, new { id })).ToList();
        Assert.Equal(["q1=1", "q2=3", "q4=4"], stored);
        Assert.Equal("手机上字太小", await conn.ExecuteScalarAsync<string>(
            "select t.text from answer_text t join response r on r.id = t.response_id where r.questionnaire_id = @id", new { id }));
    }
}
