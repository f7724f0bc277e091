using AngleSharp.Html.Dom;
using Dapper;
using Evaluation.Shared.Questionnaires;
using Evaluation.Tests.Infrastructure;
using Resx = Evaluation.Shared.Resources.Texts;

namespace Evaluation.Tests.Admin.Projects;

/// <summary>The project page: stages move only by an explicit action whose preconditions are stated in words.</summary>
public class DetailsTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private static string Errors(IHtmlDocument page) => page.QuerySelector(".validation-summary-errors")?.TextContent ?? "";

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, long project, string handler,
        Dictionary<string, string?>? fields = null) =>
        client.SubmitAsync($"/Projects/Details/{project}", fields ?? [], $"form[action*='handler={handler}']");

    private async Task<string> StageAsync(long project) =>
        await sites.DataSource.ScalarAsync<string>("select stage from evaluation_project where id = @project", new { project });

    [Fact]
    public async Task A_standard_project_moves_from_preparation_to_conclusion_only_when_each_precondition_is_met()
    {
        var (client, userName) = await sites.SignedInAsync("evaluation_staff");
        var decision = await sites.DataSource.DecisionAsync("停车收费管理办法");
        var consultation = await sites.ConsultationAsync(decision);
        var created = await client.SubmitAsync($"/Projects/Create?decisionId={decision}", new Dictionary<string, string?>
        {
            ["Input.Procedure"] = "standard", ["Input.Scope"] = "whole",
        });
        var project = long.Parse(created.RequestMessage!.RequestUri!.Segments[^1]);
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from project_consultation where project_id = @project and consultation_id = @consultation", new { project, consultation }));

        // Preparation → implementation: refused, with every missing piece named.
        var refused = await (await PostAsync(client, project, "Advance")).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Stage.Missing.Team"), Errors(refused));
        Assert.Contains(Resx.Get("Stage.Missing.Plan"), Errors(refused));
        Assert.Contains(Resx.Get("Stage.Missing.SurveyOutline"), Errors(refused));
        Assert.DoesNotContain(Resx.Get("Stage.Missing.Instrument"), Errors(refused));   // the consultation is linked
        Assert.Equal("preparation", await StageAsync(project));

        var me = await sites.DataSource.ScalarAsync<long>("select id from staff_user where user_name = @userName", new { userName });
        await sites.DataSource.MemberAsync(project, me, "leader");
        var incomplete = await (await client.SubmitAsync($"/Projects/Plan/{project}",
            new Dictionary<string, string?>(ProjectData.CompletePlan()) { ["Input.Budget"] = "" })).ReadHtmlAsync();
        Assert.Contains(Resx.Get("ProjectPlan.Budget"), Errors(incomplete));
        await client.SubmitAsync($"/Projects/Plan/{project}", ProjectData.CompletePlan());
        await client.SubmitAsync($"/Projects/Plan/{project}", new Dictionary<string, string?> { ["SurveyOutline"] = "一、实施情况；二、存在问题" },
            "form[action*='handler=Outline']");
        Assert.Equal("implementation", await AdvanceAsync(client, project));

        // Implementation → conclusion: the before/after information and the reviewed conclusions are missing.
        refused = await (await PostAsync(client, project, "Advance")).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Stage.Missing.Before"), Errors(refused));
        Assert.Contains(Resx.Get("Stage.Missing.After"), Errors(refused));
        Assert.Contains(Resx.Get("Stage.Missing.Conclusions"), Errors(refused));

        foreach (var period in new[] { "before", "after" })
            await client.SubmitAsync($"/Projects/Method/{project}", new Dictionary<string, string?>
            {
                ["Input.Method"] = "symposium", ["Input.HeldOn"] = "2026-03-02", ["Input.Place"] = "市政府第三会议室",
                ["Input.ParticipantCount"] = "12", ["Input.Period"] = period, ["Input.Summary"] = $"座谈会（{period}）纪要",
            });
        await PostAsync(client, project, "GenerateConclusions");
        await sites.DataSource.ScalarAsync<DateTime>("select conclusions_generated_at from evaluation_project where id = @project", new { project });
        refused = await (await PostAsync(client, project, "Advance")).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Stage.Missing.ConclusionsReview"), Errors(refused));

        // Only a team member reviews: the organizer sees the project but is not on its team.
        var (organizer, _) = await sites.SignedInAsync("organizer");
        var organizerPage = await organizer.GetHtmlAsync($"/Projects/Details/{project}");
        Assert.Null(organizerPage.QuerySelector("form[action*='handler=ReviewConclusions']"));
        var borrowed = (IHtmlFormElement)organizerPage.QuerySelector("form[action*='handler=GenerateConclusions']")!;
        borrowed.Action = $"/Projects/Details/{project}?handler=ReviewConclusions";
        var notMember = await (await organizer.PostFormAsync(borrowed, $"/Projects/Details/{project}", new Dictionary<string, string?>())).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Project.Conclusions.OnlyTeam"), notMember.Body!.TextContent);
        await using (var conn = await sites.DataSource.OpenConnectionAsync())
            Assert.Null(await conn.ExecuteScalarAsync<DateTime?>("select conclusions_reviewed_at from evaluation_project where id = @project", new { project }));

        // Nor does the member who generated them: another member reviews (issue 23).
        Assert.Null((await client.GetHtmlAsync($"/Projects/Details/{project}")).QuerySelector("form[action*='handler=ReviewConclusions']"));
        var (colleague, _, colleagueId) = await sites.StaffOfAsync("任丘市司法局");
        await sites.DataSource.MemberAsync(project, colleagueId);
        await PostAsync(colleague, project, "ReviewConclusions", new() { ["ReviewNote"] = "结论与座谈会情况一致" });
        Assert.Equal("conclusion", await AdvanceAsync(client, project));
        await using var db = await sites.DataSource.OpenConnectionAsync();
        var audited = (await db.QueryAsync<string>(
            "select action from audit_log where entity = 'evaluation_project' and entity_id = @id order by id", new { id = project.ToString() })).ToList();
        Assert.Equal(2, audited.Count(a => a == "advance_stage"));
        Assert.Contains("review_conclusions", audited);
    }

    private async Task<string> AdvanceAsync(HttpClient client, long project)
    {
        var response = await PostAsync(client, project, "Advance");
        Assert.True(response.IsSuccessStatusCode);
        return await StageAsync(project);
    }

    [Fact]
    public async Task A_simplified_project_needs_a_symposium_an_online_questionnaire_or_a_consultation()
    {
        var (client, userName) = await sites.SignedInAsync("evaluation_staff");
        var project = await sites.DataSource.ProjectAsync(await sites.DataSource.DecisionAsync(), procedure: "simplified");
        var me = await sites.DataSource.ScalarAsync<long>("select id from staff_user where user_name = @userName", new { userName });
        await sites.DataSource.MemberAsync(project, me);
        await client.SubmitAsync($"/Projects/Plan/{project}", ProjectData.CompletePlan());

        var refused = await (await PostAsync(client, project, "Advance")).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Stage.Missing.SimplifiedMethod"), Errors(refused));
        Assert.DoesNotContain(Resx.Get("Stage.Missing.SurveyOutline"), Errors(refused));   // not asked of the simplified procedure

        await client.SubmitAsync($"/Projects/Method/{project}", new Dictionary<string, string?>
        {
            ["Input.Method"] = "symposium", ["Input.HeldOn"] = "2026-03-02", ["Input.Summary"] = "企业座谈会",
        });
        Assert.Equal("implementation", await AdvanceAsync(client, project));
    }

    [Fact]
    public async Task A_commissioned_institution_needs_the_agencys_approval_of_its_team_and_plan()
    {
        var (client, userName) = await sites.SignedInAsync("evaluation_staff");
        var decision = await sites.DataSource.DecisionAsync();
        var project = await sites.DataSource.ProjectAsync(decision, procedure: "simplified", institution: "河北某法治研究院");
        await sites.ConsultationAsync(decision);
        var me = await sites.DataSource.ScalarAsync<long>("select id from staff_user where user_name = @userName", new { userName });
        await sites.DataSource.MemberAsync(project, me);
        await client.SubmitAsync($"/Projects/Plan/{project}", ProjectData.CompletePlan());
        await client.SubmitAsync($"/Projects/Method/{project}", new Dictionary<string, string?>
        {
            ["Input.Method"] = "symposium", ["Input.HeldOn"] = "2026-03-02", ["Input.Summary"] = "座谈会",
        });

        var refused = await (await PostAsync(client, project, "Advance")).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Stage.Missing.InstitutionApproval"), Errors(refused));
        await PostAsync(client, project, "ApproveInstitution");
        // A new version of the plan after the approval needs the approval again (Art. 18).
        await client.SubmitAsync($"/Projects/Plan/{project}", new Dictionary<string, string?>(ProjectData.CompletePlan()) { ["Input.Budget"] = "四万元" });
        refused = await (await PostAsync(client, project, "Advance")).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Stage.Missing.InstitutionApproval"), Errors(refused));
        await PostAsync(client, project, "ApproveInstitution");
        Assert.Equal("implementation", await AdvanceAsync(client, project));
    }

    [Fact]
    public async Task Before_and_after_can_come_from_answered_questionnaire_items_of_the_linked_consultations()
    {
        var (client, userName) = await sites.SignedInAsync("evaluation_staff");
        var decision = await sites.DataSource.DecisionAsync();
        var consultation = await sites.ConsultationAsync(decision);
        var questionnaire = await sites.PublishedQuestionnaireAsync(new Definition([new Section("s1", "评价", null, null,
        [
            new Question("q1", QuestionTypes.Likert, "施行前", Criterion: "effectiveness", Period: Periods.Before),
            new Question("q2", QuestionTypes.Likert, "施行后", Criterion: "effectiveness", Period: Periods.After),
        ])]), consultationId: consultation);
        var project = await sites.DataSource.ProjectAsync(decision);
        await using (var conn = await sites.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync(
                """
                insert into project_consultation (project_id, consultation_id) values (@project, @consultation);
                update evaluation_project set stage = 'implementation' where id = @project;
                """, new { project, consultation });

        var page = await client.GetHtmlAsync($"/Projects/Details/{project}");
        Assert.Contains(Resx.Get("Stage.Missing.Before"), page.Text("ul.missing"));

        await sites.DataSource.AddResponsesAsync(questionnaire, [("citizen", "chuan", new() { ["q1"] = 2, ["q2"] = 4 })]);
        page = await client.GetHtmlAsync($"/Projects/Details/{project}");
        var missing = page.Text("ul.missing");
        Assert.DoesNotContain(Resx.Get("Stage.Missing.Before"), missing);
        Assert.DoesNotContain(Resx.Get("Stage.Missing.After"), missing);
    }

    [Fact]
    public async Task Another_departments_project_is_not_found_by_url_or_post()
    {
        var project = await sites.DataSource.ProjectAsync(await sites.DataSource.DecisionAsync(department: "任丘市教育局"), agency: "任丘市教育局",
            title: "教育局的评估项目");
        var (client, _) = await sites.SignedInAsync("evaluation_staff");   // 任丘市司法局
        foreach (var url in new[] { $"/Projects/Details/{project}", $"/Projects/Team/{project}", $"/Projects/Plan/{project}", $"/Projects/Method/{project}",
                     $"/DataRequests/Create/{project}", $"/Findings/project/{project}", $"/Findings/Export?scope=project&id={project}&format=csv" })
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
        var list = await client.GetHtmlAsync("/Projects");
        Assert.DoesNotContain("教育局的评估项目", list.Body!.TextContent);

        // A POST with a valid antiforgery token of another page changes nothing either.
        var own = await sites.DataSource.ProjectAsync(await sites.DataSource.DecisionAsync());
        var form = (IHtmlFormElement)(await client.GetHtmlAsync($"/Projects/Details/{own}")).QuerySelector("form[action*='handler=Advance']")!;
        form.Action = $"/Projects/Details/{project}?handler=Advance";
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.PostFormAsync(form, $"/Projects/Details/{own}", new Dictionary<string, string?>())).StatusCode);
        Assert.Equal("preparation", await StageAsync(project));
    }

    [Fact]
    public async Task A_new_project_takes_in_the_decisions_tracking_feedback_and_counts_its_information_items_before_and_after_the_effective_date()
    {
        var (client, userName) = await sites.SignedInAsync("evaluation_staff");
        var decision = await sites.DataSource.DecisionAsync("信息资料决策");
        await using (var conn = await sites.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync(
                """
                insert into information_item (decision_id, kind, title, source, occurred_on, confidentiality, created_by, created_at)
                values (@decision, 'hotline_complaint', '投诉一', '12345 热线', date '2026-02-01', 'internal', (select id from staff_user where user_name = @userName), now()),
                       (@decision, 'hotline_complaint', '投诉二', '12345 热线', date '2026-03-01', 'internal', (select id from staff_user where user_name = @userName), now()),
                       (@decision, 'press_report', '报道', '任丘日报', date '2020-01-01', 'public', (select id from staff_user where user_name = @userName), now())
                """, new { decision, userName });
        var created = await client.SubmitAsync($"/Projects/Create?decisionId={decision}", new Dictionary<string, string?> { ["Input.Scope"] = "whole" });
        var project = long.Parse(created.RequestMessage!.RequestUri!.Segments[^1]);
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>(
            """
            select count(*) from project_consultation pc join consultation c on c.id = pc.consultation_id
            where pc.project_id = @project and c.kind = 'standing'
            """, new { project }));

        await client.SubmitAsync($"/Projects/Plan/{project}", ProjectData.CompletePlan());   // 2026-01-05 to 2026-05-29
        var page = await client.GetHtmlAsync($"/Projects/Details/{project}");
        var information = page.QuerySelector("section[aria-labelledby='information'] ul")!.TextContent;
        // Art. 19(1): by the decision's effective date (2024-02-01), not the plan's dates: the report of 2020 is "before".
        Assert.Contains($"{Resx.Get("Period.after")}：{Resx.Get("InfoItem.Kind.hotline_complaint")}：2", information);
        Assert.Contains($"{Resx.Get("Period.before")}：{Resx.Get("InfoItem.Kind.press_report")}：1", information);
    }
}
