using Evaluation.Shared.Questionnaires;
using Evaluation.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Evaluation.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class FindingsBrowserTests(BrowserFixture sites) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_charts_draw_under_the_content_security_policy()
    {
        var consultation = await sites.ConsultationAsync();
        var questionnaire = await sites.PublishedQuestionnaireAsync(new([new Section("s1", "评价", null, null,
            [new Question("q1", QuestionTypes.Likert, "符合法律法规", Criterion: "legality")])]), consultationId: consultation);
        await sites.DataSource.AddResponsesAsync(questionnaire, Enumerable.Range(0, 40)
            .Select(i => (i % 3 == 0 ? "enterprise" : "citizen", i % 2 == 0 ? "chuan" : "qingta", new Dictionary<string, int> { ["q1"] = 1 + i % 5 })));
        await sites.DataSource.StaffAsync("fenxi", "analysis password", "evaluation_staff");

        var page = await sites.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") problems.Add(m.Text + " @ " + m.Location); };
        page.RequestFailed += (_, r) => problems.Add("failed " + r.Url);
        page.Response += (_, r) => { if (r.Status >= 400) problems.Add($"{r.Status} {r.Url}"); };
        page.PageError += (_, e) => problems.Add(e);
        await page.GotoAsync($"{sites.AdminUrl}/Account/Login?ReturnUrl=/Findings/consultation/{consultation}");
        await page.GetByLabel("用户名").FillAsync("fenxi");
        await page.GetByLabel("密码").FillAsync("analysis password");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync($"**/Findings/consultation/{consultation}");

        await Assertions.Expect(page.Locator(".chart svg").First).ToBeVisibleAsync();
        Assert.True(await page.Locator(".chart svg").CountAsync() >= 1);
        await BrowserFixture.SnapAsync(page, "findings");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
