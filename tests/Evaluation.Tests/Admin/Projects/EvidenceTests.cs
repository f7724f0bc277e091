using System.Net;
using Dapper;
using Evaluation.Tests.Infrastructure;
using Resx = Evaluation.Shared.Resources.Texts;

namespace Evaluation.Tests.Admin.Projects;

/// <summary>
/// Every method's evidence in the conclusions (Art. 16, 19(3), 27): findings on methods, data requests and information
/// items; the draft from the survey and the findings together; legality on legality evidence; the judgement that must
/// link its evidence; information over the decision's implementation period; a conclusion's evidence one click away.
/// </summary>
public class EvidenceTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private sealed record Setup(long Decision, long Project, long Consultation, long Method, long Request, long Item);

    /// <summary>
    /// A project of the justice bureau in implementation, its decision in force since 2024-02-01, a linked consultation
    /// (answers to a legality item, one per point given), a case-file review, an answered data request and a 12345 item.
    /// </summary>
    private async Task<Setup> ProjectAsync(string userName, params int[] legalityPoints)
    {
        var (consultation, _) = await sites.ConsultationWithAnswersAsync(legalityPoints);
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var decision = await conn.ExecuteScalarAsync<long>("select decision_id from consultation where id = @consultation", new { consultation });
        var project = await sites.DataSource.ProjectAsync(decision);
        var me = await conn.ExecuteScalarAsync<long>("select id from staff_user where user_name = @userName", new { userName });
        var ids = await conn.QuerySingleAsync<(long Method, long Request, long Item)>(
            """
            update evaluation_project set stage = 'implementation' where id = @project;
            insert into project_consultation (project_id, consultation_id) values (@project, @consultation);
            insert into project_member (project_id, staff_user_id, member_kind, team_role) values (@project, @me, 'staff', 'leader');
            with m as (
                insert into project_method (project_id, method, held_on, participant_count, period, summary, recorded_by, recorded_at)
                values (@project, 'case_file_review', date '2026-03-02', 3, 'after', '抽查 30 件行政处罚案卷', @me, now()) returning id
            ), r as (
                insert into data_request (project_id, department_id, subject, details, due_on, requested_by, requested_at, answer, answered_by, answered_at)
                values (@project, (select id from department where name = '任丘市司法局'), '备案审查数据', '请提供备案审查情况', date '2026-03-10',
                        @me, now(), '2025 年备案审查规范性文件 18 件，纠正 2 件。', @me, now()) returning id
            ), i as (
                insert into information_item (decision_id, kind, title, source, occurred_on, confidentiality, created_by, created_at)
                values (@decision, 'hotline_complaint', '12345 投诉：停车收费', '12345 热线', date '2025-06-01', 'internal', @me, now()) returning id
            )
            select (select id from m), (select id from r), (select id from i)
            """, new { project, consultation, decision, me });
        return new Setup(decision, project, consultation, ids.Method, ids.Request, ids.Item);
    }

    private static Dictionary<string, string?> Finding(string statement, string criterion, string direction, int? part = null, int? whole = null) => new()
    {
        ["Input.Statement"] = statement, ["Input.Criteria"] = criterion, ["Input.Direction"] = direction,
        ["Input.Numerator"] = part?.ToString(), ["Input.Denominator"] = whole?.ToString(),
    };

    private static Task<HttpResponseMessage> RecordAsync(HttpClient client, long project, string source, long sourceId, Dictionary<string, string?> fields) =>
        client.SubmitAsync($"/Projects/Evidence/{project}?source={source}&sourceId={sourceId}", fields, "form#finding");

    private async Task<DateTime?> ReviewedAtAsync(long project)
    {
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<DateTime?>("select conclusions_reviewed_at from evaluation_project where id = @project", new { project });
    }

    private static Task<HttpResponseMessage> GenerateAsync(HttpClient client, long project) =>
        client.SubmitAsync($"/Projects/Details/{project}", new Dictionary<string, string?>(), "form[action*='handler=GenerateConclusions']");

    [Fact]
    public async Task A_finding_is_recorded_on_a_method_a_data_request_and_an_information_item_and_another_department_gets_not_found()
    {
        var (client, userName) = await sites.SignedInAsync("evaluation_staff");
        var s = await ProjectAsync(userName, 4);

        await RecordAsync(client, s.Project, "method", s.Method, Finding("抽查的 30 件案卷中 12 件未听取陈述申辩", "legality", "concern", 12, 30));
        await RecordAsync(client, s.Project, "data_request", s.Request, Finding("备案审查纠正的文件很少", "legality", "supports", 2, 18));
        await RecordAsync(client, s.Project, "information_item", s.Item, Finding("停车收费投诉集中在收费标准", "rationality", "concern"));
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var rows = (await conn.QueryAsync<(long? Method, long? Request, long? Item, string Criterion, int? Part, int? Whole)>(
            """
            select f.method_id, f.data_request_id, f.information_item_id, c.criterion, f.numerator, f.denominator
            from evidence_finding f join evidence_finding_criterion c on c.finding_id = f.id where f.project_id = @Project order by f.id
            """, new { s.Project })).ToList();
        Assert.Equal([$"{s.Method}|||legality|12|30", $"|{s.Request}||legality|2|18", $"||{s.Item}|rationality||"],
            rows.Select(r => $"{r.Method}|{r.Request}|{r.Item}|{r.Criterion}|{r.Part}|{r.Whole}").ToList());
        Assert.Equal(3L, await conn.ExecuteScalarAsync<long>(
            "select count(*) from audit_log where action = 'record_finding' and entity_id = @id", new { id = s.Project.ToString() }));

        // The data request's page and the information items' page show the findings recorded from them.
        Assert.Contains("备案审查纠正的文件很少", (await client.GetHtmlAsync($"/DataRequests/Details/{s.Request}")).Text("#findings ~ ul"));
        Assert.Contains("停车收费投诉集中在收费标准", (await client.GetHtmlAsync($"/InfoItems?decisionId={s.Decision}")).Text($"#item-{s.Item}"));

        // Counts are a part of a whole: 13 of 12 is refused in words, nothing stored.
        var refused = await (await RecordAsync(client, s.Project, "method", s.Method, Finding("多于总数", "legality", "concern", 13, 12))).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Evidence.Counts.PartOfWhole"), refused.Body!.TextContent);
        Assert.Equal(3L, await conn.ExecuteScalarAsync<long>("select count(*) from evidence_finding where project_id = @Project", new { s.Project }));

        // Another department's staff: the page and a forged post are not found, and an item of another decision is not found either.
        var (other, _, _) = await sites.StaffOfAsync("任丘市教育局");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Projects/Evidence/{s.Project}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostWithTokenAsync($"/Projects/Evidence/{s.Project}", new()
        {
            ["Source"] = "method", ["SourceId"] = s.Method.ToString(), ["Input.Statement"] = "伪造", ["Input.Criteria"] = "legality", ["Input.Direction"] = "concern",
        })).StatusCode);
        var otherItem = await conn.ExecuteScalarAsync<long>(
            """
            insert into information_item (decision_id, kind, title, source, occurred_on, confidentiality, created_by, created_at)
            values (@decision, 'press_report', '别的决策的报道', '任丘日报', date '2025-01-01', 'public', (select id from staff_user where user_name = @userName), now())
            returning id
            """, new { decision = await sites.DataSource.DecisionAsync("别的决策"), userName });
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Projects/Evidence/{s.Project}?source=information_item&sourceId={otherItem}")).StatusCode);
        Assert.Equal(3L, await conn.ExecuteScalarAsync<long>("select count(*) from evidence_finding where project_id = @Project", new { s.Project }));
    }

    [Fact]
    public async Task A_finding_is_corrected_while_the_projects_data_is_open_and_locked_once_it_moved_on()
    {
        var (client, userName) = await sites.SignedInAsync("evaluation_staff");
        var s = await ProjectAsync(userName, 4);
        await RecordAsync(client, s.Project, "method", s.Method, Finding("抽查的 30 件案卷中 12 件程序不当", "legality", "concern", 12, 30));
        var finding = await sites.DataSource.ScalarAsync<long>("select id from evidence_finding where project_id = @Project", new { s.Project });

        var edit = $"/Projects/Evidence/{s.Project}?finding={finding}";
        Assert.Equal("抽查的 30 件案卷中 12 件程序不当", (await client.GetHtmlAsync(edit)).Text("#Input_Statement"));
        await client.SubmitAsync(edit, Finding("抽查的 30 件案卷中 10 件程序不当", "rationality", "concern", 10, 30), "form#finding");
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        Assert.Equal(("抽查的 30 件案卷中 10 件程序不当", 10, "rationality"), await conn.QuerySingleAsync<(string, int, string)>(
            """
            select f.statement, f.numerator, c.criterion from evidence_finding f join evidence_finding_criterion c on c.finding_id = f.id
            where f.id = @finding
            """, new { finding }));
        Assert.Equal(1L, await conn.ExecuteScalarAsync<long>("select count(*) from audit_log where action = 'edit_finding' and entity_id = @id",
            new { id = s.Project.ToString() }));

        // In the conclusion stage the evidence the conclusions rest on no longer changes.
        var form = (AngleSharp.Html.Dom.IHtmlFormElement)(await client.GetHtmlAsync(edit)).QuerySelector("form#finding")!;
        await conn.ExecuteAsync("update evaluation_project set stage = 'conclusion' where id = @Project", new { s.Project });
        var locked = await (await client.PostFormAsync(form, edit, Finding("改过的", "legality", "supports"))).ReadHtmlAsync();
        Assert.Contains(Texts.Get("Evidence.Locked", Resx.Get("Stage.conclusion")), locked.Body!.TextContent);
        Assert.Equal("抽查的 30 件案卷中 10 件程序不当", await conn.ExecuteScalarAsync<string>("select statement from evidence_finding where id = @finding", new { finding }));
        Assert.Null((await client.GetHtmlAsync($"/Projects/Evidence/{s.Project}")).QuerySelector("form#finding"));
    }

    [Fact]
    public async Task The_draft_of_a_standard_with_too_few_survey_answers_proposes_a_level_from_a_case_file_finding()
    {
        var (client, userName) = await sites.SignedInAsync("evaluation_staff");
        var s = await ProjectAsync(userName, 4, 5);   // two answers on legality, none on rationality: insufficient
        await RecordAsync(client, s.Project, "method", s.Method, Finding("抽查的 30 件案卷中 6 件处罚幅度明显不当", "rationality", "concern", 6, 30));
        await GenerateAsync(client, s.Project);

        var page = await client.GetHtmlAsync($"/Projects/Conclusion/{s.Project}/rationality");
        Assert.Equal(Resx.Get("Conclusion.concern"), page.Text("#draft-level"));
        var draft = page.Text("#draft-text");
        Assert.Contains(Resx.Get("Evidence.Reason.survey_limited"), draft);
        Assert.Contains("6/30，20.0%", draft);   // the figure quoted from the finding's counts
        Assert.Contains(Resx.Get("Evidence.Draft.NoSurvey"), draft);
        // The project page lists the proposal beside the survey's own "insufficient".
        var row = (await client.GetHtmlAsync($"/Projects/Details/{s.Project}")).Text("#conclusion-rationality");
        Assert.Contains(Resx.Get("Conclusion.insufficient"), row);
        Assert.Contains(Resx.Get("Conclusion.concern"), row);
    }

    [Fact]
    public async Task Legality_with_only_survey_data_says_it_lacks_legality_evidence_and_refuses_a_firm_judgement_on_opinion_alone()
    {
        var (client, userName) = await sites.SignedInAsync("evaluation_staff");
        var s = await ProjectAsync(userName, Enumerable.Repeat(5, 40).ToArray());   // a clear survey: no concern by its rule
        await GenerateAsync(client, s.Project);

        var page = await client.GetHtmlAsync($"/Projects/Conclusion/{s.Project}/legality");
        Assert.Contains(Resx.Get("Conclusion.no_concern"), page.Text("#survey-line"));
        Assert.Equal(Resx.Get("Conclusion.insufficient"), page.Text("#draft-level"));
        Assert.Contains(Resx.Get("Evidence.Reason.legality_lacks_evidence"), page.Text("#draft-text"));

        var refused = await (await client.SubmitAsync($"/Projects/Conclusion/{s.Project}/legality", new Dictionary<string, string?>
        {
            ["Level"] = "no_concern", ["Text"] = "公众普遍认为合法", ["Evidence"] = "survey",
        }, "form#judge")).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Judgement.Evidence.Legality"), refused.Body!.TextContent);
        Assert.DoesNotContain("\"Judgement\":{", await sites.DataSource.ScalarAsync<string>(
            "select preliminary_conclusions::text from evaluation_project where id = @Project", new { s.Project }));
    }

    [Fact]
    public async Task A_judgement_without_linked_evidence_is_refused_and_a_changed_judgement_needs_a_new_review()
    {
        var (client, userName) = await sites.SignedInAsync("evaluation_staff");
        var s = await ProjectAsync(userName, 3);
        await RecordAsync(client, s.Project, "method", s.Method, Finding("抽查的 30 件案卷中 12 件未听取陈述申辩", "legality", "concern", 12, 30));
        await GenerateAsync(client, s.Project);
        var (colleague, _, colleagueId) = await sites.StaffOfAsync("任丘市司法局");   // another member reviews (issue 23)
        await sites.DataSource.MemberAsync(s.Project, colleagueId);
        await colleague.SubmitAsync($"/Projects/Details/{s.Project}", new Dictionary<string, string?>(), "form[action*='handler=ReviewConclusions']");
        Assert.NotNull(await ReviewedAtAsync(s.Project));

        var url = $"/Projects/Conclusion/{s.Project}/legality";
        var refused = await (await client.SubmitAsync(url, new Dictionary<string, string?>
        {
            ["Level"] = "serious_concern", ["Text"] = "案卷评查发现程序问题较多", ["Evidence"] = null,
        }, "form#judge")).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Judgement.Evidence.Required"), refused.Body!.TextContent);
        Assert.NotNull(await ReviewedAtAsync(s.Project));

        var finding = await sites.DataSource.ScalarAsync<long>("select id from evidence_finding where project_id = @Project", new { s.Project });
        var saved = await (await client.SubmitAsync(url, new Dictionary<string, string?>
        {
            ["Level"] = "serious_concern", ["Text"] = "案卷评查发现程序问题较多", ["Evidence"] = $"finding:{finding}",
        }, "form#judge")).ReadHtmlAsync();
        Assert.Equal(Resx.Get("Conclusion.serious_concern"), saved.Text("#judged .badge"));
        Assert.Contains("12/30，40.0%", saved.Text("#judged-evidence"));
        Assert.Null(await ReviewedAtAsync(s.Project));
        var details = await client.GetHtmlAsync($"/Projects/Details/{s.Project}");
        Assert.Contains(Resx.Get("Stage.Missing.ConclusionsReview"), details.Text("ul.missing"));
        Assert.Contains(Resx.Get("Conclusion.serious_concern"), details.Text("#conclusion-legality"));
    }

    [Fact]
    public async Task An_information_item_after_the_decisions_effective_date_but_before_the_planned_start_is_counted()
    {
        var (client, userName) = await sites.SignedInAsync("evaluation_staff");
        var s = await ProjectAsync(userName, 4);   // effective 2024-02-01; the 12345 item of 2025-06-01
        await client.SubmitAsync($"/Projects/Plan/{s.Project}", ProjectData.CompletePlan());   // planned from 2026-01-05
        var information = (await client.GetHtmlAsync($"/Projects/Details/{s.Project}")).Text("#information-counts");
        Assert.Contains(Texts.Get("Format.Label", Texts.Get("Format.LabelValue", Resx.Get("Period.after"), Resx.Get("InfoItem.Kind.hotline_complaint"))) + "1",
            information);
        Assert.DoesNotContain(Resx.Get("Project.Information.None"), (await client.GetHtmlAsync($"/Projects/Details/{s.Project}")).Body!.TextContent);
        Assert.Contains(Resx.Get("Period.after"), (await client.GetHtmlAsync($"/Projects/Evidence/{s.Project}")).Text($"#item-{s.Item} h3"));
    }

    [Fact]
    public async Task A_conclusion_links_to_the_page_of_each_piece_of_its_evidence()
    {
        var (client, userName) = await sites.SignedInAsync("evaluation_staff");
        var s = await ProjectAsync(userName, 4);
        await RecordAsync(client, s.Project, "data_request", s.Request, Finding("备案审查纠正 2 件", "legality", "supports", 2, 18));
        await GenerateAsync(client, s.Project);

        // Project page → the conclusion (one click) → the finding under its record (two).
        var details = await client.GetHtmlAsync($"/Projects/Details/{s.Project}");
        var conclusion = await client.GetHtmlAsync(details.QuerySelector("#conclusion-legality a")!.GetAttribute("href")!);
        var link = conclusion.QuerySelector("a.evidence-link")!.GetAttribute("href")!;
        var finding = await sites.DataSource.ScalarAsync<long>("select id from evidence_finding where project_id = @Project", new { s.Project });
        Assert.Equal($"/Projects/Evidence/{s.Project}#finding-{finding}", link);
        var evidence = await client.GetHtmlAsync(link);
        Assert.Contains("备案审查纠正 2 件", evidence.Text($"#finding-{finding}"));
        Assert.Contains("2025 年备案审查规范性文件 18 件", evidence.Text($"#request-{s.Request}"));
    }
}
