using Dapper;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Departments;

public class IndexTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private const string CreateForm = "#create-department";

    private static string RenameForm(long id) => $"#department-{id} form[action*='handler=Rename']";

    private Task<long> IdOfAsync(string name) =>
        sites.DataSource.ScalarAsync<long>("select id from department where name = @name", new { name });

    private Task<long> AuditedAsync(long id, string action) => sites.DataSource.ScalarAsync<long>(
        "select count(*) from audit_log where entity = 'department' and entity_id = @id and action = @action",
        new { id = id.ToString(), action });

    [Fact]
    public async Task An_administrator_creates_renames_deactivates_and_reactivates_a_department_and_each_change_is_audited()
    {
        var (admin, userName) = await sites.SignedInAsync("administrator");
        var page = await (await admin.SubmitAsync("/Departments", new Dictionary<string, string?>
            { ["Input.Name"] = "任丘市文化广电和旅游局", ["Input.Kind"] = "bureau" }, CreateForm)).ReadHtmlAsync();
        Assert.Equal("已新增部门“任丘市文化广电和旅游局”。", page.Text("#flash"));
        var id = await IdOfAsync("任丘市文化广电和旅游局");
        Assert.Contains("市政府工作部门", page.Text($"#department-{id}"));
        Assert.Equal("bureau", await sites.DataSource.ScalarAsync<string>("select kind from department where id = @id", new { id }));

        page = await (await admin.SubmitAsync("/Departments", new Dictionary<string, string?> { ["name"] = "任丘市文化和旅游局" },
            RenameForm(id))).ReadHtmlAsync();
        Assert.Equal("部门已改名为“任丘市文化和旅游局”。", page.Text("#flash"));
        Assert.Equal(id, await IdOfAsync("任丘市文化和旅游局"));

        page = await (await admin.SubmitAsync("/Departments", new Dictionary<string, string?>(),
            $"#department-{id} form[action*='handler=Deactivate']")).ReadHtmlAsync();
        Assert.Equal("已停用部门“任丘市文化和旅游局”。", page.Text("#flash"));
        Assert.Contains("已停用", page.Text($"#department-{id}"));
        Assert.False(await sites.DataSource.ScalarAsync<bool>("select is_active from department where id = @id", new { id }));
        // Deactivated: no longer offered for new staff.
        Assert.Null((await admin.GetHtmlAsync("/Users/Create")).QuerySelector($"option[value='{id}']"));

        await admin.SubmitAsync("/Departments", new Dictionary<string, string?>(), $"#department-{id} form[action*='handler=Reactivate']");
        Assert.True(await sites.DataSource.ScalarAsync<bool>("select is_active from department where id = @id", new { id }));
        Assert.NotNull((await admin.GetHtmlAsync("/Users/Create")).QuerySelector($"option[value='{id}']"));

        Assert.Equal(1L, await AuditedAsync(id, "create"));
        Assert.Equal(1L, await AuditedAsync(id, "deactivate"));
        Assert.Equal(1L, await AuditedAsync(id, "reactivate"));
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var rename = await conn.QuerySingleAsync<(string Actor, string Before, string After)>(
            "select actor_name, before ->> 'name', after ->> 'name' from audit_log where entity = 'department' and entity_id = @id and action = 'update'",
            new { id = id.ToString() });
        Assert.Equal((userName, "任丘市文化广电和旅游局", "任丘市文化和旅游局"), rename);
    }

    [Fact]
    public async Task A_name_in_use_is_refused_with_a_message_on_creating_and_on_renaming()
    {
        var (admin, _) = await sites.SignedInAsync("administrator");
        var before = await sites.DataSource.ScalarAsync<long>("select count(*) from department");
        var page = await (await admin.SubmitAsync("/Departments", new Dictionary<string, string?>
            { ["Input.Name"] = "任丘市教育局", ["Input.Kind"] = "bureau" }, CreateForm)).ReadHtmlAsync();
        Assert.Contains("已有名为“任丘市教育局”的部门，部门名称不能重复", page.Text("#create-department"));
        Assert.Equal(before, await sites.DataSource.ScalarAsync<long>("select count(*) from department"));

        var id = await IdOfAsync("任丘市商务局");
        page = await (await admin.SubmitAsync("/Departments", new Dictionary<string, string?> { ["name"] = "任丘市教育局" }, RenameForm(id))).ReadHtmlAsync();
        Assert.Contains("已有名为“任丘市教育局”的部门", page.Text($"#rename-error-{id}"));
        Assert.Equal("任丘市教育局", page.QuerySelector($"#name-{id}")!.GetAttribute("value"));
        Assert.Equal(id, await IdOfAsync("任丘市商务局"));
        Assert.Equal(0L, await AuditedAsync(id, "update"));
    }

    [Fact]
    public async Task An_empty_name_or_a_kind_not_in_the_list_is_refused()
    {
        var (admin, _) = await sites.SignedInAsync("administrator");
        var before = await sites.DataSource.ScalarAsync<long>("select count(*) from department");
        var page = await (await admin.SubmitAsync("/Departments", new Dictionary<string, string?>
            { ["Input.Name"] = " ", ["Input.Kind"] = "ministry" }, CreateForm)).ReadHtmlAsync();
        var errors = page.Text("#create-department");
        Assert.Contains("请填写部门名称", errors);
        Assert.Contains("填写的内容无效", errors);
        Assert.Equal(before, await sites.DataSource.ScalarAsync<long>("select count(*) from department"));

        var id = await IdOfAsync("任丘市民政局");
        page = await (await admin.SubmitAsync("/Departments", new Dictionary<string, string?> { ["name"] = "  " }, RenameForm(id))).ReadHtmlAsync();
        Assert.Contains("请填写部门名称", page.Text($"#rename-error-{id}"));
        Assert.Equal(id, await IdOfAsync("任丘市民政局"));
    }

    [Fact]
    public async Task Only_administrators_reach_the_page_and_see_its_link()
    {
        var (admin, _) = await sites.SignedInAsync("administrator");
        Assert.NotNull((await admin.GetHtmlAsync("/")).QuerySelector("nav a[href='/Departments']"));

        foreach (var role in new[] { "organizer", "evaluation_staff", "legal_reviewer" })
        {
            var (client, _) = await sites.SignedInAsync(role);
            Assert.Null((await client.GetHtmlAsync("/")).QuerySelector("nav a[href='/Departments']"));
            Assert.Equal("/Account/AccessDenied", (await client.GetAsync("/Departments")).RequestMessage!.RequestUri!.AbsolutePath);
            var id = await IdOfAsync("任丘市财政局");
            var forged = await client.PostWithTokenAsync($"/Departments?handler=Deactivate&id={id}");
            Assert.Equal("/Account/AccessDenied", forged.RequestMessage!.RequestUri!.AbsolutePath);
            Assert.True(await sites.DataSource.ScalarAsync<bool>("select is_active from department where id = @id", new { id }));
        }
    }
}
