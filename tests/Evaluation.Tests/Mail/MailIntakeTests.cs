using System.Text;
using Dapper;
using Evaluation.Analysis;
using Evaluation.Shared.Mail;
using Evaluation.Shared.Respondents;
using Evaluation.Tests.Infrastructure;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using MimeKit;

namespace Evaluation.Tests.Mail;

public class MailIntakeTests(MailFixture mail) : IClassFixture<MailFixture>
{

    private static int _senders;

    private static string NewSender() => $"citizen{Interlocked.Increment(ref _senders)}@example.cn";

    private static MimeMessage Message(string from, string to, string subject, string text)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("李明", from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("sender.example.cn");
        message.Body = new TextPart("plain") { Text = text };
        return message;
    }

    private static string PlusAddress(long consultation) => $"yijian+{consultation}@renqiu.example";

    private async Task<(long Id, string Channel, string Body, string? Name, string? Contact, string Region, string Receipt)> OpinionOfAsync(long consultation)
    {
        await using var conn = await mail.DataSource.OpenConnectionAsync();
        return await conn.QuerySingleAsync<(long, string, string, string?, string?, string, string)>(
            "select id, channel, body, name, contact, region_code, receipt_number from opinion where consultation_id = @consultation", new { consultation });
    }

    [Fact]
    public async Task A_mail_to_a_consultations_address_becomes_an_email_opinion_and_its_sender_gets_the_receipt_that_the_portal_finds()
    {
        var consultation = await mail.ConsultationAsync(title: "关于修订《办法》的征求意见");
        var sender = NewSender();
        var original = Message(sender, PlusAddress(consultation), "对办法的意见", "建议增加网上办理渠道。\n谢谢。");
        await mail.DeliverAsync(original);

        Assert.Equal(1, await mail.Intake.ProcessOnceAsync());
        var opinion = await OpinionOfAsync(consultation);
        Assert.Equal(("email", "建议增加网上办理渠道。\n谢谢。", "unspecified"), (opinion.Channel, opinion.Body, opinion.Region));
        Assert.Equal("李明", mail.PersonalData.Unprotect(opinion.Name));
        Assert.Equal(sender, mail.PersonalData.Unprotect(opinion.Contact));
        Assert.DoesNotContain(sender, opinion.Contact);
        // Flagged: read again, nothing is new.
        Assert.Equal(0, await mail.Intake.ProcessOnceAsync());

        // (Receipts of other tests of this class may be sent in the same run.)
        Assert.True(await mail.Outbox.SendDueAsync(DateTime.UtcNow) >= 1);
        var reply = Assert.Single(mail.Smtp.Received(), m => m.To.Mailboxes.Single().Address == sender);
        Assert.Equal(original.MessageId, reply.InReplyTo);
        Assert.Equal("auto-replied", reply.Headers["Auto-Submitted"]);
        Assert.Contains(Receipt.Format(opinion.Receipt), reply.Subject);
        Assert.Contains("关于修订《办法》的征求意见", reply.TextBody);
        Assert.Contains($"{MailFixture.PortalUrl}/Lookup", reply.TextBody);

        // The receipt in the mail works on the Portal.
        var lookup = await (await mail.Portal.Browser().SubmitAsync("/Lookup",
            new Dictionary<string, string?> { ["ReceiptNumber"] = Receipt.Format(opinion.Receipt) })).ReadHtmlAsync();
        Assert.Contains("电子邮件", lookup.Text("#lookup-result"));

        // The consultation page tells where to write; the findings count the mail like any opinion.
        var page = await mail.Portal.Browser().GetHtmlAsync($"/Consultations/{consultation}");
        Assert.Contains(PlusAddress(consultation), page.Text("#mail-address"));
        await using var conn = await mail.DataSource.OpenConnectionAsync();
        var findings = (await FindingsEngine.ComputeAsync(conn, FindingsScope.Consultation(consultation), new FindingsOptions(), TimeProvider.System))!;
        Assert.Contains(new Count("email", 1), findings.Participation.ByChannel);
    }

    [Theory]
    [InlineData("GBK")]
    [InlineData("GB18030")]
    [InlineData("GB2312")]
    [InlineData("Big5")]
    public async Task Chinese_charsets_in_body_and_subject_are_read_correctly(string charset)
    {
        var consultation = await mail.ConsultationAsync();
        var encoding = Encoding.GetEncoding(charset);
        var text = charset == "Big5" ? "建議延長辦理時限，謝謝。" : charset == "GB18030" ? "建议延长办理时限。𠀀㐀" : "建议延长办理时限，谢谢。";
        var subject = charset == "Big5" ? "意見" : "意见";
        // A raw 8-bit subject, as some clients write it, and an encoded body.
        var raw = new MemoryStream();
        raw.Write(Encoding.ASCII.GetBytes($"From: {NewSender()}\r\nTo: {PlusAddress(consultation)}\r\nMessage-ID: <{Guid.NewGuid():N}@example.cn>\r\nSubject: "));
        raw.Write(Encoding.GetEncoding("GB18030").GetBytes(charset == "Big5" ? "意见" : subject));
        raw.Write(Encoding.ASCII.GetBytes($"\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset={charset}\r\nContent-Transfer-Encoding: base64\r\n\r\n"));
        raw.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(encoding.GetBytes(text)) + "\r\n"));
        await mail.DeliverAsync(raw.ToArray());

        await mail.Intake.ProcessOnceAsync();
        Assert.Equal(text, (await OpinionOfAsync(consultation)).Body);
        Assert.Equal("意见", await mail.DataSource.ScalarAsync<string>(
            "select m.subject from inbound_mail m join opinion o on o.id = m.opinion_id where o.consultation_id = @consultation", new { consultation }));
    }

    [Fact]
    public async Task An_html_only_mail_with_an_encoded_subject_is_reduced_to_its_text_and_nothing_of_its_markup_is_kept()
    {
        var consultation = await mail.ConsultationAsync();
        var message = Message(NewSender(), PlusAddress(consultation), "", "");
        message.Headers.Replace(HeaderId.Subject, Encoding.GetEncoding("GB18030"), "关于收费标准");
        message.Body = new TextPart("html")
        {
            Text = "<html><head><style>p{color:red}</style><script>alert(1)</script></head><body><div>第一段<b>意见</b></div>" +
                   "<div>第二段<img src=x onerror=alert(2)></div><p>第三段</p></body></html>",
        };
        await mail.DeliverAsync(message);
        await mail.Intake.ProcessOnceAsync();
        var body = (await OpinionOfAsync(consultation)).Body;
        Assert.Equal("第一段意见\n第二段\n第三段", body);
    }

    [Fact]
    public async Task A_good_attachment_is_kept_with_the_opinion_and_a_bad_one_is_left_out_and_the_reply_says_so()
    {
        var consultation = await mail.ConsultationAsync();
        var sender = NewSender();
        var message = Message(sender, PlusAddress(consultation), "附件", "详见附件。");
        var body = new BodyBuilder { TextBody = "详见附件。" };
        body.Attachments.Add("意见书.pdf", MultipartForms.Pdf(500), new ContentType("application", "pdf"));
        body.Attachments.Add("setup.pdf", "MZ\u0090\0 not a pdf"u8.ToArray(), new ContentType("application", "pdf"));
        message.Body = body.ToMessageBody();
        await mail.DeliverAsync(message);

        await mail.Intake.ProcessOnceAsync();
        var opinion = await OpinionOfAsync(consultation);
        Assert.Equal(["意见书.pdf"], await (await mail.DataSource.OpenConnectionAsync()).QueryAsync<string>(
            "select a.file_name from attachment a join opinion_attachment oa on oa.attachment_id = a.id where oa.opinion_id = @Id", new { opinion.Id }));
        await mail.Outbox.SendDueAsync(DateTime.UtcNow);
        var reply = Assert.Single(mail.Smtp.Received(), m => m.To.Mailboxes.Single().Address == sender);
        // The reply says a file was kept out, but repeats nothing the sender wrote (the names are for staff, in the queue).
        Assert.Contains("有 1 个附件未能保存", reply.TextBody);
        Assert.DoesNotContain("setup.pdf", reply.TextBody);
        Assert.Equal($"意见已收到，回执编号 {Receipt.Format(opinion.Receipt)}", reply.Subject);
        Assert.Contains("setup.pdf（不是 PDF、PNG 或 JPEG 文件）", await mail.DataSource.ScalarAsync<string>(
            "select array_to_string(rejected_files, '；') from inbound_mail where opinion_id = @Id", new { opinion.Id }));
    }

    [Fact]
    public async Task A_bounce_and_an_auto_reply_are_no_opinions_and_are_never_answered()
    {
        var consultation = await mail.ConsultationAsync();
        var autoReply = Message(NewSender(), PlusAddress(consultation), "自动回复：我正在休假", "我正在休假，回来后回复。");
        autoReply.Headers.Add("Auto-Submitted", "auto-replied");
        var bounce = Message("MAILER-DAEMON@mx.example.cn", PlusAddress(consultation), "Undelivered Mail Returned to Sender", "delivery failed");
        var outboxBefore = await mail.DataSource.ScalarAsync<long>("select count(*) from outbox_mail");
        await mail.DeliverAsync(autoReply);
        await mail.DeliverAsync(bounce);

        Assert.Equal(2, await mail.Intake.ProcessOnceAsync());
        Assert.Equal(0L, await mail.DataSource.ScalarAsync<long>("select count(*) from opinion where consultation_id = @consultation", new { consultation }));
        Assert.Equal(outboxBefore, await mail.DataSource.ScalarAsync<long>("select count(*) from outbox_mail"));
        Assert.Equal(2L, await mail.DataSource.ScalarAsync<long>(
            "select count(*) from inbound_mail where message_key in (@a, @b) and status = 'ignored' and sender is null",
            new { a = autoReply.MessageId, b = bounce.MessageId }));
    }

    [Fact]
    public async Task The_same_message_seen_twice_makes_one_opinion()
    {
        var consultation = await mail.ConsultationAsync();
        var message = Message(NewSender(), PlusAddress(consultation), "意见", "同一封邮件投递了两次。");
        await mail.DeliverAsync(message);
        await mail.DeliverAsync(message);
        Assert.Equal(2, await mail.Intake.ProcessOnceAsync());
        Assert.Equal(1L, await mail.DataSource.ScalarAsync<long>("select count(*) from opinion where consultation_id = @consultation", new { consultation }));
    }

    [Fact]
    public async Task A_worker_that_dies_after_committing_and_before_flagging_makes_one_opinion_after_its_restart()
    {
        var consultation = await mail.ConsultationAsync();
        await mail.DeliverAsync(Message(NewSender(), PlusAddress(consultation), "意见", "提交后进程被终止。"));

        mail.Intake.AfterCommit = _ => throw new IOException("killed between commit and flag");
        try
        {
            await Assert.ThrowsAsync<IOException>(() => mail.Intake.ProcessOnceAsync());
        }
        finally
        {
            mail.Intake.AfterCommit = null;
        }
        Assert.Equal(1L, await mail.DataSource.ScalarAsync<long>("select count(*) from opinion where consultation_id = @consultation", new { consultation }));

        // The restarted worker finds the message unflagged, finds its row, and only flags it.
        Assert.Equal(1, await mail.Intake.ProcessOnceAsync());
        Assert.Equal(1L, await mail.DataSource.ScalarAsync<long>("select count(*) from opinion where consultation_id = @consultation", new { consultation }));
        Assert.Equal(1L, await mail.DataSource.ScalarAsync<long>("select count(*) from outbox_mail o join opinion p on p.id = o.opinion_id where p.consultation_id = @consultation", new { consultation }));
        using var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", mail.Imap.Port, SecureSocketOptions.None);
        await client.AuthenticateAsync(Dovecot.UserName, Dovecot.Password);
        await client.Inbox.OpenAsync(MailKit.FolderAccess.ReadOnly);
        Assert.Empty(await client.Inbox.SearchAsync(SearchQuery.NotKeyword(Evaluation.Mail.MailIntake.ProcessedKeyword)));
    }

    [Fact]
    public async Task The_number_in_the_subject_assigns_a_mail_and_a_mail_too_large_is_refused_unread()
    {
        var consultation = await mail.ConsultationAsync();
        await mail.DeliverAsync(Message(NewSender(), MailFixture.IntakeAddress, $"关于编号{consultation}的意见", "按主题中的编号分派。"));
        var large = Message(NewSender(), PlusAddress(consultation), "很大的邮件", new string('大', MailFixture.MaxMessageBytes));
        await mail.DeliverAsync(large);
        await mail.Intake.ProcessOnceAsync();
        Assert.Equal("按主题中的编号分派。", (await OpinionOfAsync(consultation)).Body);
        Assert.Equal("too_large", await mail.DataSource.ScalarAsync<string>(
            "select reason from inbound_mail where message_key = @MessageId and status = 'refused'", new { large.MessageId }));
    }

    [Fact]
    public async Task A_sender_over_the_daily_limit_waits_for_staff_without_an_automatic_reply()
    {
        var consultation = await mail.ConsultationAsync();
        var sender = NewSender();
        for (var i = 0; i <= MailFixture.PerSenderPerDay; i++)
            await mail.DeliverAsync(Message(sender, PlusAddress(consultation), "意见", $"第 {i + 1} 封"));
        await mail.Intake.ProcessOnceAsync();
        Assert.Equal(MailFixture.PerSenderPerDay, await mail.DataSource.ScalarAsync<long>("select count(*) from opinion where consultation_id = @consultation", new { consultation }));
        Assert.Equal("sender_limit", await mail.DataSource.ScalarAsync<string>(
            "select reason from inbound_mail where status = 'held' and body = @body", new { body = $"第 {MailFixture.PerSenderPerDay + 1} 封" }));
    }

    [Fact]
    public async Task Poison_messages_are_stored_cleaned_and_the_good_mail_after_them_becomes_an_opinion_with_its_receipt()
    {
        var consultations = new long[4];
        for (var i = 0; i < consultations.Length; i++) consultations[i] = await mail.ConsultationAsync();
        // A subject with an encoded NUL, which PostgreSQL refuses in text.
        await mail.DeliverAsync(Encoding.UTF8.GetBytes(
            $"From: citizen-nul@example.cn\r\nTo: {PlusAddress(consultations[0])}\r\nSubject: =?utf-8?Q?a=00b?=\r\n" +
            "Message-ID: <nul-subject@example.cn>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n主题里有空字符的意见。\r\n"));
        // A sender name whose 50th UTF-16 unit is the first half of an emoji.
        var emoji = Message(NewSender(), PlusAddress(consultations[1]), "意见", "名字很长的意见。");
        emoji.From.Mailboxes.Single().Name = new string('张', OpinionRulesMaxName - 1) + "😀";
        await mail.DeliverAsync(emoji);
        // HTML nested 35,000 deep (unclosed), in an HTML-only mail.
        var deep = Message(NewSender(), PlusAddress(consultations[2]), "意见", "");
        deep.Body = new TextPart("html") { Text = string.Concat(Enumerable.Repeat("<div>", 35_000)) + "深层嵌套里的意见。" };
        await mail.DeliverAsync(deep);
        var sender = NewSender();
        var good = Message(sender, PlusAddress(consultations[3]), "对办法的意见", "排在有毒邮件后面的好邮件。");
        await mail.DeliverAsync(good);

        Assert.Equal(4, await mail.Intake.ProcessOnceAsync());
        Assert.Equal("主题里有空字符的意见。", (await OpinionOfAsync(consultations[0])).Body);
        Assert.Equal("ab", await mail.DataSource.ScalarAsync<string>("select subject from inbound_mail where message_key = 'nul-subject@example.cn'"));
        var named = await OpinionOfAsync(consultations[1]);
        Assert.Equal(new string('张', OpinionRulesMaxName - 1) + "😀", mail.PersonalData.Unprotect(named.Name));
        Assert.Equal("深层嵌套里的意见。", (await OpinionOfAsync(consultations[2])).Body);
        var opinion = await OpinionOfAsync(consultations[3]);
        Assert.Equal("排在有毒邮件后面的好邮件。", opinion.Body);
        Assert.Equal(0, await mail.Intake.ProcessOnceAsync());   // every one flagged: nothing is read again

        Assert.True(await mail.Outbox.SendDueAsync(DateTime.UtcNow) >= 1);
        var receipt = Assert.Single(mail.Smtp.Received(), m => m.To.Mailboxes.Single().Address == sender);
        Assert.Contains(Receipt.Format(opinion.Receipt), receipt.TextBody);
    }

    private const int OpinionRulesMaxName = Evaluation.Shared.Opinions.OpinionRules.MaxNameLength;

    [Fact]
    public async Task A_message_that_fails_for_a_reason_of_its_own_is_refused_and_flagged_and_the_next_one_is_read()
    {
        var consultation = await mail.ConsultationAsync();
        var poison = Message(NewSender(), PlusAddress(consultation), "会让处理出错的邮件", "无论出什么错。");
        var good = Message(NewSender(), PlusAddress(consultation), "意见", "后面的邮件照常处理。");
        await mail.DeliverAsync(poison);
        await mail.DeliverAsync(good);
        mail.Intake.BeforeStore = m => m.Subject == "会让处理出错的邮件" ? throw new InvalidOperationException("anything at all") : Task.CompletedTask;
        try
        {
            Assert.Equal(2, await mail.Intake.ProcessOnceAsync());
        }
        finally
        {
            mail.Intake.BeforeStore = null;
        }
        Assert.Equal("后面的邮件照常处理。", (await OpinionOfAsync(consultation)).Body);
        Assert.Equal(1L, await mail.DataSource.ScalarAsync<long>(
            "select count(*) from inbound_mail where message_key like 'uid:%' and status = 'refused' and reason = 'failed'"));
        Assert.Equal(0, await mail.Intake.ProcessOnceAsync());
    }

    [Fact]
    public async Task An_outbox_row_that_cannot_be_composed_fails_alone_and_the_mail_after_it_is_sent()
    {
        var sender = NewSender();
        long bad;
        await using (var conn = await mail.DataSource.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            bad = await conn.QueueAsync(tx, mail.PersonalData, new OutboxMail(OutboxKinds.Receipt, "<<not an address>>", "回执", "正文", null, null, null));
            await conn.QueueAsync(tx, mail.PersonalData, new OutboxMail(OutboxKinds.Receipt, sender, "回执", "排在坏行后面的回执。", null, null, null));
            await tx.CommitAsync();
        }

        Assert.True(await mail.Outbox.SendDueAsync(DateTime.UtcNow) >= 1);
        Assert.Contains(mail.Smtp.Received(), m => m.To.Mailboxes.Single().Address == sender && (m.TextBody ?? "").Contains("排在坏行后面的回执。"));
        await using var read = await mail.DataSource.OpenConnectionAsync();
        var (status, error) = await read.QuerySingleAsync<(string, string)>("select status, last_error from outbox_mail where id = @bad", new { bad });
        Assert.Equal("failed", status);
        Assert.StartsWith("cannot be composed", error);
    }

    [Fact]
    public async Task The_receipt_goes_to_the_from_address_only_and_repeats_nothing_the_sender_wrote()
    {
        var consultation = await mail.ConsultationAsync();
        var sender = NewSender();
        var message = Message(sender, PlusAddress(consultation), "点击领取奖品 http://evil.example", "意见正文。");
        message.ReplyTo.Add(MailboxAddress.Parse("victim@elsewhere.example"));
        await mail.DeliverAsync(message);
        await mail.Intake.ProcessOnceAsync();
        await mail.Outbox.SendDueAsync(DateTime.UtcNow);

        Assert.DoesNotContain(mail.Smtp.Received(), m => m.To.Mailboxes.Any(t => t.Address == "victim@elsewhere.example"));
        var receipt = Assert.Single(mail.Smtp.Received(), m => m.To.Mailboxes.Single().Address == sender);
        Assert.DoesNotContain("evil.example", receipt.Subject + receipt.TextBody);
    }

    [Fact]
    public async Task Automatic_mail_beyond_the_hourly_budget_waits_in_the_outbox_while_staff_replies_go_out()
    {
        var budget = mail.Options.AutomaticPerHour;
        try
        {
            // Whatever receipts other tests sent this hour, one more is allowed, then none.
            await mail.Outbox.SendDueAsync(DateTime.UtcNow);
            var sentThisHour = await mail.DataSource.ScalarAsync<long>(
                "select count(*) from outbox_mail where kind = 'receipt' and sent_at > now() - interval '1 hour'");
            mail.Options.AutomaticPerHour = (int)sentThisHour + 1;
            var consultation = await mail.ConsultationAsync();
            var (first, second) = (NewSender(), NewSender());
            await mail.DeliverAsync(Message(first, PlusAddress(consultation), "意见", "第一封。"));
            await mail.DeliverAsync(Message(second, PlusAddress(consultation), "意见", "第二封。"));
            await mail.Intake.ProcessOnceAsync();
            long reply;
            await using (var conn = await mail.DataSource.OpenConnectionAsync())
            await using (var tx = await conn.BeginTransactionAsync())
            {
                reply = await conn.QueueAsync(tx, mail.PersonalData, new OutboxMail(OutboxKinds.Reply, NewSender(), "答复", "工作人员的答复。", null, null, null));
                await tx.CommitAsync();
            }

            await mail.Outbox.SendDueAsync(DateTime.UtcNow);
            Assert.Contains(mail.Smtp.Received(), m => m.To.Mailboxes.Single().Address == first);
            Assert.DoesNotContain(mail.Smtp.Received(), m => m.To.Mailboxes.Single().Address == second);
            Assert.Equal("sent", await mail.DataSource.ScalarAsync<string>("select status from outbox_mail where id = @reply", new { reply }));
            Assert.Equal("pending", await mail.DataSource.ScalarAsync<string>(
                "select x.status from outbox_mail x join inbound_mail m on m.id = x.inbound_mail_id where m.body = '第二封。'"));
        }
        finally
        {
            mail.Options.AutomaticPerHour = budget;
        }
        // The next hour's budget (here: the limit back) sends it.
        await mail.Outbox.SendDueAsync(DateTime.UtcNow);
        Assert.Equal("sent", await mail.DataSource.ScalarAsync<string>(
            "select x.status from outbox_mail x join inbound_mail m on m.id = x.inbound_mail_id where m.body = '第二封。'"));
    }

    [Fact]
    public async Task The_per_sender_limit_counts_what_the_server_authenticated_not_the_from_address()
    {
        var consultation = await mail.ConsultationAsync();
        for (var i = 0; i <= MailFixture.PerSenderPerDay; i++)
        {
            var message = Message(NewSender(), PlusAddress(consultation), "意见", $"同一发信人换地址第 {i + 1} 封");
            message.Headers.Add("Authentication-Results", "mx.renqiu.example; spf=pass smtp.mailfrom=bulk@spam.example; dkim=none");
            await mail.DeliverAsync(message);
        }
        await mail.Intake.ProcessOnceAsync();
        Assert.Equal(MailFixture.PerSenderPerDay, await mail.DataSource.ScalarAsync<long>("select count(*) from opinion where consultation_id = @consultation", new { consultation }));
        Assert.Equal("sender_limit", await mail.DataSource.ScalarAsync<string>(
            "select reason from inbound_mail where body = @body", new { body = $"同一发信人换地址第 {MailFixture.PerSenderPerDay + 1} 封" }));
    }

    [Theory]
    [InlineData("mx.renqiu.example; dmarc=pass header.from=example.cn; spf=pass smtp.mailfrom=bounce@lists.example", "li@example.cn")]
    [InlineData("mx.renqiu.example; spf=pass smtp.mailfrom=<Bulk@Spam.example>; dkim=fail", "bulk@spam.example")]
    [InlineData("mx.renqiu.example; spf=fail smtp.mailfrom=x@y.example; dmarc=fail", null)]
    [InlineData(null, null)]
    public void The_authenticated_sender_is_read_from_authentication_results(string? header, string? expected) =>
        Assert.Equal(expected, Evaluation.Mail.MessageReader.AuthenticatedSender(header, "Li@Example.cn"));
}
