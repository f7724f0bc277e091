using System.Net;
using Evaluation.Tests.Admin.Projects;
using Evaluation.Tests.Infrastructure;
using Resx = Evaluation.Tests.Infrastructure.Texts;

namespace Evaluation.Tests.Admin.Roles;

/// <summary>Who may act in a project (issue 23): a commissioned institution's staff, the agency, the justice bureau.</summary>
public class RolesTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private const string Institution = "河北某法治研究院";

    private Task<(HttpClient Client, long Id)> InstitutionStaffAsync(string institution = Institution) => sites.InstitutionStaffAsync(institution);

    /// <summary>A project of the justice bureau commissioned to the institution, in the stage, approved or not.</summary>
    private async Task<long> CommissionedAsync(string stage, bool approved, string institution = Institution)
    {
        var project = await sites.DataSource.ProjectAsync(await sites.DataSource.DecisionAsync(), institution: institution);
        await sites.DataSource.ExecuteAsync(
            "update evaluation_project set stage = @stage, institution_approved_at = case when @approved then now() end where id = @project",
            new { project, stage, approved });
        return project;
    }

    private Task<long> CountAsync(string table, long project) =>
        sites.DataSource.ScalarAsync<long>($"select count(*) from {table} where project_id = @project", new { project });

    private Task<bool> ApprovedAsync(long project) =>
        sites.DataSource.ScalarAsync<bool>("select institution_approved_at is not null from evaluation_project where id = @project", new { project });

    private static Dictionary<string, string> Method() => new()
    {
        ["Input.Method"] = "symposium", ["Input.HeldOn"] = "2026-03-02", ["Input.Period"] = "after", ["Input.Summary"] = "企业座谈会纪要",
    };

    [Fact]
    public async Task Institution_staff_see_only_their_institutions_open_projects_and_lose_access_when_the_project_closes()
    {
        var (client, _) = await InstitutionStaffAsync();
        var own = await CommissionedAsync("implementation", approved: true);
        var other = await CommissionedAsync("implementation", approved: true, institution: "某会计师事务所");
        var uncommissioned = await sites.DataSource.ProjectAsync(await sites.DataSource.DecisionAsync());

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/Projects/Details/{own}")).StatusCode);
        foreach (var project in new[] { other, uncommissioned })
            foreach (var url in new[] { $"/Projects/Details/{project}", $"/Projects/Method/{project}", $"/Projects/CostBenefit/{project}",
                                        $"/DataRequests/Create/{project}", $"/Reports/Index/{project}" })
                Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
        var forged = await client.PostWithTokenAsync($"/Projects/Method/{other}", Method());
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.Equal(0, await CountAsync("project_method", other));
        var list = await client.GetHtmlAsync("/Projects");
        Assert.Contains($"/Projects/Details/{own}\"", list.Body!.InnerHtml);
        Assert.DoesNotContain($"/Projects/Details/{other}\"", list.Body!.InnerHtml);

        // Access ends with the project.
        await sites.DataSource.ExecuteAsync("update evaluation_project set stage = 'closed', closed_at = now() where id = @own", new { own });
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Projects/Details/{own}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostWithTokenAsync($"/Projects/Method/{own}", Method())).StatusCode);
    }

    [Fact]
    public async Task Institution_staff_record_methods_data_requests_findings_and_cost_benefit_rows_once_the_agency_approved_their_team_and_plan()
    {
        var (client, _) = await InstitutionStaffAsync();
        var project = await CommissionedAsync("preparation", approved: false);
        var waiting = await (await client.PostWithTokenAsync($"/Projects/Method/{project}", Method())).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Institution.NotApproved", "任丘市司法局"), waiting.Body!.TextContent);
        Assert.Equal(0, await CountAsync("project_method", project));

        await sites.DataSource.ExecuteAsync("update evaluation_project set stage = 'implementation', institution_approved_at = now() where id = @project",
            new { project });
        await client.SubmitAsync($"/Projects/Method/{project}", Method().ToDictionary(f => f.Key, f => (string?)f.Value));
        Assert.Equal(1, await CountAsync("project_method", project));
        var method = await sites.DataSource.ScalarAsync<long>("select id from project_method where project_id = @project", new { project });
        await client.SubmitAsync($"/Projects/Evidence/{project}?source=method&sourceId={method}", new Dictionary<string, string?>
        {
            ["Input.Statement"] = "座谈企业普遍反映办事时间缩短", ["Input.Criteria"] = "legality", ["Input.Direction"] = "supports",
        }, "form#finding");
        Assert.Equal(1, await CountAsync("evidence_finding", project));
        await client.SubmitAsync($"/Projects/CostBenefit/{project}", new Dictionary<string, string?>
        {
            ["Input.Kind"] = "cost", ["Input.Item"] = "宣传费用", ["Input.Amount"] = "12000", ["Input.PeriodText"] = "2024年度",
            ["Input.Source"] = "市财政局2024年度决算",
        }, "#row-form");
        Assert.Equal(1, await CountAsync("project_cost_benefit", project));
        var department = await sites.DataSource.ScalarAsync<long>("select id from department where name = '任丘市公安局'");
        await client.SubmitAsync($"/DataRequests/Create/{project}", new Dictionary<string, string?>
        {
            ["Input.DepartmentId"] = department.ToString(), ["Input.Subject"] = "执法数据", ["Input.Details"] = "请提供2025年执法统计",
            ["Input.DueOn"] = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd"),
        });
        Assert.Equal(1, await CountAsync("data_request", project));
        var audited = await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where entity = 'evaluation_project' and entity_id = @project::text and actor_name like 'jigou%'", new { project });
        Assert.Equal(4, audited);
    }

    [Fact]
    public async Task Institution_staff_cannot_approve_their_own_team_and_plan_nor_advance_nor_make_up_the_team()
    {
        var (client, me) = await InstitutionStaffAsync();
        var project = await CommissionedAsync("preparation", approved: false);
        await sites.DataSource.MemberAsync(project, me, "leader");
        await client.SubmitAsync($"/Projects/Plan/{project}", ProjectData.CompletePlan());   // the institution drafts the plan
        Assert.Equal(1, await CountAsync("project_plan_version", project));

        var page = await client.GetHtmlAsync($"/Projects/Details/{project}");
        Assert.Null(page.QuerySelector("form[action*='handler=ApproveInstitution']"));
        var approve = await (await client.PostWithTokenAsync($"/Projects/Details/{project}?handler=ApproveInstitution")).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Project.Institution.OnlyAgency"), approve.Body!.TextContent);
        Assert.False(await ApprovedAsync(project));
        var advance = await (await client.PostWithTokenAsync($"/Projects/Details/{project}?handler=Advance")).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Stage.OnlyAgency", "任丘市司法局"), advance.Body!.TextContent);
        Assert.Equal("preparation", await sites.DataSource.ScalarAsync<string>("select stage from evaluation_project where id = @project", new { project }));

        var team = await client.GetHtmlAsync($"/Projects/Team/{project}");
        Assert.Null(team.QuerySelector("form[action*='handler=AddStaff']"));
        Assert.Contains(Resx.Get("Team.WhoManages", "任丘市司法局"), team.Text("#team-who-manages"));
        var (_, _, colleague) = await sites.StaffOfAsync("任丘市公安局");
        var added = await (await client.PostWithTokenAsync($"/Projects/Team/{project}?handler=AddStaff",
            new() { ["StaffUserId"] = colleague.ToString(), ["TeamRole"] = "member" })).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Team.WhoManages", "任丘市司法局"), added.Body!.TextContent);
        Assert.Equal(1, await CountAsync("project_member", project));

        // The agency approves (Art. 18).
        var (agency, _, _) = await sites.StaffOfAsync("任丘市司法局");
        await agency.SubmitAsync($"/Projects/Details/{project}", new Dictionary<string, string?>(), "form[action*='handler=ApproveInstitution']");
        Assert.True(await ApprovedAsync(project));
    }

    [Fact]
    public async Task A_team_of_institution_staff_reviews_conclusions_one_member_generates_and_another_reviews()
    {
        var (first, firstId) = await InstitutionStaffAsync();
        var (second, secondId) = await InstitutionStaffAsync();
        var (_, strangerId) = await InstitutionStaffAsync("某会计师事务所");
        var project = await CommissionedAsync("implementation", approved: true);

        // The agency makes up the team; the institution's accounts are offered, another institution's are not.
        var (agency, _, _) = await sites.StaffOfAsync("任丘市司法局");
        var team = await agency.GetHtmlAsync($"/Projects/Team/{project}");
        var offered = team.QuerySelectorAll("#StaffUserId option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Contains(firstId.ToString(), offered);
        Assert.DoesNotContain(strangerId.ToString(), offered);
        foreach (var id in new[] { firstId, secondId })
            await agency.SubmitAsync($"/Projects/Team/{project}", new Dictionary<string, string?> { ["StaffUserId"] = id.ToString(), ["TeamRole"] = "member" },
                "form[action*='handler=AddStaff']");
        Assert.Equal(2, await CountAsync("project_member", project));

        await first.SubmitAsync($"/Projects/Details/{project}", new Dictionary<string, string?>(), "form[action*='handler=GenerateConclusions']");
        Assert.Equal(firstId, await sites.DataSource.ScalarAsync<long>("select conclusions_drafted_by from evaluation_project where id = @project", new { project }));
        var own = await first.GetHtmlAsync($"/Projects/Details/{project}");
        Assert.Null(own.QuerySelector("form[action*='handler=ReviewConclusions']"));
        Assert.Contains(Resx.Get("Project.Conclusions.WhoReviews", "任丘市司法局"), own.Text("#conclusions-who-reviews"));
        var refused = await (await first.PostWithTokenAsync($"/Projects/Details/{project}?handler=ReviewConclusions")).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Project.Conclusions.NotOwn"), refused.Body!.TextContent);
        Assert.False(await sites.DataSource.ScalarAsync<bool>("select conclusions_reviewed_at is not null from evaluation_project where id = @project", new { project }));

        await second.SubmitAsync($"/Projects/Details/{project}", new Dictionary<string, string?> { ["ReviewNote"] = "与座谈情况一致" },
            "form[action*='handler=ReviewConclusions']");
        Assert.Equal(secondId, await sites.DataSource.ScalarAsync<long>("select conclusions_reviewed_by from evaluation_project where id = @project", new { project }));
    }

    [Fact]
    public async Task Nobody_adds_themselves_to_a_team_and_only_the_agencys_staff_or_the_office_make_it_up()
    {
        var decision = await sites.DataSource.DecisionAsync(department: "任丘市教育局");
        var project = await sites.DataSource.ProjectAsync(decision, agency: "任丘市司法局");   // the justice bureau evaluates the education bureau's decision
        var (agency, _, agencyId) = await sites.StaffOfAsync("任丘市司法局");
        var team = await agency.GetHtmlAsync($"/Projects/Team/{project}");
        Assert.DoesNotContain(agencyId.ToString(), team.QuerySelectorAll("#StaffUserId option").Select(o => o.GetAttribute("value")));
        var self = await (await agency.PostWithTokenAsync($"/Projects/Team/{project}?handler=AddStaff",
            new() { ["StaffUserId"] = agencyId.ToString(), ["TeamRole"] = "leader" })).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Team.NotSelf", "任丘市司法局"), self.Body!.TextContent);
        Assert.Equal(0, await CountAsync("project_member", project));

        // The evaluated department's staff see the project but do not make up its team.
        var (evaluated, _, evaluatedId) = await sites.StaffOfAsync("任丘市教育局");
        Assert.Contains(Resx.Get("Team.WhoManages", "任丘市司法局"), (await evaluated.GetHtmlAsync($"/Projects/Team/{project}")).Text("#team-who-manages"));
        var refused = await (await evaluated.PostWithTokenAsync($"/Projects/Team/{project}?handler=AddStaff",
            new() { ["StaffUserId"] = evaluatedId.ToString(), ["TeamRole"] = "leader" })).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Team.WhoManages", "任丘市司法局"), refused.Body!.TextContent);
        Assert.Equal(0, await CountAsync("project_member", project));

        var (organizer, _) = await sites.SignedInAsync("organizer");
        await organizer.SubmitAsync($"/Projects/Team/{project}", new Dictionary<string, string?> { ["StaffUserId"] = agencyId.ToString(), ["TeamRole"] = "leader" },
            "form[action*='handler=AddStaff']");
        Assert.Equal(1, await CountAsync("project_member", project));
    }

    [Fact]
    public async Task The_justice_bureau_sees_the_normative_documents_read_only_and_its_necessity_mark_reaches_the_organizer()
    {
        var document = await sites.DataSource.DecisionAsync("任丘市城市养犬管理规定", department: "任丘市公安局");
        var matter = await sites.DataSource.DecisionAsync("任丘市老旧小区改造实施方案", department: "任丘市公安局");
        await sites.DataSource.ExecuteAsync("update decision set kind = 'other_matter' where id = @matter", new { matter });
        var (justice, _) = await sites.SignedInAsync("legal_reviewer");

        var register = await justice.GetHtmlAsync("/Decisions");
        Assert.Contains("任丘市城市养犬管理规定", register.Body!.TextContent);
        Assert.DoesNotContain("任丘市老旧小区改造实施方案", register.Body!.TextContent);
        Assert.Equal(HttpStatusCode.OK, (await justice.GetAsync($"/Decisions/Details/{document}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await justice.GetAsync($"/Decisions/Details/{matter}")).StatusCode);
        Assert.Null(register.QuerySelector("a[href='/Decisions/Create']"));

        var reminders = await justice.GetHtmlAsync("/Reminders");
        Assert.Contains(document.ToString(), reminders.QuerySelectorAll("#mark-form option").Select(o => o.GetAttribute("value")));
        await justice.SubmitAsync("/Reminders", new Dictionary<string, string?>
        {
            ["Input.DecisionId"] = document.ToString(), ["Input.Reason"] = "群众反映养犬管理规定执行中问题较多（第十二条第二项）",
        }, "#mark-form");
        Assert.Equal("任丘市司法局", await sites.DataSource.ScalarAsync<string>(
            "select d.name from evaluation_necessity n join department d on d.id = n.department_id where n.decision_id = @document and n.withdrawn_at is null",
            new { document }));
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>(
            """
            select count(*) from audit_log
            where action = 'mark_necessary' and entity_id = (select id::text from evaluation_necessity where decision_id = @document)
            """, new { document }));

        var (organizer, _) = await sites.SignedInAsync("organizer");
        var seen = (await organizer.GetHtmlAsync("/Reminders")).Body!.TextContent;
        Assert.Contains("任丘市城市养犬管理规定", seen);
        Assert.Contains("群众反映养犬管理规定执行中问题较多", seen);
    }

    [Fact]
    public async Task The_administrator_creates_an_institution_account_naming_the_institution_and_it_enters_that_institutions_project()
    {
        var project = await CommissionedAsync("implementation", approved: true);
        var (admin, _) = await sites.SignedInAsync("administrator");
        var form = await admin.GetHtmlAsync("/Users/Create");
        Assert.Contains(Institution, form.QuerySelectorAll("#institutions option").Select(o => o.GetAttribute("value")));

        var refused = await (await admin.SubmitAsync("/Users/Create", new Dictionary<string, string?>
        {
            ["UserName"] = "jigou.wang", ["Input.DisplayName"] = "王研究员", ["Input.Role"] = "institution_staff", ["Input.Institution"] = " ",
        })).ReadHtmlAsync();
        Assert.Contains(Resx.Get("User.Institution.Required"), refused.Body!.TextContent);
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from staff_user where user_name = 'jigou.wang'"));

        var created = await (await admin.SubmitAsync("/Users/Create", new Dictionary<string, string?>
        {
            ["UserName"] = "jigou.wang", ["Input.DisplayName"] = "王研究员", ["Input.Role"] = "institution_staff", ["Input.Institution"] = Institution,
            ["Input.DepartmentId"] = "3",   // an institution acts for no department of the city
        })).ReadHtmlAsync();
        var password = created.Text("#new-password");
        Assert.Equal(Institution, await sites.DataSource.ScalarAsync<string>(
            "select institution from staff_user where user_name = 'jigou.wang' and department_id is null and role = 'institution_staff'"));

        var holder = sites.Admin.Browser();
        await holder.SubmitAsync("/Account/Login", new Dictionary<string, string?> { ["UserName"] = "jigou.wang", ["Password"] = password });
        await holder.SubmitAsync("/Account/ChangePassword", new Dictionary<string, string?>
        {
            ["Current"] = password, ["NewPassword"] = "only jigou.wang knows", ["Confirm"] = "only jigou.wang knows",
        });
        Assert.Equal(HttpStatusCode.OK, (await holder.GetAsync($"/Projects/Details/{project}")).StatusCode);
    }
}
