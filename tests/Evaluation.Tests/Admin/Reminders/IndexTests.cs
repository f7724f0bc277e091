using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dapper;
using Evaluation.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace Evaluation.Tests.Admin.Reminders;

/// <summary>Admin on a set clock, with "many opinions" at 5 in 30 days (configured, as an operator would).</summary>
public sealed class RemindersFixture : ClockedSitesFixture
{
    protected override void ConfigureAdmin(IWebHostBuilder builder)
    {
        base.ConfigureAdmin(builder);
        builder.UseSetting("Triggers:MinimumOpinions", "5");
        builder.UseSetting("Triggers:WindowDays", "30");
    }
}

public class IndexTests(RemindersFixture sites) : IClassFixture<RemindersFixture>
{
    private const string CityOffice = "任丘市人民政府办公室";
    private const string JusticeBureau = "任丘市司法局";
    private const string Education = "任丘市教育局";
    private const string CivilAffairs = "任丘市民政局";

    /// <summary>10:00 on 15 June 2026 in China.</summary>
    private static readonly DateTimeOffset Morning = new(2026, 6, 15, 10, 0, 0, TimeSpan.FromHours(8));

    private async Task<IHtmlDocument> RemindersAsync(HttpClient client) => await client.GetHtmlAsync("/Reminders");

    private static string? Due(IHtmlDocument page, long decisionId) => page.QuerySelector($"#due-{decisionId}")?.TextContent;

    [Fact]
    public async Task A_decision_is_due_from_six_months_before_its_validity_ends_by_the_date_in_China()
    {
        sites.AdminClock.Set(Morning);
        var ends = await sites.DataSource.DecisionValidUntilAsync("十二月十五日届满的决策", Education, new DateOnly(2026, 12, 15));
        var later = await sites.DataSource.DecisionValidUntilAsync("十二月十六日届满的决策", Education, new DateOnly(2026, 12, 16));
        var client = await sites.SignedInAsync("organizer", CityOffice);

        var page = await RemindersAsync(client);
        Assert.Contains("有效期至2026年12月15日", Due(page, ends));
        Assert.Contains("自2026年6月15日起", Due(page, ends));
        Assert.Null(Due(page, later));

        // 17:00 UTC on the 15th is already the 16th in China.
        sites.AdminClock.Set(new DateTimeOffset(2026, 6, 15, 17, 0, 0, TimeSpan.Zero));
        client = await sites.SignedInAsync("organizer", CityOffice);
        page = await RemindersAsync(client);
        Assert.Contains("自2026年6月16日起", Due(page, later));
    }

    [Fact]
    public async Task An_expired_decision_stays_on_the_list_as_overdue()
    {
        sites.AdminClock.Set(Morning);
        var expired = await sites.DataSource.DecisionValidUntilAsync("已届满的决策", Education, new DateOnly(2026, 5, 1));
        var client = await sites.SignedInAsync("organizer", CityOffice);

        var row = Due(await RemindersAsync(client), expired);
        Assert.Contains("有效期已于2026年5月1日届满，届满前未立项评估。", row);
        Assert.Contains("自2025年11月1日起", row);
    }

    [Fact]
    public async Task Many_opinions_within_the_window_make_a_decision_due_from_the_day_the_count_reached_the_threshold()
    {
        sites.AdminClock.Set(Morning);
        var decision = await sites.DataSource.DecisionValidUntilAsync("意见较多的决策", Education, null);
        var consultation = await sites.ConsultationAsync(decision);
        // Five long ago (outside the 30 days) do not count; four within them are not yet many.
        await sites.DataSource.OpinionsAsync(consultation, Enumerable.Repeat(Morning.AddDays(-40), 5).ToArray());
        await sites.DataSource.OpinionsAsync(consultation, Morning.AddDays(-20), Morning.AddDays(-10), Morning.AddDays(-5), Morning.AddDays(-3));
        var client = await sites.SignedInAsync("organizer", CityOffice);
        Assert.Null(Due(await RemindersAsync(client), decision));

        // Across the decision's consultations: the fifth came on 13 June, the sixth on 14 June.
        var another = await sites.ConsultationAsync(decision);
        await sites.DataSource.OpinionsAsync(another, Morning.AddDays(-2), Morning.AddDays(-1));
        var row = Due(await RemindersAsync(client), decision);
        Assert.Contains("近30天收到意见6条（提醒标准：5条）", row);
        Assert.Contains("自2026年6月13日起", row);

        // Twenty days on, the first three have left the window.
        sites.AdminClock.Set(Morning.AddDays(20));
        client = await sites.SignedInAsync("organizer", CityOffice);
        Assert.Null(Due(await RemindersAsync(client), decision));
    }

    [Fact]
    public async Task The_city_office_marks_a_decision_as_necessary_with_a_reason_and_withdraws_the_mark_both_audited()
    {
        sites.AdminClock.Set(Morning);
        var decision = await sites.DataSource.DecisionValidUntilAsync("市政府办公室认为需要评估的决策", Education, null);
        var client = await sites.SignedInAsync("organizer", CityOffice);
        Assert.Null(Due(await RemindersAsync(client), decision));

        var page = await (await client.SubmitAsync("/Reminders", new Dictionary<string, string?>
        {
            ["Input.DecisionId"] = decision.ToString(), ["Input.Reason"] = "群众反映执行标准不统一",
        }, "#mark-form")).ReadHtmlAsync();
        var row = Due(page, decision);
        Assert.Contains("认为有必要评估", row);
        Assert.Contains(CityOffice, row);
        Assert.Contains("理由：群众反映执行标准不统一", row);
        Assert.Contains("自2026年6月15日起", row);
        var markId = await sites.DataSource.ScalarAsync<long>("select id from evaluation_necessity where decision_id = @decision", new { decision });
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where entity = 'evaluation_necessity' and entity_id = @markId::text and action = 'mark_necessary'", new { markId }));

        page = await (await client.SubmitAsync("/Reminders", new Dictionary<string, string?>(), $"form[action*='markId={markId}']")).ReadHtmlAsync();
        Assert.Null(Due(page, decision));
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        Assert.NotNull(await conn.ExecuteScalarAsync<DateTime?>("select withdrawn_at from evaluation_necessity where id = @markId", new { markId }));
        Assert.Equal("withdraw_necessity", await conn.ExecuteScalarAsync<string>(
            "select action from audit_log where entity = 'evaluation_necessity' and entity_id = @markId::text order by id desc limit 1", new { markId }));
    }

    [Fact]
    public async Task A_mark_without_a_reason_is_refused_and_the_choice_is_kept()
    {
        sites.AdminClock.Set(Morning);
        var decision = await sites.DataSource.DecisionValidUntilAsync("没有理由的标记", Education, null);
        var client = await sites.SignedInAsync("organizer", CityOffice);

        var page = await (await client.SubmitAsync("/Reminders", new Dictionary<string, string?>
        {
            ["Input.DecisionId"] = decision.ToString(), ["Input.Reason"] = "   ",
        }, "#mark-form")).ReadHtmlAsync();
        Assert.Contains("请填写理由。", page.Text("#mark-form"));
        Assert.Equal(decision.ToString(), page.QuerySelector<IHtmlSelectElement>("#Input_DecisionId")!.Value);
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from evaluation_necessity where decision_id = @decision", new { decision }));

        var tooLong = new string('长', 1001);
        page = await (await client.SubmitAsync("/Reminders", new Dictionary<string, string?>
        {
            ["Input.DecisionId"] = decision.ToString(), ["Input.Reason"] = tooLong,
        }, "#mark-form")).ReadHtmlAsync();
        Assert.Contains("理由不能超过 1000 个字。", page.Text("#mark-form"));
        Assert.Equal(tooLong, page.QuerySelector<IHtmlTextAreaElement>("#Input_Reason")!.Value);
    }

    [Fact]
    public async Task The_justice_bureau_marks_too_and_a_bureau_may_not()
    {
        sites.AdminClock.Set(Morning);
        var ownDecision = await sites.DataSource.DecisionValidUntilAsync("司法局的决策", JusticeBureau, null);
        var justice = await sites.SignedInAsync("evaluation_staff", JusticeBureau);
        await justice.SubmitAsync("/Reminders", new Dictionary<string, string?>
        {
            ["Input.DecisionId"] = ownDecision.ToString(), ["Input.Reason"] = "与上位法衔接需要评估",
        }, "#mark-form");
        Assert.Equal(JusticeBureau, await sites.DataSource.ScalarAsync<string>(
            "select d.name from evaluation_necessity n join department d on d.id = n.department_id where n.decision_id = @ownDecision", new { ownDecision }));

        var educationDecision = await sites.DataSource.DecisionValidUntilAsync("教育局自己的决策", Education, null);
        var education = await sites.SignedInAsync("evaluation_staff", Education);
        Assert.Null((await RemindersAsync(education)).QuerySelector("#mark-form"));
        var response = await education.PostAsync("/Reminders?handler=Mark", new Dictionary<string, string?>
        {
            ["Input.DecisionId"] = educationDecision.ToString(), ["Input.Reason"] = "自己标记",
        });
        Assert.Equal("/Account/AccessDenied", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from evaluation_necessity where decision_id = @educationDecision", new { educationDecision }));
    }

    [Fact]
    public async Task Each_cause_that_applies_is_shown_and_the_decision_leaves_the_list_when_a_project_covers_it()
    {
        sites.AdminClock.Set(Morning);
        var decision = await sites.DataSource.DecisionValidUntilAsync("三项原因都有的决策", Education, new DateOnly(2026, 9, 30));
        var consultation = await sites.ConsultationAsync(decision);
        await sites.DataSource.OpinionsAsync(consultation, Enumerable.Range(1, 5).Select(d => Morning.AddDays(-d)).ToArray());
        var client = await sites.SignedInAsync("organizer", CityOffice);
        await client.SubmitAsync("/Reminders", new Dictionary<string, string?>
        {
            ["Input.DecisionId"] = decision.ToString(), ["Input.Reason"] = "需要评估",
        }, "#mark-form");

        var page = await RemindersAsync(client);
        var causes = page.QuerySelectorAll($"#due-{decision} li.cause").Select(li => li.ClassList.Last()).ToList();
        Assert.Equal(["expiry", "opinions", "marked"], causes);
        Assert.Contains("自2026年3月30日起", Due(page, decision));   // six months before 30 September
        Assert.Contains("自2026年6月14日起", Due(page, decision));   // the fifth opinion of the window

        await sites.DataSource.ProjectAsync(decision);
        Assert.Null(Due(await RemindersAsync(client), decision));
        var refused = await (await client.PostAsync("/Reminders?handler=Mark", new Dictionary<string, string?>
        {
            ["Input.DecisionId"] = decision.ToString(), ["Input.Reason"] = "再次标记",
        })).ReadHtmlAsync();
        Assert.Contains("该决策已有评估项目，无需再标记。", refused.Body!.TextContent);
    }

    [Fact]
    public async Task Staff_of_another_department_neither_see_a_due_decision_nor_act_on_it()
    {
        sites.AdminClock.Set(Morning);
        var decision = await sites.DataSource.DecisionValidUntilAsync("教育局即将届满的决策", Education, new DateOnly(2026, 8, 1));
        var education = await sites.SignedInAsync("evaluation_staff", Education);
        Assert.NotNull(Due(await RemindersAsync(education), decision));

        var civilAffairs = await sites.SignedInAsync("evaluation_staff", CivilAffairs);
        Assert.Null(Due(await RemindersAsync(civilAffairs), decision));
        var added = await civilAffairs.PostAsync($"/Reminders?handler=AddToPlan&decisionId={decision}", new Dictionary<string, string?>());
        Assert.Equal(HttpStatusCode.NotFound, added.StatusCode);

        // The justice bureau reads every normative document (Art. 12(2), Roles tests), but no other matter (Chapter 3).
        var matter = await sites.DataSource.DecisionValidUntilAsync("教育局即将届满的其他决策事项", Education, new DateOnly(2026, 8, 1));
        await sites.DataSource.ExecuteAsync("update decision set kind = 'other_matter' where id = @matter", new { matter });
        var legalReviewer = await sites.SignedInAsync("legal_reviewer", JusticeBureau);
        Assert.Null(Due(await RemindersAsync(legalReviewer), matter));
        Assert.NotNull(Due(await RemindersAsync(legalReviewer), decision));
        var marked = await legalReviewer.PostAsync("/Reminders?handler=Mark", new Dictionary<string, string?>
        {
            ["Input.DecisionId"] = matter.ToString(), ["Input.Reason"] = "越权标记",
        });
        Assert.Equal(HttpStatusCode.NotFound, marked.StatusCode);
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from evaluation_necessity where decision_id = @matter", new { matter }));
    }

    [Fact]
    public async Task A_due_decision_joins_this_years_plan_in_one_click()
    {
        // A year of its own: no other test of this class has a plan for 2027.
        var day = new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.FromHours(8));
        sites.AdminClock.Set(day);
        var decision = await sites.DataSource.DecisionValidUntilAsync("一键加入年度计划的决策", Education, new DateOnly(2027, 6, 30));
        var client = await sites.SignedInAsync("organizer", CityOffice);

        var item = await client.SubmitAsync("/Reminders", new Dictionary<string, string?>(), $"#due-{decision} form.add-to-plan");
        Assert.StartsWith("/Plans/Item/", item.RequestMessage!.RequestUri!.AbsolutePath);
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var row = await conn.QuerySingleAsync<(string State, string Scope, string Agency, DateTime Start, DateTime End)>(
            """
            select p.state, i.scope, d.name, i.planned_start, i.planned_end
            from annual_plan_item i join annual_plan p on p.id = i.plan_id join department d on d.id = i.agency_department_id
            where p.year = 2027 and i.decision_id = @decision
            """, new { decision });
        Assert.Equal(("draft", "whole", Education, new DateTime(2027, 3, 1), new DateTime(2027, 12, 31)), row);
        Assert.Contains("已列入2027年度计划（草案）", Due(await RemindersAsync(client), decision));
    }
}
