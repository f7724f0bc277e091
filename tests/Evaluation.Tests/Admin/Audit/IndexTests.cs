using System.Reflection;
using Evaluation.Shared.Data;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Audit;

public class IndexTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task Only_administrators_read_the_audit_log()
    {
        var (organizer, _) = await sites.SignedInAsync("organizer");
        Assert.Equal("/Account/AccessDenied", (await organizer.GetAsync("/Audit")).RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task The_audit_log_lists_the_creation_of_an_account_and_never_its_password()
    {
        var (admin, _) = await sites.SignedInAsync("administrator");
        var created = await (await admin.SubmitAsync("/Users/Create", new Dictionary<string, string?>
        {
            ["UserName"] = "pinggu03", ["Input.DisplayName"] = "评估员三", ["Input.Role"] = "organizer",
        })).ReadHtmlAsync();
        var password = created.Text("#new-password");

        var audit = await admin.GetHtmlAsync("/Audit?entity=staff_user");
        Assert.Contains("pinggu03", audit.Body!.TextContent);
        Assert.DoesNotContain(password, audit.Body.TextContent);
    }

    [Fact]
    public void Every_audit_action_has_a_Chinese_text()
    {
        var actions = typeof(AuditActions).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.True(actions.Count > 90, $"only {actions.Count} actions found");
        var missing = actions.Where(a => !Exists($"Audit.Action.{a}")).ToList();
        Assert.True(missing.Count == 0, $"Audit actions without a text in Texts.resx: {string.Join(", ", missing)}");
    }

    [Fact]
    public async Task The_audit_log_reads_as_a_Chinese_sentence_with_the_changed_fields_side_by_side()
    {
        var (admin, _) = await sites.SignedInAsync("administrator");
        await using (var conn = await sites.DataSource.OpenConnectionAsync())
        {
            await using var tx = await conn.BeginTransactionAsync();
            await conn.WriteAsync(tx, new Evaluation.Shared.Data.Audit.Actor(null, "督查科王芳"), AuditActions.CloseProject, AuditEntities.EvaluationProject, 424242,
                before: new { stage = "follow_up", reason = (string?)null }, after: new { stage = "closed", reason = "整改事项均已办结" });
            await tx.CommitAsync();
        }
        var audit = await admin.GetHtmlAsync("/Audit?entity=evaluation_project&entityId=424242");
        var row = audit.QuerySelector("#audit-log > tbody > tr")!;
        Assert.Contains("督查科王芳 结束评估项目（评估项目 424242）", row.TextContent);
        Assert.DoesNotContain("close_project", audit.Body!.TextContent);
        Assert.DoesNotContain("{", row.TextContent);
        var changes = row.QuerySelectorAll("table.changes tbody tr").Select(r => string.Join("|", r.Children.Select(c => c.TextContent.Trim()))).ToList();
        Assert.Equal([$"阶段|{Texts.Get("Stage.follow_up")}|{Texts.Get("Stage.closed")}", "理由|—|整改事项均已办结"], changes);
    }

    private static bool Exists(string key)
    {
        try { Texts.Get(key); return true; }
        catch (KeyNotFoundException) { return false; }
    }
}
