using Dapper;
using Evaluation.Shared.Questionnaires;
using Evaluation.Tests.Admin.Projects;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Reports;

/// <summary>A project brought to the conclusion stage on known data: one linked consultation with three opinions and a
/// questionnaire whose legality items (before and after) have known answers, a symposium in the methods log, and the
/// preliminary conclusions generated and reviewed through the project page by its team member.</summary>
public sealed record ReportProject(HttpClient Staff, long StaffId, long Decision, long Consultation, long Questionnaire, long Project,
    IReadOnlyList<long> Opinions, long MemberId);

public static class ReportSetup
{
    public const string ConsultationTitle = "停车收费征求意见";
    public const string MethodSummary = "座谈会纪要：停车收费标准";
    public const string Password = "correct horse battery";

    /// <summary>q1 (before, paired with q2) and q2 (after), both tagged with the criterion (legality for a normative document).</summary>
    public static Definition BeforeAfter(string criterion = "legality") => new([new Section("s1", "评价", null, null,
    [
        new Question("q1", QuestionTypes.Likert, "实施前：收费标准合理。", Required: true, Criterion: criterion, Period: "before", Pair: "q2"),
        new Question("q2", QuestionTypes.Likert, "实施后：收费标准合理。", Required: true, Criterion: criterion, Period: "after"),
    ])]);

    private static int _users;

    /// <summary>The project, and its team member signed in (on the in-memory site, or through <paramref name="client"/>,
    /// such as a client of the Kestrel server a browser test runs).</summary>
    public static async Task<ReportProject> ConclusionProjectAsync(this SitesFixture sites, string title = "停车收费管理办法",
        string department = "任丘市司法局", string kind = "normative_document", HttpClient? client = null)
    {
        var db = sites.DataSource;
        var userName = $"reporter{Interlocked.Increment(ref _users)}";
        var staffId = await db.StaffAsync(userName, Password, "evaluation_staff", department);
        var staff = client ?? sites.Admin.Browser();
        var login = await staff.SubmitAsync("/Account/Login", new Dictionary<string, string?> { ["UserName"] = userName, ["Password"] = Password });
        Assert.Equal("/", login.RequestMessage!.RequestUri!.AbsolutePath);
        var decision = await db.DecisionAsync(title, department: department);
        await db.ScalarAsync<long>("update decision set kind = @kind where id = @decision returning id", new { kind, decision });
        var consultation = await sites.ConsultationAsync(decision, title: ConsultationTitle);
        var questionnaire = await sites.PublishedQuestionnaireAsync(BeforeAfter(kind == "normative_document" ? "legality" : "purpose_achieved"),
            consultationId: consultation);
        int[] before = [2, 2, 3, 3, 4], after = [3, 4, 4, 5, 5];
        await db.AddResponsesAsync(questionnaire, before.Zip(after).Select(p =>
            ("citizen", "chuan", new Dictionary<string, int> { ["q1"] = p.First, ["q2"] = p.Second })));
        var opinions = new List<long>();
        foreach (var body in new[] { "收费标准偏高。", "希望延长免费时段。", "支持按时段收费。" })
            opinions.Add(await sites.OpinionAsync(consultation, body));
        await RaiseAsync(sites, consultation, 3);
        var project = await db.ProjectAsync(decision, agency: department, title: $"{title}评估");
        long member;
        await using (var conn = await db.OpenConnectionAsync())
        {
            await conn.ExecuteAsync("insert into project_consultation (project_id, consultation_id) values (@project, @consultation)", new { project, consultation });
            member = await conn.ExecuteScalarAsync<long>(
                "insert into project_member (project_id, staff_user_id, member_kind, team_role) values (@project, @staffId, 'staff', 'leader') returning id",
                new { project, staffId });
            await conn.ExecuteAsync(
                """
                insert into project_method (project_id, method, held_on, place, participant_count, period, summary, recorded_by, recorded_at)
                values (@project, 'symposium', date '2026-03-02', '市政府第三会议室', 12, 'after', @MethodSummary, @staffId, now())
                """, new { project, MethodSummary, staffId });
            await conn.ExecuteAsync("update evaluation_project set stage = 'implementation' where id = @project", new { project });
        }
        await staff.SubmitAsync($"/Projects/Details/{project}", new Dictionary<string, string?>(), "form[action*='handler=GenerateConclusions']");
        // The review is another member's (Details tests); here it is taken as done.
        await db.ScalarAsync<long>(
            "update evaluation_project set conclusions_reviewed_by = @staffId, conclusions_reviewed_at = now() where id = @project and conclusions_generated_at is not null returning id",
            new { project, staffId });
        await db.ScalarAsync<long>(
            "update evaluation_project set stage = 'conclusion' where id = @project and conclusions_reviewed_at is not null returning id", new { project });
        return new ReportProject(staff, staffId, decision, consultation, questionnaire, project, opinions, member);
    }

    /// <summary>What the intake does with every new opinion: the count and the findings' data version go up.</summary>
    public static async Task RaiseAsync(SitesFixture sites, long consultation, int opinions)
    {
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("update consultation set opinion_count = opinion_count + @opinions, data_version = data_version + 1 where id = @consultation",
            new { consultation, opinions });
    }

    public static Task<HttpResponseMessage> PostReportAsync(this HttpClient client, long project, string handler,
        Dictionary<string, string?>? fields = null, int? version = null) =>
        client.PostAsync($"/Reports/{project}?handler={handler}{(version is { } v ? $"&version={v}" : "")}", fields ?? []);

    public static Task<long> VersionCountAsync(this SitesFixture sites, long project) =>
        sites.DataSource.ScalarAsync<long>("select count(*) from report_version where project_id = @project", new { project });

    /// <summary>Creates the first draft through the page's own form.</summary>
    public static Task<HttpResponseMessage> DraftAsync(this HttpClient client, long project) =>
        client.SubmitAsync($"/Reports/{project}", new Dictionary<string, string?>(), "form[action*='handler=Draft']");
}
