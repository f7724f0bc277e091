using AngleSharp.Html.Dom;
using Dapper;
using Evaluation.Tests.Admin.Results;
using Evaluation.Tests.Admin.Reviews;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Localization;

/// <summary>Pages of both sites in English hold no Chinese but what users and the database wrote: the test data below
/// (decision, consultation, questionnaire, opinion) and the names of the areas and departments, which are place and
/// office names kept as they are.</summary>
public class EnglishPagesTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private const string OpinionBody = "关于停车收费的意见";

    /// <summary>What the tests wrote (TestData, QuestionnaireData.OnePage) and the link back to Chinese.</summary>
    private static readonly string[] TestContent =
        ["测试决策", "测试征求意见", "测试问卷", "说明", "摘要", "全文", "评价", "总体满意度", "建议", OpinionBody];

    /// <summary>What PublishedResults wrote: the decision, the meeting, the report, the redacted opinion (its masked
    /// numbers around the words) and its disposition, the attachments.</summary>
    private static readonly string[] ResultsContent =
        ["公共停车管理办法", "停车管理办法实施情况征求意见", "评估认为办法总体可行，建议修改收费条款。", "责成司法局牵头修改收费条款。",
         "收费标准与上位法不一致。", "免费时长延长至30分钟。", "公开座谈会纪要.pdf", "市政府第12次常务会议", "我是新华路居民，身份证",
         "，电话", "，建议延长免费停车时间到30分钟。", "停车位太少", "张三、李四等居民代表", "座谈会纪要：张三发言"];

    private async Task<string[]> UserContentAsync()
    {
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var names = await conn.QueryAsync<string>("select name from region union all select name from department");
        // The class's tests share one database and run in any order: what one wrote is on the other's pages.
        return [.. TestContent, .. ResultsContent, .. LaterStagesContent, .. names];
    }

    private async Task<HttpClient> EnglishAsync(HttpClient client)
    {
        var response = await client.GetAsync("/language?culture=en&returnUrl=%2F");
        Assert.True(response.IsSuccessStatusCode);
        return client;
    }

    /// <summary>The Chinese left on a page once user content, scripts, what staff edit (text areas, such as the Chinese
    /// keywords that match Chinese opinions) and the link to Chinese (lang="zh-CN") are taken out: each with some words
    /// around it.</summary>
    private static List<string> ChineseOn(IHtmlDocument page, string[] userContent)
    {
        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        foreach (var e in page.QuerySelectorAll("script, style, textarea, [lang^='zh']").ToList()) e.Remove();
        var texts = new List<string> { page.Title ?? "", page.Body!.TextContent };
        foreach (var e in page.QuerySelectorAll("[title], [aria-label], [placeholder], [alt], input[type=submit][value]"))
            foreach (var attribute in new[] { "title", "aria-label", "placeholder", "alt", "value" })
                if (e.GetAttribute(attribute) is { } value && (attribute != "value" || e.GetAttribute("type") == "submit")) texts.Add(value);
        var text = string.Join("\n", texts);
        foreach (var content in userContent.OrderByDescending(c => c.Length)) text = text.Replace(content, " ");
        return ResourceParityTests.Cjk().Matches(text)
            .Select(m => text.Substring(Math.Max(0, m.Index - 30), Math.Min(60, text.Length - Math.Max(0, m.Index - 30))).ReplaceLineEndings(" "))
            .Distinct().Take(10).ToList();
    }

    private async Task AssertEnglishAsync(HttpClient client, string url, string[] userContent)
    {
        var page = await client.GetHtmlAsync(url);
        var chinese = ChineseOn(page, userContent);
        Assert.True(chinese.Count == 0, $"Chinese on {url}:\n{string.Join("\n", chinese)}");
    }

    [Fact]
    public async Task Portal_pages_in_English_hold_no_Chinese_outside_user_content()
    {
        var content = await UserContentAsync();
        var questionnaire = await sites.PublishedQuestionnaireAsync(QuestionnaireData.OnePage());
        var consultation = await sites.DataSource.ScalarAsync<long>("select consultation_id from questionnaire where id = @questionnaire", new { questionnaire });
        var decision = await sites.DataSource.ScalarAsync<long>("select decision_id from consultation where id = @consultation", new { consultation });
        var client = await EnglishAsync(sites.Portal.Browser());

        foreach (var url in new[] { "/", "/Decisions", $"/Decisions/{decision}", $"/Consultations/{consultation}", "/Lookup", "/Results", "/Privacy", $"/Questionnaires/{questionnaire}", "/no-such-page" })
        {
            if (url == "/no-such-page")
            {
                var missing = await client.GetAsync(url);
                var chinese = ChineseOn(await missing.ReadHtmlAsync(), content);
                Assert.True(chinese.Count == 0, $"Chinese on the 404 page:\n{string.Join("\n", chinese)}");
                continue;
            }
            await AssertEnglishAsync(client, url, content);
        }

        // An opinion through the form: the receipt, then the look-up of its number.
        var submitted = await client.SubmitAsync($"/Consultations/{consultation}", new Dictionary<string, string?>
        {
            ["Input.RespondentType"] = "citizen", ["Input.RegionCode"] = "chuan", ["Input.Body"] = OpinionBody,
        });
        var receiptUrl = submitted.RequestMessage!.RequestUri!.AbsolutePath;
        Assert.StartsWith("/Receipt/", receiptUrl);
        await AssertEnglishAsync(client, receiptUrl, content);
        var number = (await client.GetHtmlAsync(receiptUrl)).Text("#receipt-number");
        var lookup = await client.SubmitAsync("/Lookup", new Dictionary<string, string?> { ["ReceiptNumber"] = number });
        var found = ChineseOn(await lookup.ReadHtmlAsync(), content);
        Assert.True(found.Count == 0, $"Chinese on the look-up result:\n{string.Join("\n", found)}");

        // A form sent back with errors: the messages are English too.
        var refused = await client.SubmitAsync($"/Consultations/{consultation}", new Dictionary<string, string?> { ["Input.Body"] = "" });
        var refusedPage = await refused.ReadHtmlAsync();
        Assert.NotNull(refusedPage.QuerySelector(".error, .field-validation-error, [role=alert]"));
        var messages = ChineseOn(refusedPage, content);
        Assert.True(messages.Count == 0, $"Chinese on the refused form:\n{string.Join("\n", messages)}");

        // A published result (Art. 7): the decision, the meeting, the work, the conclusions and the dispositions by theme.
        var published = await sites.PublishedAsync();
        await AssertEnglishAsync(client, $"/Results/{published.Setup.Project}", content);

        // The questionnaire: answering page and its receipt.
        var (answering, answerUrl) = await StartInEnglishAsync(questionnaire);
        await AssertEnglishAsync(answering, answerUrl, content);
        var done = await answering.SubmitAsync(answerUrl, new Dictionary<string, string?> { ["a.q1"] = "4", ["nav"] = "submit" });
        Assert.StartsWith("/Questionnaires/Submitted/", done.RequestMessage!.RequestUri!.AbsolutePath);
        var thanks = ChineseOn(await done.ReadHtmlAsync(), content);
        Assert.True(thanks.Count == 0, $"Chinese on the questionnaire receipt:\n{string.Join("\n", thanks)}");
    }

    private async Task<(HttpClient Client, string Url)> StartInEnglishAsync(long questionnaire)
    {
        var client = await EnglishAsync(sites.Portal.Browser());
        var response = await client.SubmitAsync($"/Questionnaires/{questionnaire}",
            new Dictionary<string, string?> { ["Input.RespondentType"] = "citizen", ["Input.RegionCode"] = "chuan" }, "form[action*='handler=Start']");
        return (client, response.RequestMessage!.RequestUri!.PathAndQuery);
    }

    /// <summary>What the later stages' test data wrote (ReviewData, the plan, the follow-up action below).</summary>
    private static readonly string[] LaterStagesContent =
        ["测试评估项目", "第1版：评估工作基本情况", "实施情况与制度设计分析", "结论与建议：建议修改第五条", "其他事项", "建议修改",
         "市政府第5次常务会议", "同意修改", "任政字〔2030〕1号", FollowUpWhat,
         "停车", "收费"]; // the keywords the findings draw from the opinion

    private const string FollowUpWhat = "修订实施细则";

    [Fact]
    public async Task Admin_pages_in_English_hold_no_Chinese_outside_user_content()
    {
        // The published results (the Portal test makes them too) are there in either order.
        await sites.PublishedAsync();
        var content = await UserContentAsync();
        var anonymous = await EnglishAsync(sites.Admin.Browser());
        await AssertEnglishAsync(anonymous, "/Account/Login", content);

        var consultation = await sites.ConsultationAsync();
        var opinion = await TestData.OpinionAsync(sites, consultation, OpinionBody);
        var questionnaire = await sites.PublishedQuestionnaireAsync(QuestionnaireData.OnePage());
        var (project, actions) = await sites.DataSource.ProjectInFollowUpAsync((FollowUpWhat, "任丘市司法局", new DateOnly(2030, 6, 30)));
        var review = await sites.DataSource.ScalarAsync<long>("select id from legality_review where project_id = @project", new { project });
        var plan = await sites.DataSource.PlanAsync(2030, "approved");
        await sites.DataSource.PlanItemAsync(plan, await sites.DataSource.DecisionAsync());
        var (admin, _) = await sites.SignedInAsync("administrator");
        await EnglishAsync(admin);

        // Every page, then one message naming all that still hold Chinese.
        var failures = new List<string>();
        foreach (var url in new[] { "/", "/Decisions", "/Projects", "/Plans", "/Reminders", "/Feedback", "/DataRequests",
                     "/Users", "/Departments", "/Audit", $"/Consultations/Details/{consultation}", $"/Opinions?consultationId={consultation}",
                     $"/Opinions/Details/{opinion}", "/Account/ChangePassword", "/Performance", "/Coding/Keywords", "/Mail/Queue", "/FollowUps",
                     $"/FollowUps/Details/{actions[0]}", "/Reviews", $"/Reviews/Details/{review}", $"/Plans/Details/{plan}",
                     $"/Projects/Details/{project}", $"/Projects/Plan/{project}", $"/Projects/Team/{project}", $"/Projects/Decision/{project}", $"/Projects/CostBenefit/{project}",
                     $"/Reports/{project}", $"/Dispositions/{project}", $"/Findings/consultation/{consultation}", $"/Findings/project/{project}",
                     $"/Questionnaires/Details/{questionnaire}" })
        {
            var chinese = ChineseOn(await admin.GetHtmlAsync(url), content);
            if (chinese.Count > 0) failures.Add($"{url}:\n{string.Join("\n", chinese)}");
        }
        Assert.True(failures.Count == 0, $"Chinese on the English pages:\n{string.Join("\n\n", failures)}");
    }
}
