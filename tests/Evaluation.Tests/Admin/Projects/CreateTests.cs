using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Projects;

public class CreateTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task A_partial_evaluation_without_its_parts_or_with_another_departments_agency_is_refused_with_the_typed_values_kept()
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");   // 任丘市司法局
        var decision = await sites.DataSource.DecisionAsync("部分评估的决策");
        var education = await sites.DataSource.ScalarAsync<long>("select id from department where name = '任丘市教育局'");
        var page = await (await client.SubmitAsync($"/Projects/Create?decisionId={decision}", new Dictionary<string, string?>
        {
            ["Input.Title"] = "第三章部分评估", ["Input.Scope"] = "partial", ["Input.Parts"] = "", ["Input.AgencyDepartmentId"] = education.ToString(),
        })).ReadHtmlAsync();
        Assert.Contains(Texts.Get("Project.Parts.Required"), page.Body!.TextContent);
        Assert.Contains(Texts.Get("Project.Agency.NotYours"), page.Body.TextContent);
        Assert.Equal("第三章部分评估", page.QuerySelector("#Input_Title")!.GetAttribute("value"));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from evaluation_project where decision_id = @decision", new { decision }));
    }

    [Fact]
    public async Task The_simplified_procedure_is_refused_for_an_other_decision_matter_in_the_form_and_in_the_database()
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var matter = await sites.DataSource.DecisionAsync("其他决策事项：公共自行车系统建设");
        await sites.DataSource.ExecuteAsync("update decision set kind = 'other_matter' where id = @matter", new { matter });
        var page = await (await client.SubmitAsync($"/Projects/Create?decisionId={matter}", new Dictionary<string, string?>
        {
            ["Input.Title"] = "公共自行车系统建设评估", ["Input.Scope"] = "whole", ["Input.Procedure"] = "simplified",
        })).ReadHtmlAsync();
        Assert.Contains(Texts.Get("Project.Procedure.SimplifiedNormativeOnly"), page.Text("[data-valmsg-for='Input.Procedure']"));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from evaluation_project where decision_id = @matter", new { matter }));

        // Art. 22-23 are chapter 2's: the database refuses a simplified project on an other decision matter too.
        var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => sites.DataSource.ExecuteAsync(
            """
            insert into evaluation_project (decision_id, title, procedure, scope, agency_department_id, stage, stage_changed_at, created_by, created_at)
            values (@matter, '绕过表单', 'simplified', 'whole', (select department_id from decision where id = @matter), 'preparation', now(),
                    (select min(id) from staff_user), now())
            """, new { matter }));
        Assert.Equal("evaluation_project_simplified_normative_only", refused.ConstraintName);

        // A normative document may still use it.
        var document = await sites.DataSource.DecisionAsync("规范性文件：简易程序");
        var created = await client.SubmitAsync($"/Projects/Create?decisionId={document}", new Dictionary<string, string?>
        {
            ["Input.Title"] = "简易程序评估", ["Input.Scope"] = "whole", ["Input.Procedure"] = "simplified",
        });
        Assert.StartsWith("/Projects/Details", created.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task A_decision_outside_the_users_scope_cannot_be_chosen()
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var other = await sites.DataSource.DecisionAsync("教育局的决策", department: "任丘市教育局");
        var page = await client.GetHtmlAsync($"/Projects/Create?decisionId={other}");
        Assert.DoesNotContain("教育局的决策", page.QuerySelector("#Input_DecisionId")!.TextContent);
        var refused = await (await client.SubmitAsync("/Projects/Create", new Dictionary<string, string?>
        {
            ["Input.DecisionId"] = other.ToString(), ["Input.Title"] = "越权", ["Input.Scope"] = "whole", ["Input.Procedure"] = "standard",
        })).ReadHtmlAsync();
        Assert.Contains(Texts.Get("Validation.Invalid.Any"), refused.Body!.TextContent);
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from evaluation_project where decision_id = @other", new { other }));
    }

    [Fact]
    public async Task A_due_decision_leads_from_the_reminders_to_a_project_with_the_decision_chosen()
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var decision = await sites.DataSource.DecisionAsync("即将到期的决策");
        await using (var conn = await sites.DataSource.OpenConnectionAsync())
            await Dapper.SqlMapper.ExecuteAsync(conn, "update decision set valid_until = current_date + 30 where id = @decision", new { decision });
        var reminders = await client.GetHtmlAsync("/Reminders");
        var link = reminders.QuerySelectorAll("#reminders tbody tr").Single(r => r.TextContent.Contains("即将到期的决策"))
            .QuerySelector("a.start-project")!.GetAttribute("href")!;
        var form = await client.GetHtmlAsync(link);
        Assert.Equal(decision.ToString(), form.QuerySelector("#Input_DecisionId option[selected]")!.GetAttribute("value"));
        Assert.Equal(Texts.Get("Project.DefaultTitle", "即将到期的决策"), form.QuerySelector("#Input_Title")!.GetAttribute("value"));
    }
}
