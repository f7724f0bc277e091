using System.Net;
using AngleSharp.Html.Dom;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Results;

/// <summary>
/// Art. 7, 30: the draft, its preview, the person-by-person confirmation of every opinion text, the organizer's approval
/// and the withdrawal, each with its refusals (who may do it and what is missing, in Chinese).
/// </summary>
public class PublishApprovalTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private const string Organizers = "任丘市人民政府办公室";

    /// <summary>A decided project of the justice bureau with one disposed opinion (its text holds an ID card and a phone),
    /// and a draft prepared by the bureau's evaluation staff with the given summary.</summary>
    private async Task<(ResultsTestData.Setup Setup, HttpClient Staff, long StaffId)> DraftAsync(string summary = "", string department = "任丘市司法局")
    {
        var (staff, _, staffId) = await sites.StaffOfAsync(department);
        var setup = await sites.ProjectWithConsultationAsync(department: department);
        var opinion = await sites.OpinionAsync(setup.Consultation, PublishedResults.Body, PublishedResults.Name, PublishedResults.Contact);
        await sites.DisposeAsync(opinion.OpinionId, staffId, "adopted", "已延长免费时间。",
            Evaluation.Shared.Results.Redaction.Redact(PublishedResults.Body));
        await sites.DecideAsync(setup.Project, staffId);
        var prepared = await staff.SubmitAsync(Url(setup.Project), new Dictionary<string, string?> { ["Summary"] = summary }, "#prepare-form");
        Assert.Contains(Texts.Get("Results.Prepared", 1), (await prepared.ReadHtmlAsync()).Body!.TextContent);
        return (setup, staff, staffId);
    }

    private static string Url(long project) => $"/Results/Publish/{project}";

    private Task<long> PublicationsAsync(long project) =>
        sites.DataSource.ScalarAsync<long>("select count(*) from results_publication where project_id = @project", new { project });

    private static async Task<string> RefusalAsync(HttpResponseMessage response) =>
        (await response.ReadHtmlAsync()).Text(".validation-summary-errors");

    [Fact]
    public async Task The_preview_renders_the_draft_as_the_portal_will_with_the_markdown_summary_sanitized_and_publishes_nothing()
    {
        var (setup, staff, _) = await DraftAsync("本次评估**总体可行**。\n\n- 延长免费时长\n\n<script>alert(1)</script>[链接](javascript:alert(1))");

        var preview = await staff.GetHtmlAsync($"/Results/Preview/{setup.Project}");

        Assert.Contains(Texts.Start("Results.PreviewNotice"), preview.Text("#preview-notice"));
        Assert.Equal("我是新华路居民，身份证******************，电话***********，建议延长免费停车时间到30分钟。", preview.Text(".opinion-text"));
        Assert.Equal("评估认为办法总体可行，建议修改收费条款。", preview.Text("#report-conclusions"));
        var summary = preview.QuerySelector("#results-summary")!;
        Assert.Equal("总体可行", summary.QuerySelector("strong")!.TextContent);
        Assert.Equal("延长免费时长", summary.QuerySelector("li")!.TextContent);
        Assert.Null(summary.QuerySelector("script"));
        Assert.Contains("<script>alert(1)</script>", summary.TextContent);  // typed HTML stays text
        Assert.DoesNotContain("javascript:", summary.InnerHtml);
        Assert.DoesNotContain(PublishedResults.Name, preview.Body!.TextContent);
        Assert.Equal(0L, await PublicationsAsync(setup.Project));
        Assert.Equal(HttpStatusCode.NotFound, (await sites.Portal.Browser().GetAsync($"/Results/{setup.Project}")).StatusCode);
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where action = 'prepare_results' and entity_id = @id", new { id = setup.Project.ToString() }));
    }

    [Fact]
    public async Task A_summary_too_long_is_refused_on_its_field_and_no_draft_is_made()
    {
        var (staff, _, staffId) = await sites.StaffOfAsync("任丘市司法局");
        var setup = await sites.ProjectWithConsultationAsync();
        await sites.DecideAsync(setup.Project, staffId);

        var refused = await staff.SubmitAsync(Url(setup.Project), new Dictionary<string, string?> { ["Summary"] = new string('长', 5001) }, "#prepare-form");

        Assert.Equal(Texts.Get("Results.SummaryInvalid", 5000), (await refused.ReadHtmlAsync()).Text("#prepare-form .field-error"));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from results_draft where project_id = @Project", setup));
    }

    [Fact]
    public async Task Approval_is_refused_while_an_opinion_text_is_unconfirmed_and_publishes_once_each_text_is_confirmed()
    {
        var (setup, staff, _) = await DraftAsync();
        var (organizer, _, _) = await sites.StaffOfAsync(Organizers, "organizer");

        var refused = await organizer.SubmitAsync(Url(setup.Project), new Dictionary<string, string?>(), "#approve-form");
        Assert.Contains(Texts.Get("Results.Refused.Unconfirmed", 1), await RefusalAsync(refused));
        Assert.Equal(0L, await PublicationsAsync(setup.Project));

        var page = await staff.GetHtmlAsync(Url(setup.Project));
        var row = page.QuerySelector("#texts tbody tr")!;
        Assert.Equal("我是新华路居民，身份证******************，电话***********，建议延长免费停车时间到30分钟。", row.QuerySelector(".text-body")!.TextContent);
        Assert.Equal(Texts.Get("Results.NotConfirmed"), row.QuerySelector(".confirmed")!.TextContent.Trim());
        Assert.Null(page.QuerySelector("#select-all, input[type=checkbox]:not([name=Positions])"));
        var nothing = await staff.SubmitAsync(Url(setup.Project), new Dictionary<string, string?>(), "#confirm-form");
        Assert.Contains(Texts.Get("Results.Refused.NothingTicked"), await RefusalAsync(nothing));

        await PublishedResults.ConfirmEveryTextAsync(staff, setup.Project);
        var confirmed = await staff.GetHtmlAsync(Url(setup.Project));
        Assert.NotEqual(Texts.Get("Results.NotConfirmed"), confirmed.Text("#texts .confirmed"));
        Assert.Null(confirmed.QuerySelector("#texts input[name=Positions]"));

        var approved = await organizer.SubmitAsync(Url(setup.Project), new Dictionary<string, string?>(), "#approve-form");
        Assert.Contains(Texts.Get("Results.Published", 1), (await approved.ReadHtmlAsync()).Body!.TextContent);
        var portal = await sites.Portal.Browser().GetHtmlAsync($"/Results/{setup.Project}");
        Assert.Equal("我是新华路居民，身份证******************，电话***********，建议延长免费停车时间到30分钟。", portal.Text(".opinion-text"));
        Assert.Equal("1 true", await sites.DataSource.ScalarAsync<string>(
            """
            select r.version || ' ' || (r.snapshot = p.snapshot) from results_draft r
            join results_publication p on p.project_id = r.project_id and p.version = r.version where r.project_id = @Project
            """, setup));
        Assert.Equal("confirm_results_texts publish_results", await sites.DataSource.ScalarAsync<string>(
            """
            select string_agg(action, ' ' order by id) from audit_log
            where action in ('confirm_results_texts', 'publish_results') and entity_id = @id
            """, new { id = setup.Project.ToString() }));
    }

    [Fact]
    public async Task Evaluation_staff_cannot_approve_and_are_told_the_organizer_must()
    {
        var (setup, staff, _) = await DraftAsync();
        await PublishedResults.ConfirmEveryTextAsync(staff, setup.Project);
        var (other, _, _) = await sites.StaffOfAsync("任丘市司法局");

        var refused = await other.SubmitAsync(Url(setup.Project), new Dictionary<string, string?>(), "#approve-form");

        Assert.Contains(Texts.Get("Results.Refused.ApproveRole"), await RefusalAsync(refused));
        Assert.Equal(0L, await PublicationsAsync(setup.Project));
    }

    [Fact]
    public async Task A_legal_reviewer_sees_the_page_but_cannot_prepare_or_confirm_and_is_told_who_may()
    {
        var (setup, _, _) = await DraftAsync();
        var (reviewer, _, _) = await sites.StaffOfAsync("任丘市司法局", "legal_reviewer");

        var prepare = await reviewer.SubmitAsync(Url(setup.Project), new Dictionary<string, string?>(), "#approve-form");
        Assert.Contains(Texts.Get("Results.Refused.ApproveRole"), await RefusalAsync(prepare));
        var byToken = await reviewer.PostWithTokenAsync($"{Url(setup.Project)}?handler=Prepare");
        Assert.Contains(Texts.Get("Results.Refused.PrepareRole"), await RefusalAsync(byToken));
        var confirm = await reviewer.PostWithTokenAsync($"{Url(setup.Project)}?handler=Confirm", new() { ["Positions"] = "1" });
        Assert.Contains(Texts.Get("Results.Refused.ConfirmRole"), await RefusalAsync(confirm));

        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>("select count(*) from results_draft where project_id = @Project", setup));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from results_draft_opinion o join results_draft d on d.id = o.draft_id where d.project_id = @Project and o.confirmed_at is not null", setup));
    }

    [Fact]
    public async Task The_organizer_who_prepared_the_draft_cannot_approve_it()
    {
        var (setup, staff, _) = await DraftAsync();
        var (organizer, _, _) = await sites.StaffOfAsync(Organizers, "organizer");
        await organizer.SubmitAsync(Url(setup.Project), new Dictionary<string, string?>(), "#prepare-form");
        await PublishedResults.ConfirmEveryTextAsync(staff, setup.Project);

        var refused = await organizer.SubmitAsync(Url(setup.Project), new Dictionary<string, string?>(), "#approve-form");

        Assert.Contains(Texts.Get("Results.Refused.OwnDraft"), await RefusalAsync(refused));
        Assert.Equal(0L, await PublicationsAsync(setup.Project));
    }

    [Fact]
    public async Task Staff_of_the_evaluated_decisions_own_department_cannot_approve_its_results()
    {
        var (setup, staff, _) = await DraftAsync(department: Organizers);
        await PublishedResults.ConfirmEveryTextAsync(staff, setup.Project);
        var (organizer, _, _) = await sites.StaffOfAsync(Organizers, "organizer");

        var refused = await organizer.SubmitAsync(Url(setup.Project), new Dictionary<string, string?>(), "#approve-form");

        Assert.Contains(Texts.Get("Results.Refused.OwnDepartment"), await RefusalAsync(refused));
        Assert.Equal(0L, await PublicationsAsync(setup.Project));
    }

    [Fact]
    public async Task A_draft_prepared_again_sets_aside_the_old_one_and_its_page_can_no_longer_confirm_or_approve()
    {
        var (setup, staff, _) = await DraftAsync();
        var stale = await staff.GetHtmlAsync(Url(setup.Project));
        await staff.SubmitAsync(Url(setup.Project), new Dictionary<string, string?> { ["Summary"] = "第二稿" }, "#prepare-form");

        var form = (IHtmlFormElement)stale.QuerySelector("#confirm-form")!;
        foreach (var box in form.QuerySelectorAll("input[name=Positions]").OfType<IHtmlInputElement>()) box.IsChecked = true;
        var refused = await staff.PostFormAsync(form, Url(setup.Project), new Dictionary<string, string?>());
        Assert.Contains(Texts.Get("Results.Refused.DraftChanged"), await RefusalAsync(refused));
        var (organizer, _, _) = await sites.StaffOfAsync(Organizers, "organizer");
        var old = (await organizer.GetHtmlAsync(Url(setup.Project)));
        var approve = (IHtmlFormElement)old.QuerySelector("#approve-form")!;
        var oldDraft = ((IHtmlInputElement)stale.QuerySelector("#approve-form input[name=DraftId]")!).Value;
        var stalePost = await organizer.PostFormAsync(approve, Url(setup.Project), new Dictionary<string, string?> { ["DraftId"] = oldDraft });
        Assert.Contains(Texts.Get("Results.Refused.DraftChanged"), await RefusalAsync(stalePost));

        Assert.Equal("true false 0", await sites.DataSource.ScalarAsync<string>(
            """
            select string_agg((set_aside_at is not null)::text, ' ' order by id)
                   || ' ' || (select count(*) from results_draft_opinion o join results_draft d on d.id = o.draft_id
                              where d.project_id = @Project and o.confirmed_at is not null)
            from results_draft where project_id = @Project
            """, setup));
        Assert.Equal(0L, await PublicationsAsync(setup.Project));
    }

    [Fact]
    public async Task The_organizer_withdraws_a_version_with_a_reason_the_portal_shows_only_the_withdrawal_and_a_new_version_can_follow()
    {
        var published = await sites.PublishedAsync();
        var project = published.Setup.Project;
        var (organizer, _, _) = await sites.StaffOfAsync(Organizers, "organizer");

        var byStaff = await published.Staff.SubmitAsync(Url(project), new Dictionary<string, string?> { ["Reason"] = "发现遮盖不全，须重新审核。" }, "#withdraw-form");
        Assert.Contains(Texts.Get("Results.Refused.WithdrawRole"), await RefusalAsync(byStaff));
        var noReason = await organizer.SubmitAsync(Url(project), new Dictionary<string, string?> { ["Reason"] = " " }, "#withdraw-form");
        Assert.Contains(Texts.Get("Results.WithdrawalReasonInvalid"), (await noReason.ReadHtmlAsync()).Text("#withdraw-form .field-error"));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from results_publication where project_id = @project and withdrawn_at is not null", new { project }));

        var withdrawn = await organizer.SubmitAsync(Url(project), new Dictionary<string, string?> { ["Reason"] = "发现遮盖不全，须重新审核。" }, "#withdraw-form");
        Assert.Contains(Texts.Get("Results.Withdrawn", 1), (await withdrawn.ReadHtmlAsync()).Body!.TextContent);

        var portal = sites.Portal.Browser();
        var page = await portal.GetHtmlAsync($"/Results/{project}");
        Assert.Contains(Texts.Start("Results.WithdrawnNotice"), page.Text("#withdrawn"));
        Assert.Equal("发现遮盖不全，须重新审核。", page.Text("#withdrawal-reason"));
        Assert.Null(page.QuerySelector(".opinion-text"));
        Assert.Null(page.QuerySelector("#report-conclusions"));
        Assert.Equal(HttpStatusCode.Gone, (await portal.GetAsync($"/Results/{project}/1/opinions.csv")).StatusCode);
        var json = await portal.GetAsync($"/Results/{project}/1/data.json");
        Assert.Equal(HttpStatusCode.Gone, json.StatusCode);
        Assert.DoesNotContain("themes", await json.Content.ReadAsStringAsync());
        Assert.Contains(Texts.Get("Results.WithdrawnOn", 1, "")[..6], (await portal.GetHtmlAsync("/Results")).Text("#results"));
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where action = 'withdraw_results' and entity_id = @id", new { id = project.ToString() }));
        Assert.Null((await organizer.GetHtmlAsync(Url(project))).QuerySelector("#withdraw-form"));

        await sites.PublishThroughApprovalAsync(published.Staff, project, 2);
        var current = await portal.GetHtmlAsync($"/Results/{project}");
        Assert.Null(current.QuerySelector("#withdrawn"));
        Assert.NotNull(current.QuerySelector(".opinion-text"));
        Assert.Equal("发现遮盖不全，须重新审核。", (await portal.GetHtmlAsync($"/Results/{project}/1")).Text("#withdrawal-reason"));
    }
}
