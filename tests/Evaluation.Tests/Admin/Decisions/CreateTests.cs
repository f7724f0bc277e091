using Dapper;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Decisions;

public class CreateTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private static Dictionary<string, string?> DecisionForm(string title, string? number = null, string summary = "**摘要**") => new()
    {
        ["Input.Title"] = title,
        ["Input.DocumentNumber"] = number,
        ["Input.Kind"] = "normative_document",
        ["Input.IssuingBody"] = "任丘市人民政府",
        ["Input.IssuedOn"] = "2024-03-01",
        ["Input.EffectiveOn"] = "2024-04-01",
        ["Input.ValidUntil"] = "2029-03-31",
        ["Input.SummaryMd"] = summary,
        ["Input.FullText"] = "第一条 为了……",
    };

    [Fact]
    public async Task Staff_register_a_decision_with_its_Markdown_summary_kept_as_typed_and_audited()
    {
        var (client, userName) = await sites.SignedInAsync("organizer");
        var response = await client.SubmitAsync("/Decisions/Create",
            DecisionForm("任丘市城市绿化管理办法", "任政规〔2024〕7号", "<p>绿化</p><script>alert(1)</script><img src=x onerror=alert(2)>"));

        Assert.StartsWith("/Decisions/Details/", response.RequestMessage!.RequestUri!.AbsolutePath);
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var row = await conn.QuerySingleAsync<(long Id, string SummaryMd, DateTime? ValidUntil)>(
            "select id, summary_md, valid_until from decision where document_number = '任政规〔2024〕7号'");
        Assert.Equal("<p>绿化</p><script>alert(1)</script><img src=x onerror=alert(2)>", row.SummaryMd);   // shown as text: MarkdownTextsTests
        var audit = await conn.QuerySingleAsync<(string Actor, string Title)>(
            "select actor_name, after ->> 'title' from audit_log where entity = 'decision' and entity_id = @id::text and action = 'create'", new { id = row.Id });
        Assert.Equal((userName, "任丘市城市绿化管理办法"), audit);
    }

    [Fact]
    public async Task Bad_decision_input_is_shown_on_the_form_and_nothing_is_written()
    {
        var (client, _) = await sites.SignedInAsync("organizer");
        var form = DecisionForm("", "任政规〔2024〕8号");
        form["Input.EffectiveOn"] = "2024-01-01";
        var page = await (await client.SubmitAsync("/Decisions/Create", form)).ReadHtmlAsync();

        Assert.Contains(Texts.Get("Validation.Required", Texts.Get("Decision.Title")), page.Body!.TextContent);
        Assert.Contains(Texts.Get("Decision.EffectiveBeforeIssued"), page.Body.TextContent);
        Assert.Equal("任政规〔2024〕8号", page.QuerySelector("#Input_DocumentNumber")!.GetAttribute("value"));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from decision where document_number = '任政规〔2024〕8号'"));
    }

    [Fact]
    public async Task A_document_number_is_used_once()
    {
        var (client, _) = await sites.SignedInAsync("organizer");
        await client.SubmitAsync("/Decisions/Create", DecisionForm("第一个", "任政规〔2024〕9号"));
        var page = await (await client.SubmitAsync("/Decisions/Create", DecisionForm("第二个", "任政规〔2024〕9号"))).ReadHtmlAsync();
        Assert.Contains(Texts.Get("Decision.DocumentNumber.Taken"), page.Body!.TextContent);
    }

    [Fact]
    public async Task Legal_reviewers_may_not_register_a_decision()
    {
        var (client, _) = await sites.SignedInAsync("legal_reviewer");
        Assert.Equal("/Account/AccessDenied", (await client.GetAsync("/Decisions/Create")).RequestMessage!.RequestUri!.AbsolutePath);
    }
}
