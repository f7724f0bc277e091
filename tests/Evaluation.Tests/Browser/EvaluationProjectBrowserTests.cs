using System.Text.RegularExpressions;
using Evaluation.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Evaluation.Tests.Browser;

/// <summary>An evaluator takes a new project from creation through preparation and implementation to the conclusion
/// stage in a real browser, seeing each refusal say what is missing (Art. 17-19).</summary>
[Collection(BrowserCollection.Name)]
public class EvaluationProjectBrowserTests(BrowserFixture sites) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_evaluator_takes_a_project_from_creation_to_the_conclusion_stage()
    {
        var decision = await sites.DataSource.DecisionAsync("任丘市停车管理办法");
        await sites.ConsultationAsync(decision, title: "停车管理办法实施情况意见征集");
        await sites.DataSource.StaffAsync("pinggu.zhao", "staff password 1", "evaluation_staff");
        // A colleague of the agency, added to the team by the evaluator, reviews the conclusions the evaluator generated (issue 23).
        var colleague = await sites.DataSource.StaffAsync("pinggu.qian", "staff password 2", "evaluation_staff");

        var page = await sites.NewPageAsync();
        await page.GotoAsync($"{sites.AdminUrl}/Projects");
        await page.GetByLabel("用户名").FillAsync("pinggu.zhao");
        await page.GetByLabel("密码").FillAsync("staff password 1");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/Projects$"));

        await page.GetByRole(AriaRole.Link, new() { Name = Texts.Get("Project.Create") }).ClickAsync();
        await page.GetByLabel(Texts.Get("Project.Decision")).SelectOptionAsync(new SelectOptionValue { Label = "任丘市停车管理办法" });
        await page.GetByLabel(Texts.Get("Project.Title")).FillAsync("停车管理办法实施后评估");
        await page.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Project.Create.Submit") }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/Projects/Details/\d+$"));
        var project = page.Url[(page.Url.LastIndexOf('/') + 1)..];

        // Preparation: the refusal names what is missing.
        await page.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Project.Advance", Texts.Get("Stage.implementation")) }).ClickAsync();
        var alert = page.GetByRole(AriaRole.Alert);
        Assert.Contains(Texts.Get("Stage.Missing.Team"), await alert.TextContentAsync());
        await BrowserFixture.SnapAsync(page, "project-1-refused");

        await page.GetByRole(AriaRole.Link, new() { Name = Texts.Get("Project.Team.Manage") }).ClickAsync();
        await page.GetByLabel(Texts.Get("Team.Staff")).SelectOptionAsync(new SelectOptionValue { Value = colleague.ToString() });
        await page.Locator("form[action*='handler=AddStaff'] button").ClickAsync();
        await page.GetByLabel(Texts.Get("Team.Kind")).SelectOptionAsync(new SelectOptionValue { Label = Texts.Get("TeamKind.legal_expert") });
        await page.GetByLabel(Texts.Get("Team.Name")).FillAsync("周法官");
        await page.Locator("form[action*='handler=AddOutside'] button").ClickAsync();
        Assert.Contains("周*", await page.Locator("table.list").TextContentAsync());

        await page.GotoAsync($"{sites.AdminUrl}/Projects/Plan/{project}");
        foreach (var (label, value) in new[]
                 {
                     ("ProjectPlan.Purpose", "检验实施效果"), ("ProjectPlan.ObjectAndContent", "办法全文"), ("ProjectPlan.StandardsAndMethods", "六项标准；问卷"),
                     ("ProjectPlan.StepsAndSchedule", "三个月"), ("ProjectPlan.Budget", "两万元"), ("ProjectPlan.Organization", "市司法局"),
                 })
            await page.GetByLabel(Texts.Get(label), new() { Exact = true }).FillAsync(value);
        await page.GetByLabel(Texts.Get("ProjectPlan.StartsOn")).FillAsync("2026-01-05");
        await page.GetByLabel(Texts.Get("ProjectPlan.EndsOn")).FillAsync("2026-04-30");
        await page.GetByRole(AriaRole.Button, new() { Name = Texts.Get("ProjectPlan.Save") }).ClickAsync();
        await page.GetByLabel(Texts.Get("Project.SurveyOutline"), new() { Exact = true }).FillAsync("一、执行情况；二、问题");
        await page.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Project.SurveyOutline.Save") }).ClickAsync();

        await page.GotoAsync($"{sites.AdminUrl}/Projects/Details/{project}");
        await page.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Project.Advance", Texts.Get("Stage.implementation")) }).ClickAsync();
        Assert.Equal(Texts.Get("Stage.implementation"), (await page.Locator("ol.stages li.current").TextContentAsync())!.Trim());

        // Implementation: before and after, then the conclusions generated and reviewed.
        foreach (var period in new[] { "before", "after" })
        {
            await page.GotoAsync($"{sites.AdminUrl}/Projects/Method/{project}");
            await page.GetByLabel(Texts.Get("Method.Method")).SelectOptionAsync(new SelectOptionValue { Label = Texts.Get("Method.symposium") });
            await page.GetByLabel(Texts.Get("Method.HeldOn")).FillAsync("2026-02-10");
            await page.GetByLabel(Texts.Get("Method.Period"), new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = Texts.Get($"Period.{period}") });
            await page.GetByLabel(Texts.Get("Method.Summary")).FillAsync($"座谈会纪要（{period}）");
            await page.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Method.Save") }).ClickAsync();
            await page.WaitForURLAsync(new Regex(@"/Projects/Details/\d+"));
        }
        await page.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Project.Conclusions.Generate") }).ClickAsync();
        Assert.True(await page.Locator("#conclusions-who-reviews").IsVisibleAsync());   // not the generator's to review
        var reviewer = await sites.NewPageAsync();
        await reviewer.GotoAsync($"{sites.AdminUrl}/Projects/Details/{project}");
        await reviewer.GetByLabel("用户名").FillAsync("pinggu.qian");
        await reviewer.GetByLabel("密码").FillAsync("staff password 2");
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await reviewer.GetByLabel(Texts.Get("Project.Conclusions.ReviewNote")).FillAsync("与座谈情况一致");
        await reviewer.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Project.Conclusions.Review") }).ClickAsync();
        await reviewer.WaitForURLAsync(new Regex(@"/Projects/Details/\d+"));
        await page.ReloadAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Project.Advance", Texts.Get("Stage.conclusion")) }).ClickAsync();
        await BrowserFixture.SnapAsync(page, "project-2-conclusion");
        Assert.Equal(Texts.Get("Stage.conclusion"), (await page.Locator("ol.stages li.current").TextContentAsync())!.Trim());
        Assert.Equal("conclusion", await sites.DataSource.ScalarAsync<string>("select stage from evaluation_project where id = @id", new { id = long.Parse(project) }));
    }
}
