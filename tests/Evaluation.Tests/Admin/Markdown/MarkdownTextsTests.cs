using AngleSharp.Html.Dom;
using Evaluation.Shared.Web;
using Evaluation.Tests.Infrastructure;
using Resx = Evaluation.Tests.Infrastructure.Texts;

namespace Evaluation.Tests.Admin.Markdown;

/// <summary>Issue 23: a decision's summary, a consultation's description and a questionnaire's introduction are
/// written as plain text or Markdown, rendered and sanitized on every page, never taken as HTML.</summary>
public class MarkdownTextsTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private const string Summary = "本办法**有效期两年**。\n\n- 分类投放\n- 分类收集\n\n<script>alert(1)</script> [点此](javascript:alert(2)) [原文](https://www.renqiu.gov.cn/)";

    /// <summary>The Markdown rendered (bold, list, web link), the typed HTML as text, the javascript: link gone.</summary>
    private static void AssertRendered(IHtmlDocument page, string what)
    {
        var rich = page.QuerySelectorAll(".rich").FirstOrDefault(e => e.TextContent.Contains("有效期两年"));
        Assert.True(rich is not null, $"{what}: no summary");
        Assert.Equal("有效期两年", rich!.QuerySelector("strong")?.TextContent);
        Assert.Equal(["分类投放", "分类收集"], rich.QuerySelectorAll("li").Select(li => li.TextContent));
        Assert.Contains("<script>alert(1)</script>", rich.TextContent);
        Assert.Empty(page.QuerySelectorAll("main script"));
        Assert.DoesNotContain(page.QuerySelectorAll("main a[href]"), a => a.GetAttribute("href")!.StartsWith("javascript", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(rich.QuerySelectorAll("a[href]"), a => a.GetAttribute("href") == "https://www.renqiu.gov.cn/");
    }

    [Fact]
    public async Task A_summary_and_a_description_written_in_Markdown_render_on_the_Portal_and_in_Admin_with_typed_HTML_as_text()
    {
        var (client, _) = await sites.SignedInAsync("organizer");
        var form = await client.GetHtmlAsync("/Decisions/Create");
        Assert.Contains(Resx.Get("Markdown.Hint"), form.Body!.TextContent);
        Assert.Contains("Markdown", Resx.Get("Markdown.Hint"));
        var created = await client.SubmitAsync("/Decisions/Create", new Dictionary<string, string?>
        {
            ["Input.Title"] = "任丘市生活垃圾分类管理办法", ["Input.DocumentNumber"] = "任政规〔2024〕11号", ["Input.Kind"] = "normative_document",
            ["Input.IssuingBody"] = "任丘市人民政府", ["Input.IssuedOn"] = "2024-03-01", ["Input.EffectiveOn"] = "2024-04-01",
            ["Input.SummaryMd"] = Summary, ["Input.FullText"] = "第一条 为了……",
        });
        var decisionPath = created.RequestMessage!.RequestUri!.AbsolutePath;
        Assert.StartsWith("/Decisions/Details/", decisionPath);
        var decision = long.Parse(decisionPath.Split('/')[^1]);
        Assert.Equal(Summary, await sites.DataSource.ScalarAsync<string>("select summary_md from decision where id = @decision", new { decision }));
        AssertRendered(await client.GetHtmlAsync(decisionPath), "admin decision");

        var consultationPage = await client.SubmitAsync($"/Consultations/Create?decisionId={decision}", new Dictionary<string, string?>
        {
            ["Input.Title"] = "垃圾分类办法征求意见",
            ["Input.DescriptionMd"] = "欢迎就**分类标准**提出意见。\n\n<img src=x onerror=alert(3)>",
            ["Input.OpensAt"] = Display.InputValue(sites.Now.AddHours(-1)),
            ["Input.ClosesAt"] = Display.InputValue(sites.Now.AddDays(30)),
        });
        var consultation = long.Parse(consultationPage.RequestMessage!.RequestUri!.AbsolutePath.Split('/')[^1]);
        var admin = await client.GetHtmlAsync($"/Consultations/Details/{consultation}");
        Assert.Contains(admin.QuerySelectorAll(".rich strong"), s => s.TextContent == "分类标准");
        Assert.Empty(admin.QuerySelectorAll("main img"));
        await sites.DataSource.ExecuteAsync("update consultation set state = 'open' where id = @consultation", new { consultation });

        var portal = sites.Portal.Browser();
        var decisionOnPortal = await portal.GetHtmlAsync($"/Decisions/{decision}");
        AssertRendered(decisionOnPortal, "portal decision");
        var consultationOnPortal = await portal.GetHtmlAsync($"/Consultations/{consultation}");
        AssertRendered(consultationOnPortal, "portal consultation");
        Assert.Contains(consultationOnPortal.QuerySelectorAll(".rich strong"), s => s.TextContent == "分类标准");
        Assert.Contains(consultationOnPortal.QuerySelectorAll(".rich"), r => r.TextContent.Contains("<img src=x onerror=alert(3)>"));
        Assert.Empty(consultationOnPortal.QuerySelectorAll("main img"));
        // The kept rendering (KeptPage) answers the next visitor with the same rendered text.
        var again = await sites.Portal.Browser().GetHtmlAsync($"/Consultations/{consultation}");
        AssertRendered(again, "portal consultation, kept");
    }

    [Fact]
    public async Task A_questionnaires_introduction_is_kept_as_typed_and_its_HTML_is_shown_as_text()
    {
        var (client, id) = await sites.QuestionnaireInBuilderAsync();
        Assert.Equal("<p>说明</p><script>x()</script>",
            await sites.DataSource.ScalarAsync<string>("select intro_md from questionnaire where id = @id", new { id }));
        var preview = await client.GetHtmlAsync($"/Questionnaires/Preview/{id}");
        Assert.Contains("<p>说明</p><script>x()</script>", preview.Text(".rich"));
        Assert.Empty(preview.QuerySelectorAll(".rich script"));
    }
}
