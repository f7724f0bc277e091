using System.Net;
using Evaluation.Shared.Respondents;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Portal.Consultations;

/// <summary>The online opinion form through real HTTP: good input, bad input, and the consultation's window.</summary>
public class DetailsTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private static Dictionary<string, string?> Form(string body = "建议在乡镇便民服务中心增设咨询窗口。", string? name = null,
        string? contact = null, bool consent = false, string region = "chuan", string type = "citizen") => new()
    {
        ["Input.RespondentType"] = type,
        ["Input.RegionCode"] = region,
        ["Input.Body"] = body,
        ["Input.Name"] = name,
        ["Input.Contact"] = contact,
        ["Input.Consent"] = consent ? "true" : null,
    };

    private async Task<long> CountAsync(long consultation) =>
        await sites.DataSource.ScalarAsync<long>("select count(*) from opinion where consultation_id = @consultation", new { consultation });

    [Fact]
    public async Task A_citizen_submits_an_opinion_and_gets_a_receipt_after_commit()
    {
        var consultation = await sites.ConsultationAsync();
        var client = sites.Portal.Browser();

        var response = await client.SubmitAsync($"/Consultations/{consultation}", Form(name: "李四", contact: "13912345678", consent: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("/Receipt/", response.RequestMessage!.RequestUri!.AbsolutePath);
        var page = await response.ReadHtmlAsync();
        var shown = page.Text("#receipt-number");
        Assert.True(Receipt.TryNormalize(shown, out var number));
        Assert.Equal(number, await sites.DataSource.ScalarAsync<string>(
            "select receipt_number from opinion where consultation_id = @consultation", new { consultation }));
        Assert.Contains(Texts.Get("Receipt.Heading"), page.Body!.TextContent);
        Assert.Equal(1, await sites.DataSource.ScalarAsync<int>("select consultation_opinion_count(id)::int from consultation where id = @consultation", new { consultation }));
    }

    [Fact]
    public async Task The_consultation_page_shows_the_decision_the_window_and_the_count()
    {
        var decision = await sites.DataSource.DecisionAsync("关于优化营商环境的若干措施", "任政规〔2024〕3号");
        var consultation = await sites.ConsultationAsync(decision);
        await sites.Portal.Browser().SubmitAsync($"/Consultations/{consultation}", Form());

        var page = await sites.Portal.Browser().GetHtmlAsync($"/Consultations/{consultation}");
        var text = page.Body!.TextContent;
        Assert.Contains("关于优化营商环境的若干措施", text);
        Assert.Contains("任政规〔2024〕3号", text);
        Assert.Contains("任丘市人民政府办公室", text);
        Assert.Contains("2024年2月1日", text);
        Assert.Contains(Texts.Get("Consultation.OpinionCount", 1), text);
        Assert.NotNull(page.QuerySelector("textarea[name='Input.Body']"));
    }

    [Fact]
    public async Task Chinese_is_sent_as_characters_not_entities()
    {
        var consultation = await sites.ConsultationAsync(title: "征求意见标题");
        var raw = await sites.Portal.Browser().GetStringAsync($"/Consultations/{consultation}");
        Assert.Contains("征求意见标题", raw);
        Assert.DoesNotContain("&#x", raw);
    }

    public static TheoryData<string, string?, string?, bool, string, string, string> BadInput => new()
    {
        // body, name, contact, consent, region, field in error, message shown
        { "", null, null, false, "chuan", "Input_Body", Texts.Get("Opinion.Body.Required") },
        { new string('长', 5001), null, null, false, "chuan", "Input_Body", Texts.Get("Opinion.Body.TooLong", 5000, 5001) },
        { "正文", "王五", "1381234567", true, "chuan", "Input_Contact", Texts.Get("Opinion.Contact.Invalid") },
        { "正文", "王五", "wangwu@", true, "chuan", "Input_Contact", Texts.Get("Opinion.Contact.Invalid") },
        { "正文", null, null, false, "atlantis", "Input_RegionCode", Texts.Get("Opinion.Region.Invalid") },
        { "正文", "王五", "13812345678", false, "chuan", "Input_Consent", Texts.Get("Opinion.Consent.Required") },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_gets_a_message_next_to_the_field_keeps_the_data_and_stores_nothing(
        string body, string? name, string? contact, bool consent, string region, string field, string message)
    {
        var consultation = await sites.ConsultationAsync();
        var response = await sites.Portal.Browser().SubmitAsync($"/Consultations/{consultation}",
            Form(body: body, name: name, contact: contact, consent: consent, region: region));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadHtmlAsync();
        var error = page.QuerySelector($"#{field.Replace("Input_", "")}-error");
        Assert.NotNull(error);
        Assert.Contains(message, error.TextContent);
        Assert.Contains(message, page.Text("#error-summary"));
        // What was typed is still there.
        if (body.Length > 0) Assert.Equal(body, page.QuerySelector("#Input_Body")!.TextContent);
        if (contact is not null) Assert.Equal(contact, page.QuerySelector("#Input_Contact")!.GetAttribute("value"));
        if (name is not null) Assert.Equal(name, page.QuerySelector("#Input_Name")!.GetAttribute("value"));
        Assert.Equal(0, await CountAsync(consultation));
    }

    [Fact]
    public async Task A_forged_consultation_id_gets_a_clear_not_found_page()
    {
        var consultation = await sites.ConsultationAsync();
        var client = sites.Portal.Browser();
        var page = await client.GetHtmlAsync($"/Consultations/{consultation}");
        var form = (AngleSharp.Html.Dom.IHtmlFormElement)page.QuerySelector("main form")!;
        form.Action = "/Consultations/99999999";

        var response = await client.PostFormAsync(form, "/Consultations/99999999", Form(body: "寄往不存在事项的意见"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(Texts.Get("Status.404.Body"), (await response.ReadHtmlAsync()).Body!.TextContent);
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from opinion where body = '寄往不存在事项的意见'"));
    }

    [Fact]
    public async Task A_draft_consultation_is_not_shown_and_takes_nothing()
    {
        var draft = await sites.ConsultationAsync(state: "draft");
        var client = sites.Portal.Browser();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Consultations/{draft}")).StatusCode);

        var open = await sites.ConsultationAsync();
        var page = await client.GetHtmlAsync($"/Consultations/{open}");
        var form = (AngleSharp.Html.Dom.IHtmlFormElement)page.QuerySelector("main form")!;
        var response = await client.PostFormAsync(form, $"/Consultations/{draft}", Form());
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, await CountAsync(draft));
    }

    [Fact]
    public async Task A_submission_arriving_after_the_closing_time_is_refused_with_the_text_shown_back()
    {
        var consultation = await sites.ConsultationAsync(closesAt: sites.Now.AddHours(1));
        var client = sites.Portal.Browser();
        var page = await client.GetHtmlAsync($"/Consultations/{consultation}");
        // The window passes while the citizen is still writing.
        sites.Clock.Advance(TimeSpan.FromHours(2));

        var response = await client.PostFormAsync((AngleSharp.Html.Dom.IHtmlFormElement)page.QuerySelector("main form")!,
            $"/Consultations/{consultation}", Form(body: "写了很久的意见"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var refused = await response.ReadHtmlAsync();
        Assert.Contains(Texts.Start("Consultation.Refused.Closed"), refused.Text("#refused"));
        Assert.Equal("写了很久的意见", refused.QuerySelector("#refused-text")!.TextContent);
        Assert.Null(refused.QuerySelector("#Input_Body"));
        Assert.Equal(0, await CountAsync(consultation));
    }

    [Fact]
    public async Task Html_in_an_opinion_is_shown_as_text_never_as_markup()
    {
        var consultation = await sites.ConsultationAsync();
        var client = sites.Portal.Browser();
        const string payload = "<script>alert('x')</script><img src=x onerror=alert(1)>";
        var receiptPage = await (await client.SubmitAsync($"/Consultations/{consultation}", Form(body: payload))).ReadHtmlAsync();
        var receipt = receiptPage.Text("#receipt-number");

        var lookup = await client.SubmitAsync("/Lookup", new Dictionary<string, string?> { ["ReceiptNumber"] = receipt });
        var raw = await lookup.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert", raw);
        Assert.DoesNotContain("<img src=x", raw);
        Assert.Contains("&lt;script&gt;", raw);
        var page = await lookup.ReadHtmlAsync();
        Assert.Empty(page.QuerySelectorAll("main script, main img"));
        Assert.Contains(payload, page.Text("#lookup-result .plain"));
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_rejected_and_stores_nothing()
    {
        var consultation = await sites.ConsultationAsync();
        var response = await sites.Portal.Browser().PostAsync($"/Consultations/{consultation}",
            new FormUrlEncodedContent(Form().Where(f => f.Value is not null).ToDictionary(f => f.Key, f => f.Value!)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await CountAsync(consultation));
    }
}
