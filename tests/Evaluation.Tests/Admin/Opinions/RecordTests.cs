using System.Net;
using System.Security.Cryptography;
using Dapper;
using Evaluation.Analysis;
using Evaluation.Shared.Opinions;
using Evaluation.Shared.Respondents;
using Evaluation.Tests.Infrastructure;
using static Evaluation.Tests.Infrastructure.MultipartForms;

namespace Evaluation.Tests.Admin.Opinions;

public class RecordTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private string Today => GivenAt.Today(sites.Now).ToString("yyyy-MM-dd");

    private Dictionary<string, string?> Letter(string body, string? receivedOn = null, string? postmarkOn = null,
        string channel = "letter", string? reference = null) => new()
    {
        ["Input.Channel"] = channel,
        ["Input.ReceivedOn"] = receivedOn ?? Today,
        ["Input.PostmarkOn"] = postmarkOn ?? "",
        ["Input.SenderReference"] = reference ?? "",
        ["Input.Name"] = "王建国",
        ["Input.ContactAsGiven"] = "任丘市新华路街道建设路12号",
        ["Input.RespondentType"] = "citizen",
        ["Input.RegionCode"] = "xinhualu",
        ["Input.Body"] = body,
    };

    [Fact]
    public async Task A_letter_with_its_scan_gets_a_receipt_at_once_is_counted_and_its_receipt_prints()
    {
        var (client, userName) = await sites.SignedInAsync("evaluation_staff");
        var consultation = await sites.ConsultationAsync();
        var scan = Pdf(2000);

        var response = await client.SubmitWithFilesAsync($"/Opinions/Record?consultationId={consultation}",
            Letter("来信：建议在乡镇设立办理窗口。", reference: "任信〔2026〕8号"), [new Upload("Scans", "来信扫描.pdf", scan)]);
        var receipt = await response.ReadHtmlAsync();
        Assert.StartsWith("/Opinions/PrintReceipt/", response.RequestMessage!.RequestUri!.AbsolutePath);
        var number = receipt.Text("#receipt-number");
        Assert.Contains(number, receipt.Text("#flash"));
        Assert.EndsWith("/Lookup", receipt.Text("#lookup-url"));
        Assert.Contains("信函", receipt.Body!.TextContent);
        Assert.DoesNotContain("王建国", receipt.Body!.TextContent);
        // The department that received the letter signs its receipt (this staff member's, not the city office).
        Assert.Equal("任丘市司法局", receipt.Text("#issuer"));
        var slip = await client.GetHtmlAsync(response.RequestMessage.RequestUri.AbsolutePath + "?size=slip");
        Assert.Equal("slip", slip.Body!.ClassName);

        Assert.True(Receipt.TryNormalize(number, out var normalized));
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var stored = await conn.QuerySingleAsync<(long Id, string Channel, string Name, string Contact, DateTime? ConsentAt, string EnteredBy, string Reference)>(
            """
            select o.id, o.channel, o.name, o.contact, o.consent_at, u.user_name, s.sender_reference
            from opinion o join opinion_source s on s.opinion_id = o.id join staff_user u on u.id = s.entered_by
            where o.receipt_number = @normalized
            """, new { normalized });
        Assert.Equal(("letter", userName, "任信〔2026〕8号"), (stored.Channel, stored.EnteredBy, stored.Reference));
        // Personal data encrypted, and kept without the online form's consent (PIPL: given to be answered).
        Assert.Equal("王建国", sites.PersonalData.Unprotect(stored.Name));
        Assert.DoesNotContain("建设路", stored.Contact);
        Assert.Null(stored.ConsentAt);
        var file = await conn.QuerySingleAsync<(string Type, byte[] Sha256, byte[] Content)>(
            "select a.content_type, a.sha256, a.content from attachment a join opinion_attachment oa on oa.attachment_id = a.id where oa.opinion_id = @Id", new { stored.Id });
        Assert.Equal("application/pdf", file.Type);
        Assert.Equal(SHA256.HashData(scan), file.Sha256);
        Assert.Equal(1, await conn.ExecuteScalarAsync<int>("select consultation_opinion_count(id)::int from consultation where id = @consultation", new { consultation }));
        Assert.Equal(1L, await conn.ExecuteScalarAsync<long>(
            "select count(*) from audit_log where action = 'record_offline' and entity_id = @Id::text", new { stored.Id }));

        // The opinion page: masked, with the source and the scan, which opens (audited) as it was stored.
        var details = await client.GetHtmlAsync($"/Opinions/Details/{stored.Id}");
        Assert.Equal("王**", details.Text("#opinion-name"));
        Assert.DoesNotContain("建设路", details.Text("#opinion-contact"));
        Assert.Contains("任信〔2026〕8号", details.Text("#opinion-source"));
        var link = details.QuerySelector("#attachments a")!.GetAttribute("href")!;
        var download = await client.GetAsync(link);
        Assert.Equal(scan, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(1L, await conn.ExecuteScalarAsync<long>(
            "select count(*) from audit_log where action = 'view_attachment' and entity_id = @Id::text", new { stored.Id }));

        // The legal reviewer never contacts senders: no scan for them.
        var (reviewer, _) = await sites.SignedInAsync("legal_reviewer");
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.GetAsync(link)).StatusCode);
        var denied = await reviewer.GetAsync($"/Opinions/Record?consultationId={consultation}");
        Assert.Equal("/Account/AccessDenied", denied.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Theory]
    [InlineData("letter")]
    [InlineData("telegram")]
    [InlineData("fax")]
    [InlineData("phone")]
    [InlineData("meeting")]
    [InlineData("hearing")]
    public async Task Every_offline_channel_can_be_recorded_and_the_findings_count_it_with_online_and_email_opinions(string channel)
    {
        var (client, _) = await sites.SignedInAsync("organizer");
        var consultation = await sites.ConsultationAsync();
        await sites.DataSource.SubmitAsync(sites.PersonalData, new NewOpinion(consultation, Channels.Online, RespondentTypes.Citizen,
            null, null, "chuan", "网上意见", false), sites.Now);

        var fields = Letter($"通过{channel}提出的意见", channel: channel);
        fields["Input.ContactAsGiven"] = "0317-2222333";
        var response = await client.SubmitWithFilesAsync($"/Opinions/Record?consultationId={consultation}", fields, []);
        Assert.StartsWith("/Opinions/PrintReceipt/", response.RequestMessage!.RequestUri!.AbsolutePath);

        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var findings = (await FindingsEngine.ComputeAsync(conn, FindingsScope.Consultation(consultation), new FindingsOptions(), TimeProvider.System))!;
        Assert.Equal(2, findings.Participation.Opinions);
        Assert.Contains(new Count(channel, 1), findings.Participation.ByChannel);
        Assert.Contains(new Count("online", 1), findings.Participation.ByChannel);
    }

    [Fact]
    public async Task A_letter_arriving_after_the_closing_counts_by_its_postmark_and_otherwise_is_refused_with_the_reason_and_the_text_kept()
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var today = GivenAt.Today(sites.Now);
        // Closed three days ago (at noon China time).
        var closes = today.AddDays(-3).ToDateTime(new TimeOnly(4, 0), DateTimeKind.Utc);
        var consultation = await sites.ConsultationAsync(opensAt: closes.AddDays(-30), closesAt: closes);
        var url = $"/Opinions/Record?consultationId={consultation}";

        var page = await (await client.SubmitWithFilesAsync(url, Letter("迟到的来信，没有邮戳日期。"), [])).ReadHtmlAsync();
        Assert.Contains("收到日期在征求意见截止", page.Text(".validation-summary-errors"));
        Assert.Contains("请填写邮戳日期", page.Text(".validation-summary-errors"));
        Assert.Equal("迟到的来信，没有邮戳日期。", page.QuerySelector("#Input_Body")!.TextContent);

        page = await (await client.SubmitWithFilesAsync(url, Letter("邮戳也晚了。", postmarkOn: today.AddDays(-1).ToString("yyyy-MM-dd")), [])).ReadHtmlAsync();
        Assert.Contains("不在征求意见期间内", page.Text(".validation-summary-errors"));

        // A call has no postmark: after the closing it is refused, and a postmark is not accepted for it.
        var call = Letter("电话意见", channel: "phone", postmarkOn: today.AddDays(-5).ToString("yyyy-MM-dd"));
        page = await (await client.SubmitWithFilesAsync(url, call, [])).ReadHtmlAsync();
        Assert.Contains("只有信函和电报有邮戳日期", page.Body!.TextContent);
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from opinion where consultation_id = @consultation", new { consultation }));

        // Posted on the closing day: recorded, with both dates kept.
        var postmark = today.AddDays(-3);
        var response = await client.SubmitWithFilesAsync(url, Letter("截止当天寄出的来信。", postmarkOn: postmark.ToString("yyyy-MM-dd")), []);
        Assert.StartsWith("/Opinions/PrintReceipt/", response.RequestMessage!.RequestUri!.AbsolutePath);
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var source = await conn.QuerySingleAsync<(DateTime ReceivedOn, DateTime PostmarkOn)>(
            "select s.received_on, s.postmark_on from opinion_source s join opinion o on o.id = s.opinion_id where o.consultation_id = @consultation", new { consultation });
        Assert.Equal((today, postmark), (DateOnly.FromDateTime(source.ReceivedOn), DateOnly.FromDateTime(source.PostmarkOn)));
    }

    [Fact]
    public async Task The_same_letter_entered_twice_is_warned_about_before_anything_is_stored()
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var consultation = await sites.ConsultationAsync();
        var url = $"/Opinions/Record?consultationId={consultation}";
        await client.SubmitWithFilesAsync(url, Letter("第一封来信的内容。", reference: "A-17"), []);

        // Same text.
        var response = await client.SubmitWithFilesAsync(url, Letter("第一封来信的内容。"), []);
        var page = await response.ReadHtmlAsync();
        Assert.Contains("可能是同一封来信被重复录入", page.Text("#duplicate-warning"));
        Assert.Equal("第一封来信的内容。", page.QuerySelector("#Input_Body")!.TextContent);
        // Same reference and date, other text.
        page = await (await client.SubmitWithFilesAsync(url, Letter("另一段文字。", reference: "A-17"), [])).ReadHtmlAsync();
        Assert.NotNull(page.QuerySelector("#duplicate-warning"));
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>("select count(*) from opinion where consultation_id = @consultation", new { consultation }));

        // Staff decide it is a second letter after all.
        var form = (AngleSharp.Html.Dom.IHtmlFormElement)page.QuerySelector("#record-form")!;
        response = await client.PostWithFilesAsync(form, url, new Dictionary<string, string?> { ["Input.ConfirmDuplicate"] = "true" }, []);
        Assert.StartsWith("/Opinions/PrintReceipt/", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(2L, await sites.DataSource.ScalarAsync<long>("select count(*) from opinion where consultation_id = @consultation", new { consultation }));
    }

    [Fact]
    public async Task A_scan_of_the_wrong_type_or_too_large_is_refused_by_its_content_and_nothing_is_stored()
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var consultation = await sites.ConsultationAsync();
        var url = $"/Opinions/Record?consultationId={consultation}";
        var before = await sites.DataSource.ScalarAsync<long>("select count(*) from attachment");

        // Named .pdf but an executable; a PNG named .txt is fine (the content counts, not the name).
        var page = await (await client.SubmitWithFilesAsync(url, Letter("带有错误附件的来信。"),
            [new Upload("Scans", "scan.pdf", "MZ\u0090\0"u8.ToArray()), new Upload("Scans", "photo.txt", Png())])).ReadHtmlAsync();
        Assert.Contains("文件“scan.pdf”不是 PDF、PNG 或 JPEG 文件", page.Body!.TextContent);
        Assert.Equal("带有错误附件的来信。", page.QuerySelector("#Input_Body")!.TextContent);

        page = await (await client.SubmitWithFilesAsync(url, Letter("附件太大的来信。"),
            [new Upload("Scans", "big.pdf", Pdf(10 * 1024 * 1024))])).ReadHtmlAsync();
        Assert.Contains("文件“big.pdf”超过 10 MB", page.Body!.TextContent);

        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from opinion where consultation_id = @consultation", new { consultation }));
        Assert.Equal(before, await sites.DataSource.ScalarAsync<long>("select count(*) from attachment"));
        Assert.Equal(0, await sites.DataSource.ScalarAsync<int>("select consultation_opinion_count(id)::int from consultation where id = @consultation", new { consultation }));
    }

    [Fact]
    public async Task Missing_and_wrong_fields_get_their_message_beside_the_field()
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var consultation = await sites.ConsultationAsync();
        var fields = Letter("");
        fields["Input.ReceivedOn"] = GivenAt.Today(sites.Now).AddDays(2).ToString("yyyy-MM-dd");
        fields["Input.PostmarkOn"] = GivenAt.Today(sites.Now).AddDays(3).ToString("yyyy-MM-dd");
        fields["Input.Channel"] = "carrier_pigeon";
        var page = await (await client.SubmitWithFilesAsync($"/Opinions/Record?consultationId={consultation}", fields, [])).ReadHtmlAsync();
        Assert.Contains("日期不能晚于今天", page.Text("[data-valmsg-for='Input.ReceivedOn']"));
        Assert.Contains("请选择收到意见的渠道", page.Text("[data-valmsg-for='Input.Channel']"));
        Assert.NotEmpty(page.Text("[data-valmsg-for='Input.Body']"));
        Assert.Equal("王建国", page.QuerySelector("#Input_Name")!.GetAttribute("value"));
    }
}
