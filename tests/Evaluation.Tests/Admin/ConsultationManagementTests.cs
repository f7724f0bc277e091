using System.Net;
using System.Text;
using Dapper;
using Evaluation.Shared.Opinions;
using Evaluation.Shared.Respondents;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin;

public class ConsultationManagementTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private static Dictionary<string, string?> DecisionForm(string title, string? number = null, string summary = "<p>摘要</p>") => new()
    {
        ["Input.Title"] = title,
        ["Input.DocumentNumber"] = number,
        ["Input.Kind"] = "normative_document",
        ["Input.IssuingBody"] = "任丘市人民政府",
        ["Input.IssuedOn"] = "2024-03-01",
        ["Input.EffectiveOn"] = "2024-04-01",
        ["Input.ValidUntil"] = "2029-03-31",
        ["Input.SummaryHtml"] = summary,
        ["Input.FullText"] = "第一条 为了……",
    };

    [Fact]
    public async Task Staff_register_a_decision_with_its_summary_sanitized_and_audited()
    {
        var (client, userName) = await sites.SignedInAsync("organizer");
        var response = await client.SubmitAsync("/Decisions/Create",
            DecisionForm("任丘市城市绿化管理办法", "任政规〔2024〕7号", "<p>绿化</p><script>alert(1)</script><img src=x onerror=alert(2)>"));

        Assert.StartsWith("/Decisions/Details/", response.RequestMessage!.RequestUri!.AbsolutePath);
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var row = await conn.QuerySingleAsync<(long Id, string SummaryHtml, DateTime? ValidUntil)>(
            "select id, summary_html, valid_until from decision where document_number = '任政规〔2024〕7号'");
        Assert.Equal("<p>绿化</p>", row.SummaryHtml);
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

        Assert.Contains("请填写决策名称。", page.Body!.TextContent);
        Assert.Contains("施行日期不能早于印发日期。", page.Body.TextContent);
        Assert.Equal("任政规〔2024〕8号", page.QuerySelector("#Input_DocumentNumber")!.GetAttribute("value"));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from decision where document_number = '任政规〔2024〕8号'"));
    }

    [Fact]
    public async Task A_document_number_is_used_once()
    {
        var (client, _) = await sites.SignedInAsync("organizer");
        await client.SubmitAsync("/Decisions/Create", DecisionForm("第一个", "任政规〔2024〕9号"));
        var page = await (await client.SubmitAsync("/Decisions/Create", DecisionForm("第二个", "任政规〔2024〕9号"))).ReadHtmlAsync();
        Assert.Contains("该文号已被其他决策使用。", page.Body!.TextContent);
    }

    [Fact]
    public async Task Editing_a_decision_records_before_and_after()
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var id = await sites.DataSource.DecisionAsync("旧标题");
        var form = DecisionForm("新标题");
        await client.SubmitAsync($"/Decisions/Edit/{id}", form);
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        Assert.Equal("新标题", await conn.ExecuteScalarAsync<string>("select title from decision where id = @id", new { id }));
        var audit = await conn.QuerySingleAsync<(string Before, string After)>(
            "select before ->> 'title', after ->> 'title' from audit_log where entity = 'decision' and entity_id = @id::text and action = 'update'", new { id });
        Assert.Equal(("旧标题", "新标题"), audit);
    }

    [Fact]
    public async Task Legal_reviewers_change_nothing_and_see_no_department_s_consultations()
    {
        var (client, _) = await sites.SignedInAsync("legal_reviewer");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Decisions")).StatusCode);
        Assert.Equal("/Account/AccessDenied", (await client.GetAsync("/Decisions/Create")).RequestMessage!.RequestUri!.AbsolutePath);
        var consultation = await sites.DataSource.ConsultationAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Consultations/Details/{consultation}")).StatusCode);
    }

    [Fact]
    public async Task A_consultation_is_created_as_a_draft_opened_and_closed_and_each_step_is_audited()
    {
        var (client, _) = await sites.SignedInAsync("organizer");
        var decision = await sites.DataSource.DecisionAsync();
        var opens = DateTime.UtcNow.AddHours(8 - 1);   // China time, an hour ago
        var created = await client.SubmitAsync($"/Consultations/Create?decisionId={decision}", new Dictionary<string, string?>
        {
            ["Input.Title"] = "新的征求意见",
            ["Input.DescriptionHtml"] = "<p>说明</p>",
            ["Input.OpensAt"] = opens.ToString("yyyy-MM-ddTHH:mm"),
            ["Input.ClosesAt"] = opens.AddDays(30).ToString("yyyy-MM-ddTHH:mm"),
        });
        var detailsUrl = created.RequestMessage!.RequestUri!.AbsolutePath;
        var id = long.Parse(detailsUrl.Split('/')[^1]);
        Assert.Equal("draft", await sites.DataSource.ScalarAsync<string>("select state from consultation where id = @id", new { id }));
        Assert.Equal(HttpStatusCode.NotFound, (await sites.Portal.Browser().GetAsync($"/Consultations/{id}")).StatusCode);

        await client.SubmitAsync(detailsUrl, new Dictionary<string, string?>(), "form[action*='handler=Open']");
        Assert.Equal(HttpStatusCode.OK, (await sites.Portal.Browser().GetAsync($"/Consultations/{id}")).StatusCode);

        var closed = await (await client.SubmitAsync(detailsUrl, new Dictionary<string, string?>(), "form[action*='handler=Close']")).ReadHtmlAsync();
        Assert.Equal("已结束", closed.Text("#phase"));
        Assert.Equal("closed", await sites.DataSource.ScalarAsync<string>("select state from consultation where id = @id", new { id }));
        var refused = await sites.DataSource.SubmitAsync(sites.PersonalData, 
            new NewOpinion(id, Channels.Online, RespondentTypes.Citizen, null, null, "chuan", "迟到的意见", false), DateTime.UtcNow);
        Assert.IsType<SubmitResult.ConsultationNotOpen>(refused);

        var actions = (await (await sites.DataSource.OpenConnectionAsync()).QueryAsync<string>(
            "select action from audit_log where entity = 'consultation' and entity_id = @id::text order by id", new { id })).ToList();
        Assert.Equal(["create", "open", "close"], actions);
    }

    [Fact]
    public async Task A_window_that_ends_before_it_begins_is_refused()
    {
        var (client, _) = await sites.SignedInAsync("organizer");
        var decision = await sites.DataSource.DecisionAsync();
        var page = await (await client.SubmitAsync($"/Consultations/Create?decisionId={decision}", new Dictionary<string, string?>
        {
            ["Input.Title"] = "倒置的时间",
            ["Input.OpensAt"] = "2026-05-02T09:00",
            ["Input.ClosesAt"] = "2026-05-01T09:00",
        })).ReadHtmlAsync();
        Assert.Contains("截止时间必须晚于开始时间。", string.Join("|", page.QuerySelectorAll(".field-error").Select(e => e.TextContent)));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from consultation where title = '倒置的时间'"));
    }

    [Fact]
    public async Task Opinions_are_listed_with_filters_and_pages()
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var consultation = await sites.DataSource.ConsultationAsync();
        for (var i = 0; i < 55; i++)
        {
            await sites.DataSource.SubmitAsync(sites.PersonalData, new NewOpinion(consultation, Channels.Online,
                i % 5 == 0 ? RespondentTypes.Enterprise : RespondentTypes.Citizen, null, null, i % 2 == 0 ? "chuan" : "qingta", $"意见{i}", false), DateTime.UtcNow);
        }

        var all = await client.GetHtmlAsync($"/Opinions?consultationId={consultation}");
        Assert.Equal("共 55 条", all.Text("#opinion-total"));
        Assert.Equal(50, all.QuerySelectorAll("#opinions tbody tr").Length);
        var second = await client.GetHtmlAsync($"/Opinions?consultationId={consultation}&p=2");
        Assert.Equal(5, second.QuerySelectorAll("#opinions tbody tr").Length);

        var enterprisesInChuan = await client.GetHtmlAsync($"/Opinions?consultationId={consultation}&respondentType=enterprise&region=chuan");
        Assert.Equal("共 6 条", enterprisesInChuan.Text("#opinion-total"));
        var today = DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd");
        var tomorrow = DateTime.UtcNow.AddHours(8).AddDays(1).ToString("yyyy-MM-dd");
        Assert.Equal("共 55 条", (await client.GetHtmlAsync($"/Opinions?consultationId={consultation}&from={today}&to={today}")).Text("#opinion-total"));
        Assert.Equal("共 0 条", (await client.GetHtmlAsync($"/Opinions?consultationId={consultation}&from={tomorrow}")).Text("#opinion-total"));
    }

    [Fact]
    public async Task The_csv_export_opens_in_Excel_with_Chinese_intact_and_formulas_defused()
    {
        var (client, userName) = await sites.SignedInAsync("organizer");
        var consultation = await sites.DataSource.ConsultationAsync();
        await sites.DataSource.SubmitAsync(sites.PersonalData, new NewOpinion(consultation, Channels.Online, RespondentTypes.Citizen, "钱七",
            Contact.Parse("13700000000"), "chuan", "=HYPERLINK(\"http://evil\",\"点我\")", true), DateTime.UtcNow);
        await sites.DataSource.SubmitAsync(sites.PersonalData, new NewOpinion(consultation, Channels.Online, RespondentTypes.Organization, null,
            null, "qingta", "第一行\n第二行，含\"引号\"", false), DateTime.UtcNow);

        var response = await client.GetAsync($"/Opinions/Export?consultationId={consultation}");
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var csv = Encoding.UTF8.GetString(bytes[3..]);
        Assert.StartsWith("回执编号,提交时间,提交渠道,您的身份,姓名或单位名称,联系方式,所在地区,意见内容,办理状态,答复,答复时间", csv);
        // Masked by default; the full export is a separate, audited choice (PrivacyTests).
        Assert.Contains("钱*,137****0000,出岸镇", csv);
        Assert.DoesNotContain("钱七", csv);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"点我\"\")\"", csv);
        Assert.Contains("\"第一行\n第二行，含\"\"引号\"\"\"", csv);
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where action = 'export_csv' and actor_name = @userName", new { userName }));
    }

    [Fact]
    public async Task A_reply_reaches_the_citizen_through_the_lookup()
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var consultation = await sites.DataSource.ConsultationAsync();
        var accepted = (SubmitResult.Accepted)await sites.DataSource.SubmitAsync(sites.PersonalData, new NewOpinion(consultation, Channels.Online,
            RespondentTypes.Citizen, null, null, "chuan", "路灯不亮", false), DateTime.UtcNow);

        var empty = await (await client.SubmitAsync($"/Opinions/Details/{accepted.OpinionId}", new Dictionary<string, string?> { ["ReplyText"] = "  " },
            "form[action*='handler=Reply']")).ReadHtmlAsync();
        Assert.Contains("请填写答复内容。", empty.Body!.TextContent);
        await client.SubmitAsync($"/Opinions/Details/{accepted.OpinionId}", new Dictionary<string, string?> { ["ReplyText"] = "已安排维修。" },
            "form[action*='handler=Reply']");

        var lookup = await (await sites.Portal.Browser().SubmitAsync("/Lookup",
            new Dictionary<string, string?> { ["ReceiptNumber"] = accepted.ReceiptNumber })).ReadHtmlAsync();
        Assert.Equal("已答复", lookup.Text("#lookup-status"));
        Assert.Equal("已安排维修。", lookup.Text("#lookup-reply"));
    }
}
