using Dapper;
using Evaluation.Tests.Infrastructure;
using MimeKit;

namespace Evaluation.Tests.Admin.Mail;

public class QueueTests(MailFixture mail) : IClassFixture<MailFixture>
{
    private static MimeMessage Message(string from, string subject, string text)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("孙七", from));
        message.To.Add(MailboxAddress.Parse(MailFixture.IntakeAddress));
        message.Subject = subject;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("example.cn");
        message.Body = new TextPart("plain") { Text = text };
        return message;
    }

    [Fact]
    public async Task A_mail_without_a_consultation_waits_masked_in_the_queue_until_staff_assign_it_and_it_is_answered()
    {
        var consultation = await mail.ConsultationAsync(title: "供热价格调整");
        await mail.DeliverAsync(Message("queue1@example.cn", "关于供热", "暖气费太高了。"));
        await mail.Intake.ProcessOnceAsync();
        Assert.Equal(0L, await mail.DataSource.ScalarAsync<long>("select count(*) from opinion where consultation_id = @consultation", new { consultation }));

        var (staff, userName) = await mail.SignedInAsync("evaluation_staff");
        var page = await staff.GetHtmlAsync("/Mail/Queue");
        var card = page.QuerySelectorAll("article.card").Single(a => a.TextContent.Contains("关于供热"));
        Assert.Contains("未注明征求意见编号", card.QuerySelector(".reason")!.TextContent);
        Assert.Equal("孙* q***@example.cn", card.QuerySelector(".sender")!.TextContent);
        var mailId = card.Id!["mail-".Length..];

        // Nothing chosen: the message beside that mail.
        var form = (AngleSharp.Html.Dom.IHtmlFormElement)card.QuerySelector("form.assign")!;
        page = await (await staff.PostFormAsync(form, "/Mail/Queue", new Dictionary<string, string?>())).ReadHtmlAsync();
        Assert.Contains("请选择要分派到的征求意见", page.QuerySelector($"#mail-{mailId}")!.TextContent);

        page = await (await staff.PostFormAsync(form, "/Mail/Queue", new Dictionary<string, string?> { ["ConsultationId"] = consultation.ToString() })).ReadHtmlAsync();
        Assert.Contains("已分派", page.Text("#flash"));
        Assert.Null(page.QuerySelector($"#mail-{mailId}"));
        await using var conn = await mail.DataSource.OpenConnectionAsync();
        var opinion = await conn.QuerySingleAsync<(string Channel, string Body)>("select channel, body from opinion where consultation_id = @consultation", new { consultation });
        Assert.Equal(("email", "暖气费太高了。"), opinion);
        Assert.Equal(1L, await conn.ExecuteScalarAsync<long>("select count(*) from audit_log where action = 'assign_mail' and actor_name = @userName", new { userName }));
        await mail.Outbox.SendDueAsync(DateTime.UtcNow);
        Assert.Contains(mail.Smtp.Received(), m => m.To.Mailboxes.Single().Address == "queue1@example.cn" && m.TextBody!.Contains("供热价格调整"));
    }

    [Fact]
    public async Task A_mail_that_is_no_opinion_is_set_aside_only_with_a_reason()
    {
        await mail.DeliverAsync(Message("queue2@example.cn", "推广", "优惠活动。"));
        await mail.Intake.ProcessOnceAsync();
        var (staff, _) = await mail.SignedInAsync("organizer");
        var page = await staff.GetHtmlAsync("/Mail/Queue");
        var card = page.QuerySelectorAll("article.card").Single(a => a.TextContent.Contains("优惠活动"));
        var form = (AngleSharp.Html.Dom.IHtmlFormElement)card.QuerySelector("form.dismiss")!;

        page = await (await staff.PostFormAsync(form, "/Mail/Queue", new Dictionary<string, string?> { ["Reason"] = " " })).ReadHtmlAsync();
        Assert.Contains("请填写搁置原因", page.QuerySelector($"#{card.Id}")!.TextContent);
        page = await (await staff.PostFormAsync(form, "/Mail/Queue", new Dictionary<string, string?> { ["Reason"] = "广告邮件" })).ReadHtmlAsync();
        Assert.Contains("广告邮件", page.Text("#set-aside"));
        Assert.Equal("dismissed", await mail.DataSource.ScalarAsync<string>("select status from inbound_mail where body = '优惠活动。'"));

        // The legal reviewer handles no department's mail: the queue (with the mails' bodies) is not theirs to read.
        var (reviewer, _) = await mail.SignedInAsync("legal_reviewer");
        Assert.Equal("/Account/AccessDenied", (await reviewer.GetAsync("/Mail/Queue")).RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task The_retention_removes_mail_senders_with_their_opinions_contacts()
    {
        var closes = DateTime.UtcNow.AddDays(-200);
        var consultation = await mail.ConsultationAsync(opensAt: closes.AddDays(-30), closesAt: closes);
        await using var conn = await mail.DataSource.OpenConnectionAsync();
        var opinion = await conn.ExecuteScalarAsync<long>(
            """
            insert into opinion (consultation_id, receipt_number, channel, respondent_type, name, contact, region_code, body, created_at)
            values (@consultation, @receipt, 'email', 'citizen', 'n', 'c', 'unspecified', '旧邮件意见', @at) returning id
            """, new { consultation, receipt = global::Evaluation.Shared.Respondents.Receipt.NewNumber(), at = closes.AddDays(-1) });
        var inbound = await conn.ExecuteScalarAsync<long>(
            """
            insert into inbound_mail (message_key, received_at, sender, sender_name, sender_hash, status, opinion_id)
            values (@key, @at, 'enc', 'enc', 'hash', 'opinion', @opinion) returning id
            """, new { key = Guid.NewGuid().ToString(), at = closes.AddDays(-1), opinion });
        await conn.ExecuteAsync(
            "insert into outbox_mail (kind, recipient, subject, body, opinion_id, status) values ('receipt', 'enc', 's', 'b', @opinion, 'sent')", new { opinion });

        await global::Evaluation.Shared.Privacy.Retention.PurgePersonalDataAsync(mail.DataSource, 180, DateTime.UtcNow);
        Assert.Equal((null, null, null), await conn.QuerySingleAsync<(string?, string?, string?)>(
            "select sender, sender_name, sender_hash from inbound_mail where id = @inbound", new { inbound }));
        Assert.Null(await conn.ExecuteScalarAsync<string?>("select recipient from outbox_mail where opinion_id = @opinion", new { opinion }));
    }
}
