using System.Text.RegularExpressions;
using Evaluation.Tests.Infrastructure;
using Microsoft.Playwright;

using Q = Evaluation.Shared.Questionnaires.Question;
using T = Evaluation.Shared.Questionnaires.QuestionTypes;

namespace Evaluation.Tests.Browser;

/// <summary>Issue 14: the opinion form and the look-up work with the keyboard alone, with visible focus; the large-text,
/// high-contrast mode is remembered and its layout holds on a 360 px phone and at 200% zoom; the receipt prints
/// cleanly.</summary>
[Collection(BrowserCollection.Name)]
public class KeyboardAndDisplayTests(BrowserFixture sites) : IClassFixture<BrowserFixture>
{
    /// <summary>Presses Tab until the focus is on an element matching the selector (at most 40 times), as a keyboard
    /// user moves through a page, and checks that the focus can be seen.</summary>
    private static async Task TabToAsync(IPage page, string selector)
    {
        for (var i = 0; i < 40; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector))
            {
                var outline = await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle");
                Assert.True(outline != "none", $"no visible focus on {selector}");
                return;
            }
        }
        Assert.Fail($"{selector} cannot be reached with Tab");
    }

    [Fact]
    public async Task A_citizen_submits_an_opinion_and_looks_it_up_with_the_keyboard_alone()
    {
        var consultation = await sites.ConsultationAsync(title: "关于公交线路调整的意见征集");
        var page = await sites.NewPageAsync();
        await page.GotoAsync($"{sites.PortalUrl}/Consultations/{consultation}");

        await TabToAsync(page, "input[name='Input.RespondentType']");
        await page.Keyboard.PressAsync("Space");
        await TabToAsync(page, "select[name='Input.RegionCode']");
        await page.Keyboard.PressAsync("ArrowDown");
        await TabToAsync(page, "textarea[name='Input.Body']");
        await page.Keyboard.TypeAsync("建议保留 3 路公交的夜班车次。");
        await TabToAsync(page, "main form button[type=submit]");
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync(new Regex("/Receipt/"));
        var receipt = (await page.Locator("#receipt-number").TextContentAsync())!.Trim();
        Assert.Equal(1, await sites.DataSource.ScalarAsync<int>(
            "select count(*)::int from opinion where consultation_id = @consultation and body = '建议保留 3 路公交的夜班车次。'", new { consultation }));

        await page.GotoAsync($"{sites.PortalUrl}/Lookup");
        await TabToAsync(page, "input[name=ReceiptNumber]");
        await page.Keyboard.TypeAsync(receipt);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#lookup-result");
        Assert.Contains("建议保留 3 路公交的夜班车次。", await page.Locator("#lookup-result").TextContentAsync());
    }

    [Fact]
    public async Task A_questionnaire_with_every_question_type_is_answered_with_the_keyboard_alone()
    {
        var definition = new Evaluation.Shared.Questionnaires.Definition([new Evaluation.Shared.Questionnaires.Section("s1", "评价", null, null,
        [
            new Q("q1", T.Single, "您是否参与过意见征集？", Required: true, Options: QuestionnaireData.Options("参与过", "没有参与过")),
            new Q("q2", T.Multiple, "您通过哪些渠道提交过意见？", Required: true, Options: QuestionnaireData.Options("信函", "传真", "网上提交")),
            new Q("q3", T.Likert, "《办法》的规定符合法律法规。", Required: true, Criterion: "legality", Period: "after"),
            new Q("q4", T.Matrix, "对以下方面的满意程度", Required: true, Scale: "satisfaction",
                MatrixRows: [new Evaluation.Shared.Questionnaires.MatrixRow("r1", "办事效率"), new Evaluation.Shared.Questionnaires.MatrixRow("r2", "服务态度")]),
            new Q("q5", T.Ranking, "请按重要程度排序", Required: true, Options: QuestionnaireData.Options("价格", "便利", "安全")),
            new Q("q6", T.ShortText, "一句话建议", Required: true),
            new Q("q7", T.LongText, "详细意见"),
            new Q("q8", T.Number, "您所在单位的人数", Required: true, Min: 0, Max: 100000),
            new Q("q9", T.Region, "您工作的地区", Required: true),
            new Q("q10", T.Date, "您最近一次办事的日期"),
        ])]);
        var id = await sites.PublishedQuestionnaireAsync(definition, title: "键盘填写问卷");
        var page = await sites.NewPageAsync();
        await page.GotoAsync($"{sites.PortalUrl}/Questionnaires/{id}");
        await TabToAsync(page, "input[name='Input.RespondentType']");
        await page.Keyboard.PressAsync("Space");
        await TabToAsync(page, "select[name='Input.RegionCode']");
        await page.Keyboard.PressAsync("ArrowDown");
        await TabToAsync(page, "main form button[type=submit]");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex($"/Questionnaires/{id}/Answer/"));

        // Through the page with Tab alone: each control is operated as a keyboard user would, until the submit button.
        var done = new HashSet<string>();
        var ranks = 0;
        for (var i = 0; i < 120; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string[]>(
                "() => { const e = document.activeElement; return [e.tagName, e.type || '', e.name || '', e.inputMode || '']; }");
            var (tag, type, name, mode) = (focused[0], focused[1], focused[2], focused[3]);
            if (tag == "BUTTON" && name == "nav" && await page.EvaluateAsync<string>("() => document.activeElement.value") == "submit")
            {
                await page.Keyboard.PressAsync("Enter");
                // Submitted, or back with the errors marked.
                await page.WaitForFunctionAsync("() => location.pathname.includes('/Submitted/') || document.querySelector('fieldset.has-error, .validation-summary-errors') !== null");
                break;
            }
            if (!name.StartsWith(Evaluation.Shared.Questionnaires.AnswerSet.FieldPrefix, StringComparison.Ordinal)) continue;
            switch (tag, type)
            {
                case ("INPUT", "radio" or "checkbox") when done.Add(name):
                    await page.Keyboard.PressAsync("Space");
                    break;
                case ("INPUT", "date") when done.Add(name):
                    // Each part of the date (year, month, day, in the locale's order) set with the arrow keys.
                    for (var part = 0; part < 3; part++)
                    {
                        await page.Keyboard.PressAsync("ArrowUp");
                        if (part < 2) await page.Keyboard.PressAsync("ArrowRight");
                    }
                    Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", await page.EvaluateAsync<string>("() => document.activeElement.value"));
                    break;
                case ("INPUT", "text") when done.Add(name):
                    await page.Keyboard.TypeAsync(mode == "decimal" ? "12" : "用键盘填写");
                    break;
                case ("TEXTAREA", _) when done.Add(name):
                    await page.Keyboard.TypeAsync("用键盘填写的详细意见");
                    break;
                case ("SELECT", _) when done.Add(name):
                    // A ranking's options get ranks 1, 2, 3 in turn; the region its first place.
                    var presses = name.Contains("q5", StringComparison.Ordinal) ? ++ranks : 1;
                    for (var p = 0; p < presses; p++) await page.Keyboard.PressAsync("ArrowDown");
                    break;
            }
        }

        var errors = string.Join(" / ", await page.Locator(".field-error:visible, .validation-summary-errors").AllInnerTextsAsync());
        Assert.True(page.Url.Contains("/Questionnaires/Submitted/", StringComparison.Ordinal), $"not submitted (answered {string.Join(", ", done)}): {errors}");
        var answered = await sites.DataSource.ScalarAsync<int>(
            """
            select count(distinct split_part(i.key, '.', 1))::int
            from (select response_id, item_id from answer union all select response_id, item_id from answer_text) a
            join question_item i on i.id = a.item_id join response r on r.id = a.response_id where r.questionnaire_id = @id
            """, new { id });
        Assert.Equal(10, answered);
        Assert.Equal(2, await sites.DataSource.ScalarAsync<int>(
            """
            select count(*)::int from answer a join question_item i on i.id = a.item_id join response r on r.id = a.response_id
            where r.questionnaire_id = @id and i.key like 'q4.%'
            """, new { id }));
    }

    [Fact]
    public async Task The_large_text_mode_is_remembered_and_holds_on_a_phone_and_at_200_percent_zoom()
    {
        var consultation = await sites.ConsultationAsync(title: "关于老年人优待政策的意见征集");
        foreach (var (width, height) in new[] { (360, 740), (640, 450) }) // a small phone; a 1280 × 900 screen at 200%
        {
            var context = await sites.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = "zh-CN" });
            context.SetDefaultTimeout(90_000);
            var page = await context.NewPageAsync();
            await page.GotoAsync($"{sites.PortalUrl}/Lookup");
            await page.ClickAsync("#display-mode");
            await page.WaitForURLAsync(new Regex("/Lookup$"));
            Assert.Equal("large", await page.GetAttributeAsync("body", "class"));
            Assert.Equal(Texts.Get("Layout.Display.Standard"), (await page.Locator("#display-mode").TextContentAsync())!.Trim());
            foreach (var path in new[] { "/", $"/Consultations/{consultation}", "/Lookup", "/Decisions", "/Results" })
            {
                await page.GotoAsync(sites.PortalUrl + path);
                Assert.Equal("large", await page.GetAttributeAsync("body", "class")); // remembered
                Assert.True(await page.EvaluateAsync<int>("() => getComputedStyle(document.body).fontSize.replace('px', '') | 0") >= 20);
                var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
                Assert.True(overflow <= 0, $"{path} scrolls sideways by {overflow} px at {width} px wide");
            }
            // And back to the standard display.
            await page.ClickAsync("#display-mode");
            await page.WaitForLoadStateAsync();
            Assert.NotEqual("large", await page.GetAttributeAsync("body", "class"));
            await context.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_receipt_prints_without_navigation_or_buttons()
    {
        var consultation = await sites.ConsultationAsync();
        var accepted = await sites.AcceptedOpinionAsync(new Evaluation.Shared.Opinions.NewOpinion(consultation, "online", "citizen", null, null, "chuan", "打印回执的测试意见。", false));
        var page = await sites.NewPageAsync();
        await page.GotoAsync($"{sites.PortalUrl}/Receipt/{accepted.ReceiptNumber}");
        Assert.True(await page.Locator("header.site nav").IsVisibleAsync());

        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        Assert.True(await page.Locator("#receipt-number").IsVisibleAsync());
        foreach (var hidden in new[] { "header.site nav", "#display-mode", "header.site a.language", "footer.site" })
            Assert.False(await page.Locator(hidden).IsVisibleAsync(), $"{hidden} is printed");
        Assert.Equal(0, await page.Locator("main button:visible, main .button:visible").CountAsync());
        var pdf = await page.PdfAsync(new PagePdfOptions { Format = "A4" });
        Assert.True(pdf.Length > 1000);
    }
}
