using Dapper;
using Evaluation.Tests.Infrastructure;
using MimeKit;

namespace Evaluation.Tests.Mail;

public class OutboxSenderTests(MailFixture mail) : IClassFixture<MailFixture>
{
    private async Task<long> EmailOpinionAsync(string sender, string text)
    {
        var consultation = await mail.ConsultationAsync(title: "答复测试");
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("赵六", sender));
        message.To.Add(MailboxAddress.Parse($"yijian+{consultation}@renqiu.example"));
        message.Subject = "意见";
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("example.cn");
        message.Body = new TextPart("plain") { Text = text };
        await mail.DeliverAsync(message);
        await mail.Intake.ProcessOnceAsync();
        return await mail.DataSource.ScalarAsync<long>("select id from opinion where consultation_id = @consultation", new { consultation });
    }

    [Fact]
    public async Task With_the_smtp_server_down_nothing_is_lost_and_when_it_is_back_each_mail_is_sent_once()
    {
        await mail.Smtp.StopAsync();
        try
        {
            await EmailOpinionAsync("down1@example.cn", "服务器停机时的第一封。");
            await EmailOpinionAsync("down2@example.cn", "服务器停机时的第二封。");
            var now = DateTime.UtcNow;
            Assert.Equal(0, await mail.Outbox.SendDueAsync(now));
            await using var conn = await mail.DataSource.OpenConnectionAsync();
            var waiting = (await conn.QueryAsync<(string Status, int Attempts, string? Error, DateTime Next)>(
                "select status, attempts, last_error, next_attempt_at from outbox_mail where status <> 'sent' order by id")).ToList();
            Assert.Equal(2, waiting.Count);
            Assert.All(waiting, w => Assert.Equal(("pending", 1), (w.Status, w.Attempts)));
            Assert.All(waiting, w => Assert.NotNull(w.Error));
            Assert.All(waiting, w => Assert.True(w.Next > now));
            // Not due yet: not tried again before its back-off ends.
            Assert.Equal(0, await mail.Outbox.SendDueAsync(now.AddSeconds(1)));
        }
        finally
        {
            await mail.Smtp.StartAgainAsync();
        }

        var later = DateTime.UtcNow.AddMinutes(2);
        Assert.Equal(2, await mail.Outbox.SendDueAsync(later));
        Assert.Equal(0, await mail.Outbox.SendDueAsync(later.AddHours(2)));
        var received = mail.Smtp.Received().Where(m => m.To.Mailboxes.Single().Address.StartsWith("down", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, received.Count);
        Assert.Equal(2, received.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(2L, await mail.DataSource.ScalarAsync<long>(
            "select count(*) from outbox_mail where status = 'sent' and attempts = 2 and server_response like '%stored as%'"));

        // Administrators see the outbox with the server's answer.
        var (admin, _) = await mail.SignedInAsync("administrator");
        var page = await admin.GetHtmlAsync("/Mail/Outbox");
        Assert.Contains("stored as", page.Text("#outbox"));
        Assert.DoesNotContain("down1@example.cn", page.Text("#outbox"));
    }

    [Fact]
    public async Task A_staff_reply_to_an_email_opinion_reaches_its_sender_by_mail()
    {
        var opinion = await EmailOpinionAsync("reply@example.cn", "请问什么时候公布评估结果？");
        await mail.Outbox.SendDueAsync(DateTime.UtcNow);
        var (staff, _) = await mail.SignedInAsync("evaluation_staff");
        var page = await (await staff.SubmitAsync($"/Opinions/Details/{opinion}",
            new Dictionary<string, string?> { ["ReplyText"] = "评估报告将于明年三月公布。" }, "form[action*=Reply]")).ReadHtmlAsync();
        Assert.Contains("通过电子邮件发给来信人", page.Text("#flash"));

        Assert.Equal(1, await mail.Outbox.SendDueAsync(DateTime.UtcNow));
        var reply = mail.Smtp.Received().Where(m => m.To.Mailboxes.Single().Address == "reply@example.cn").Last();
        Assert.StartsWith("答复：", reply.Subject);
        Assert.Contains("评估报告将于明年三月公布。", reply.TextBody);
        Assert.Null(reply.Headers["Auto-Submitted"]);
        Assert.Contains("答复：已发送", (await staff.GetHtmlAsync($"/Opinions/Details/{opinion}")).Text("#opinion-outbox"));
    }
}
