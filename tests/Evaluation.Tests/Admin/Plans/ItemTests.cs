using System.Net;
using Dapper;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Plans;

/// <summary>The items of the annual plan (Art. 13, 14): free in a draft, closed while submitted, only added as recorded
/// amendments once approved. Each test plans a year of its own.</summary>
public class ItemTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private const string CityOffice = "任丘市人民政府办公室";
    private const string Education = "任丘市教育局";
    private const string CivilAffairs = "任丘市民政局";

    private async Task<long> DepartmentAsync(string name) =>
        await sites.DataSource.ScalarAsync<long>("select id from department where name = @name", new { name });

    private async Task<Dictionary<string, string?>> ItemFormAsync(long decision, string agency = Education) => new()
    {
        ["Input.DecisionId"] = decision.ToString(),
        ["Input.Scope"] = "whole",
        ["Input.Parts"] = "",
        ["Input.AgencyDepartmentId"] = (await DepartmentAsync(agency)).ToString(),
        ["Input.CommissionedInstitution"] = "",
        ["Input.PlannedStart"] = "2041-03-01",
        ["Input.PlannedEnd"] = "2041-09-30",
    };

    private async Task<long> ItemCountAsync(long plan) =>
        await sites.DataSource.ScalarAsync<long>("select count(*) from annual_plan_item where plan_id = @plan", new { plan });

    [Fact]
    public async Task Items_are_added_edited_and_removed_freely_in_a_draft_each_change_audited()
    {
        var plan = await sites.DataSource.PlanAsync(2041);
        var decision = await sites.DataSource.DecisionAsync("任丘市中小学课后服务管理办法", department: Education);
        var client = await sites.SignedInAsync("organizer", CityOffice);

        var form = await ItemFormAsync(decision);
        form["Input.CommissionedInstitution"] = "河北某评估研究院";
        var saved = await client.SubmitAsync($"/Plans/Item/{plan}", form);
        Assert.Equal($"/Plans/Details/{plan}", saved.RequestMessage!.RequestUri!.AbsolutePath);
        var item = await sites.DataSource.ScalarAsync<long>("select id from annual_plan_item where plan_id = @plan", new { plan });

        form["Input.Scope"] = "partial";
        form["Input.Parts"] = "第二章 服务收费";
        await client.SubmitAsync($"/Plans/Item/{plan}/{item}", form);
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var row = await conn.QuerySingleAsync<(string Scope, string Parts, string Institution, bool IsAmendment)>(
            "select scope, parts, commissioned_institution, is_amendment from annual_plan_item where id = @item", new { item });
        Assert.Equal(("partial", "第二章 服务收费", "河北某评估研究院", false), row);

        var page = await (await client.SubmitAsync($"/Plans/Details/{plan}", new Dictionary<string, string?>(), $"#item-{item} form[action*='handler=RemoveItem']")).ReadHtmlAsync();
        Assert.Null(page.QuerySelector($"#item-{item}"));
        Assert.Equal(0L, await ItemCountAsync(plan));
        var audit = (await conn.QueryAsync<(string Action, string? Before, string? After)>(
            "select action, before ->> 'scope', after ->> 'scope' from audit_log where entity = 'annual_plan_item' and entity_id = @item::text order by id",
            new { item })).ToList();
        Assert.Equal([("create", null, "whole"), ("update", "whole", "partial"), ("remove_plan_item", "partial", null)], audit);
    }

    [Fact]
    public async Task A_partial_evaluation_names_its_parts_and_the_plan_does_not_end_before_it_starts()
    {
        var plan = await sites.DataSource.PlanAsync(2042);
        var decision = await sites.DataSource.DecisionAsync("部分评估的决策", department: Education);
        var client = await sites.SignedInAsync("organizer", CityOffice);

        var form = await ItemFormAsync(decision);
        form["Input.Scope"] = "partial";
        form["Input.CommissionedInstitution"] = "保留的机构名称";
        form["Input.PlannedEnd"] = "2041-02-01";
        var page = await (await client.SubmitAsync($"/Plans/Item/{plan}", form)).ReadHtmlAsync();
        Assert.Contains("部分评估须写明评估的部分（条款或章节）。", page.Body!.TextContent);
        Assert.Contains("计划完成日期不能早于计划开始日期。", page.Body.TextContent);
        Assert.Equal("保留的机构名称", page.QuerySelector("#Input_CommissionedInstitution")!.GetAttribute("value"));
        Assert.Equal(0L, await ItemCountAsync(plan));
    }

    [Fact]
    public async Task Items_of_an_approved_plan_are_never_changed_or_removed()
    {
        var plan = await sites.DataSource.PlanAsync(2043, "approved");
        var decision = await sites.DataSource.DecisionAsync("已批准计划中的决策", department: Education);
        var item = await sites.DataSource.PlanItemAsync(plan, decision);
        var client = await sites.SignedInAsync("organizer", CityOffice);
        const string locked = "年度计划已经批准，其中的事项不能修改或删除；如需调整，请以修订方式增加事项并说明理由。";

        var edit = await client.GetHtmlAsync($"/Plans/Item/{plan}/{item}");
        Assert.Equal(locked, edit.Text("#refusal"));
        Assert.Null(edit.QuerySelector("main form"));
        var details = await client.GetHtmlAsync($"/Plans/Details/{plan}");
        Assert.Null(details.QuerySelector($"#item-{item} form[action*='handler=RemoveItem']"));

        var form = await ItemFormAsync(decision);
        form["Input.PlannedEnd"] = "2041-12-31";
        var posted = await (await client.PostAsync($"/Plans/Item/{plan}/{item}", form)).ReadHtmlAsync();
        Assert.Equal(locked, posted.Text("#refusal"));
        var removed = await (await client.PostAsync($"/Plans/Details/{plan}?handler=RemoveItem&itemId={item}", new Dictionary<string, string?>())).ReadHtmlAsync();
        Assert.Contains(locked, removed.Text(".validation-summary-errors"));

        Assert.Equal("2030-10-31", (await sites.DataSource.ScalarAsync<DateTime>(
            "select planned_end from annual_plan_item where id = @item", new { item })).ToString("yyyy-MM-dd"));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where entity = 'annual_plan_item' and entity_id = @item::text", new { item }));
    }

    [Fact]
    public async Task After_approval_an_item_is_added_only_as_a_recorded_amendment_with_a_reason()
    {
        var plan = await sites.DataSource.PlanAsync(2044, "approved");
        var decision = await sites.DataSource.DecisionAsync("计划批准后增加的决策", department: Education);
        var client = await sites.SignedInAsync("organizer", CityOffice);
        Assert.Contains("将作为计划修订记录在案", (await client.GetHtmlAsync($"/Plans/Item/{plan}")).Body!.TextContent);

        var form = await ItemFormAsync(decision);
        form["Input.CommissionedInstitution"] = "某大学法学院";
        var page = await (await client.SubmitAsync($"/Plans/Item/{plan}", form)).ReadHtmlAsync();
        Assert.Contains("计划已批准，增加事项须作为修订，请填写修订理由。", page.Body!.TextContent);
        Assert.Equal("某大学法学院", page.QuerySelector("#Input_CommissionedInstitution")!.GetAttribute("value"));
        Assert.Equal(0L, await ItemCountAsync(plan));

        form["Input.AmendmentReason"] = "上级部署专项清理，年中增加";
        var details = await (await client.SubmitAsync($"/Plans/Item/{plan}", form)).ReadHtmlAsync();
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var row = await conn.QuerySingleAsync<(long Id, bool IsAmendment, string Reason)>(
            "select id, is_amendment, amendment_reason from annual_plan_item where plan_id = @plan", new { plan });
        Assert.Equal((true, "上级部署专项清理，年中增加"), (row.IsAmendment, row.Reason));
        Assert.Contains("上级部署专项清理，年中增加", details.Text($"#item-{row.Id}"));
        Assert.Equal("修订", details.Text($"#item-{row.Id} .badge"));
        Assert.Equal("amend_plan", await conn.ExecuteScalarAsync<string>(
            "select action from audit_log where entity = 'annual_plan_item' and entity_id = @id::text", new { id = row.Id }));
    }

    [Fact]
    public async Task A_submitted_plan_takes_no_new_items()
    {
        var plan = await sites.DataSource.PlanAsync(2045, "submitted");
        var decision = await sites.DataSource.DecisionAsync("报送后想加入的决策", department: Education);
        var client = await sites.SignedInAsync("organizer", CityOffice);
        const string refused = "年度计划已报送市政府审批，暂不能增加事项；如需调整，请由市政府办公室退回修改。";

        Assert.Equal(refused, (await client.GetHtmlAsync($"/Plans/Item/{plan}")).Text("#refusal"));
        var page = await (await client.PostAsync($"/Plans/Item/{plan}", await ItemFormAsync(decision))).ReadHtmlAsync();
        Assert.Equal(refused, page.Text("#refusal"));
        Assert.Equal(0L, await ItemCountAsync(plan));
    }

    [Fact]
    public async Task Evaluation_staff_plan_the_decisions_of_their_own_department_only()
    {
        var plan = await sites.DataSource.PlanAsync(2046);
        var own = await sites.DataSource.DecisionAsync("教育局的决策（计划）", department: Education);
        var other = await sites.DataSource.DecisionAsync("民政局的决策（计划）", department: CivilAffairs);
        var otherItem = await sites.DataSource.PlanItemAsync(plan, other);
        var client = await sites.SignedInAsync("evaluation_staff", Education);

        var form = await client.GetHtmlAsync($"/Plans/Item/{plan}");
        var choices = form.QuerySelectorAll("#Input_DecisionId option").Select(o => o.TextContent).ToList();
        Assert.Contains("教育局的决策（计划）", choices);
        Assert.DoesNotContain("民政局的决策（计划）", choices);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/Plans/Item/{plan}", await ItemFormAsync(other))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Plans/Item/{plan}/{otherItem}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/Plans/Details/{plan}?handler=RemoveItem&itemId={otherItem}", new Dictionary<string, string?>())).StatusCode);

        var page = await (await client.SubmitAsync($"/Plans/Item/{plan}", await ItemFormAsync(own, CivilAffairs))).ReadHtmlAsync();
        Assert.Contains("只能以本部门作为评估机关；指定其他部门请由市政府办公室办理。", page.Body!.TextContent);
        await client.SubmitAsync($"/Plans/Item/{plan}", await ItemFormAsync(own));
        Assert.Equal(2L, await ItemCountAsync(plan));

        var details = await client.GetHtmlAsync($"/Plans/Details/{plan}");
        Assert.Contains("教育局的决策（计划）", details.Text("#items"));
        Assert.DoesNotContain("民政局的决策（计划）", details.Text("#items"));
        Assert.Null(details.QuerySelector("#submit-plan"));
    }
}
