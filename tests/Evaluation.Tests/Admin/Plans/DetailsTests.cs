using Dapper;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Plans;

/// <summary>The annual plan's way from draft to approved (Art. 13), and its approved items becoming projects.
/// Each test plans a year of its own.</summary>
public class DetailsTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private const string CityOffice = "任丘市人民政府办公室";
    private const string Education = "任丘市教育局";

    private static readonly Dictionary<string, string?> NoFields = [];

    /// <summary>A date in China time by the sites' clock (fixed while the class runs, so two calls agree).</summary>
    private string Today(int days = 0) =>
        DateOnly.FromDateTime(sites.Now.AddHours(8)).AddDays(days).ToString("yyyy-MM-dd");

    private async Task<string> StateAsync(long plan) =>
        await sites.DataSource.ScalarAsync<string>("select state from annual_plan where id = @plan", new { plan });

    [Fact]
    public async Task The_organizer_submits_a_plan_and_records_its_approval_each_step_audited()
    {
        var client = await sites.SignedInAsync("organizer", CityOffice);
        var created = await client.SubmitAsync("/Plans", new Dictionary<string, string?> { ["Input.Year"] = "2031" }, "#create-plan");
        var url = created.RequestMessage!.RequestUri!.AbsolutePath;
        Assert.StartsWith("/Plans/Details/", url);
        var plan = long.Parse(url.Split('/')[^1]);
        await sites.DataSource.PlanItemAsync(plan, await sites.DataSource.DecisionAsync("2031年评估的决策", department: Education));

        var page = await (await client.SubmitAsync(url, NoFields, "form[action*='handler=Submit']")).ReadHtmlAsync();
        Assert.Equal("已报送", page.Text("#plan-state"));
        page = await (await client.SubmitAsync(url, new Dictionary<string, string?>
        {
            ["Approval.ApprovalNumber"] = "任政字〔2031〕5号", ["Approval.ApprovedOn"] = Today(-1),
        }, "#approve-plan")).ReadHtmlAsync();
        Assert.Equal("已批准", page.Text("#plan-state"));
        Assert.Equal("任政字〔2031〕5号", page.Text("#approval-number"));

        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var row = await conn.QuerySingleAsync<(string State, string Number, DateTime On)>(
            "select state, approval_number, approved_on from annual_plan where id = @plan", new { plan });
        Assert.Equal(("approved", "任政字〔2031〕5号", DateTime.Parse(Today(-1))), row);
        var actions = (await conn.QueryAsync<string>(
            "select action from audit_log where entity = 'annual_plan' and entity_id = @plan::text order by id", new { plan })).ToList();
        Assert.Equal(["create", "submit_plan", "approve_plan"], actions);
    }

    [Fact]
    public async Task Approval_needs_the_document_number_and_a_date_not_in_the_future()
    {
        var plan = await sites.DataSource.PlanAsync(2032, "submitted");
        await sites.DataSource.PlanItemAsync(plan, await sites.DataSource.DecisionAsync("2032年评估的决策", department: Education));
        var client = await sites.SignedInAsync("organizer", CityOffice);

        var page = await (await client.SubmitAsync($"/Plans/Details/{plan}", new Dictionary<string, string?>
        {
            ["Approval.ApprovalNumber"] = "", ["Approval.ApprovedOn"] = Today(),
        }, "#approve-plan")).ReadHtmlAsync();
        Assert.Contains("请填写批准文号。", page.Text("#approve-plan"));
        Assert.Equal(Today(), page.QuerySelector("#Approval_ApprovedOn")!.GetAttribute("value"));
        Assert.Equal("submitted", await StateAsync(plan));

        page = await (await client.SubmitAsync($"/Plans/Details/{plan}", new Dictionary<string, string?>
        {
            ["Approval.ApprovalNumber"] = "任政字〔2032〕1号", ["Approval.ApprovedOn"] = Today(1),
        }, "#approve-plan")).ReadHtmlAsync();
        Assert.Contains("批准日期不能晚于今天。", page.Text("#approve-plan"));
        Assert.Equal("任政字〔2032〕1号", page.QuerySelector("#Approval_ApprovalNumber")!.GetAttribute("value"));
        Assert.Equal("submitted", await StateAsync(plan));
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        Assert.Null(await conn.ExecuteScalarAsync<string?>("select approval_number from annual_plan where id = @plan", new { plan }));
    }

    [Fact]
    public async Task Each_refused_state_change_says_why()
    {
        var plan = await sites.DataSource.PlanAsync(2033);
        var organizer = await sites.SignedInAsync("organizer", CityOffice);
        var url = $"/Plans/Details/{plan}";

        var page = await (await organizer.SubmitAsync(url, NoFields, "form[action*='handler=Submit']")).ReadHtmlAsync();
        Assert.Contains("年度计划中还没有评估事项，不能报送。", page.Text(".validation-summary-errors"));
        page = await (await organizer.PostAsync($"{url}?handler=Approve", new Dictionary<string, string?>
        {
            ["Approval.ApprovalNumber"] = "任政字〔2033〕1号", ["Approval.ApprovedOn"] = Today(),
        })).ReadHtmlAsync();
        Assert.Contains("年度计划尚未报送，须先报送市政府审批，才能记录批准。", page.Text(".validation-summary-errors"));

        var decision = await sites.DataSource.DecisionAsync("2033年评估的决策", department: Education);
        await sites.DataSource.PlanItemAsync(plan, decision);
        var staff = await sites.SignedInAsync("evaluation_staff", Education);
        page = await (await staff.PostAsync($"{url}?handler=Submit", NoFields)).ReadHtmlAsync();
        Assert.Contains("只有市政府办公室（组织实施机构）或系统管理员可以报送、退回和批准年度计划。", page.Text(".validation-summary-errors"));
        Assert.Equal("draft", await StateAsync(plan));

        await organizer.SubmitAsync(url, NoFields, "form[action*='handler=Submit']");
        Assert.Equal("submitted", await StateAsync(plan));
        page = await (await organizer.PostAsync($"{url}?handler=Submit", NoFields)).ReadHtmlAsync();
        Assert.Contains("只有草案状态的年度计划可以报送。", page.Text(".validation-summary-errors"));
        page = await (await organizer.SubmitAsync(url, NoFields, "form[action*='handler=Return']")).ReadHtmlAsync();
        Assert.Equal("草案", page.Text("#plan-state"));
        Assert.Equal("return_plan", await sites.DataSource.ScalarAsync<string>(
            "select action from audit_log where entity = 'annual_plan' and entity_id = @plan::text order by id desc limit 1", new { plan }));
    }

    [Fact]
    public async Task An_approved_item_becomes_a_project_with_one_action_and_only_once()
    {
        var plan = await sites.DataSource.PlanAsync(2034, "approved");
        var decision = await sites.DataSource.DecisionAsync("任丘市校外培训机构管理办法", department: Education);
        var item = await sites.DataSource.ScalarAsync<long>(
            """
            insert into annual_plan_item (plan_id, decision_id, scope, parts, agency_department_id, commissioned_institution, planned_start, planned_end)
            values (@plan, @decision, 'partial', '第三章 收费管理', (select id from department where name = '任丘市教育局'), '河北省某评估研究院',
                    date '2034-03-01', date '2034-09-30')
            returning id
            """, new { plan, decision });
        var client = await sites.SignedInAsync("organizer", CityOffice);

        var response = await client.SubmitAsync($"/Plans/Details/{plan}", new Dictionary<string, string?> { ["procedure"] = "simplified" },
            $"#item-{item} form.create-project");
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var project = await conn.QuerySingleAsync<(long Id, long DecisionId, string Title, string Procedure, string Scope, string Parts, string Agency, string Institution, string CreatedBy)>(
            """
            select p.id, p.decision_id, p.title, p.procedure, p.scope, p.parts, d.name, p.commissioned_institution, s.user_name
            from evaluation_project p join department d on d.id = p.agency_department_id join staff_user s on s.id = p.created_by
            where p.plan_item_id = @item
            """, new { item });
        Assert.Equal((decision, "任丘市校外培训机构管理办法", "simplified", "partial", "第三章 收费管理", Education, "河北省某评估研究院"),
            (project.DecisionId, project.Title, project.Procedure, project.Scope, project.Parts, project.Agency, project.Institution));
        // The project page is the lead's (Admin 评估项目): the action lands there.
        var landed = response.RequestMessage!.RequestUri!;
        Assert.Equal("/Projects/Details", landed.AbsolutePath.Replace($"/{project.Id}", ""));
        Assert.Contains(project.Id.ToString(), landed.PathAndQuery);
        Assert.Equal(1L, await conn.ExecuteScalarAsync<long>(
            "select count(*) from audit_log where entity = 'evaluation_project' and entity_id = @id::text and action = 'create' and (after ->> 'plan_item_id')::bigint = @item",
            new { id = project.Id, item }));

        var again = await (await client.PostAsync($"/Plans/Details/{plan}?handler=CreateProject&itemId={item}", NoFields)).ReadHtmlAsync();
        Assert.Contains("该事项已经立项。", again.Text(".validation-summary-errors"));
        Assert.Equal(1L, await conn.ExecuteScalarAsync<long>("select count(*) from evaluation_project where decision_id = @decision", new { decision }));
    }

    [Fact]
    public async Task Items_of_a_plan_not_yet_approved_or_of_a_decision_already_evaluated_do_not_become_projects()
    {
        var draft = await sites.DataSource.PlanAsync(2035);
        var draftItem = await sites.DataSource.PlanItemAsync(draft, await sites.DataSource.DecisionAsync("草案中的决策", department: Education));
        var client = await sites.SignedInAsync("organizer", CityOffice);
        var page = await (await client.PostAsync($"/Plans/Details/{draft}?handler=CreateProject&itemId={draftItem}", NoFields)).ReadHtmlAsync();
        Assert.Contains("年度计划经市政府批准后，其中的事项才能立项。", page.Text(".validation-summary-errors"));

        var approved = await sites.DataSource.PlanAsync(2036, "approved");
        var covered = await sites.DataSource.DecisionAsync("已有项目的决策", department: Education);
        await sites.DataSource.ProjectAsync(covered);
        var coveredItem = await sites.DataSource.PlanItemAsync(approved, covered);
        page = await (await client.PostAsync($"/Plans/Details/{approved}?handler=CreateProject&itemId={coveredItem}", NoFields)).ReadHtmlAsync();
        Assert.Contains("该决策已有评估项目，不能重复立项。", page.Text(".validation-summary-errors"));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from evaluation_project where plan_item_id in (@draftItem, @coveredItem)", new { draftItem, coveredItem }));
    }
}
