using Dapper;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Mail;

public class OutboxTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task Administrators_see_each_mail_with_its_masked_recipient_and_the_servers_answer()
    {
        await using (var conn = await sites.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync(
                """
                insert into outbox_mail (kind, recipient, subject, body, status, attempts, last_error)
                values ('reply', @recipient, '答复：测试', '正文', 'failed', 5, '550 mailbox unavailable')
                """, new { recipient = sites.PersonalData.Protect("wangwu@example.cn") });
        var (admin, _) = await sites.SignedInAsync("administrator");
        var page = await admin.GetHtmlAsync("/Mail/Outbox");
        var row = page.QuerySelector("#outbox tbody tr.failed")!;
        Assert.Contains("w***@example.cn", row.TextContent);
        Assert.DoesNotContain("wangwu@example.cn", page.Body!.TextContent);
        Assert.Contains("550 mailbox unavailable", row.TextContent);
        Assert.Contains($"{Texts.Get("Outbox.Status.failed")} 1", page.Text("#outbox-counts"));
    }

    [Fact]
    public async Task Other_staff_are_refused()
    {
        var (staff, _) = await sites.SignedInAsync("evaluation_staff");
        Assert.Equal("/Account/AccessDenied", (await staff.GetAsync("/Mail/Outbox")).RequestMessage!.RequestUri!.AbsolutePath);
    }
}
