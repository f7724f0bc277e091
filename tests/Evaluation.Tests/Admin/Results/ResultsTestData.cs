using Dapper;
using Evaluation.Shared.Opinions;
using Evaluation.Shared.Respondents;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Results;

/// <summary>
/// A project with a linked consultation, and the later stages written straight to the tables (the report, the legality
/// review and the executive decision are other pages' work): what the public results are made of.
/// </summary>
public static class ResultsTestData
{
    public sealed record Setup(long Decision, long Project, long Consultation);

    /// <summary>A decision of the department, its project (the department as agency) and a consultation linked to it.</summary>
    public static async Task<Setup> ProjectWithConsultationAsync(this SitesFixture sites, string department = "任丘市司法局",
        string title = "公共停车管理办法")
    {
        var decision = await sites.DataSource.DecisionAsync(title, department: department);
        var consultation = await sites.ConsultationAsync(decision, title: "停车管理办法实施情况征求意见");
        var project = await sites.DataSource.ProjectAsync(decision);
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("insert into project_consultation (project_id, consultation_id) values (@project, @consultation)",
            new { project, consultation });
        return new Setup(decision, project, consultation);
    }

    /// <summary>An opinion taken in through the intake, with name and contact (stored encrypted).</summary>
    public static async Task<SubmitResult.Accepted> OpinionAsync(this SitesFixture sites, long consultation, string body,
        string? name = null, string? contact = null, string region = "chuan") =>
        await sites.AcceptedOpinionAsync(new NewOpinion(consultation, Channels.Online, RespondentTypes.Citizen, name,
            contact is null ? null : Contact.Parse(contact), region, body, name is not null || contact is not null));

    /// <summary>
    /// The report (version 1 with its conclusions and a recommendation), its legality review passed, the executive
    /// meeting's decision and the project in the follow-up stage, all by the given staff user.
    /// </summary>
    public static async Task DecideAsync(this SitesFixture sites, long project, long staff, string conclusions = "评估认为办法总体可行，建议修改收费条款。")
    {
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var now = sites.Now;
        var version = await conn.ExecuteScalarAsync<long>(
            """
            insert into report_version (project_id, version, form, content, figures, saved_by, saved_at, finalized_by, finalized_at, content_hash)
            values (@project, 1, 'normative_document', jsonb_build_object('parts', jsonb_build_object(
                        'basic_facts', '基本情况', 'implementation_analysis', '实施分析', 'conclusions', @conclusions::text, 'other_matters', '其他事项')),
                    '{}', @staff, @now, @staff, @now, sha256('x'))
            returning id
            """, new { project, staff, now, conclusions });
        await conn.ExecuteAsync(
            """
            insert into report_recommendation (report_version_id, position, kind, reasoning, department_id)
            values (@version, 1, 'amend', '收费标准与上位法不一致。', (select id from department where name = '任丘市司法局'))
            """, new { version });
        var review = await conn.ExecuteScalarAsync<long>(
            """
            insert into legality_review (project_id, report_version_id, sent_by, sent_at, outcome, reviewed_by, reviewed_at)
            values (@project, @version, @staff, @now, 'passed', @staff, @now) returning id
            """, new { project, version, staff, now });
        await conn.ExecuteAsync(
            """
            insert into executive_decision (project_id, legality_review_id, meeting_on, meeting_reference, outcome, details, recorded_by, recorded_at)
            values (@project, @review, date '2026-10-15', '市政府第12次常务会议', 'amend', '责成司法局牵头修改收费条款。', @staff, @now)
            """, new { project, review, staff, now });
        await conn.ExecuteAsync("update evaluation_project set stage = 'follow_up', stage_changed_at = @now where id = @project", new { project, now });
    }

    /// <summary>A disposition written straight to the table (the page's own tests set them through the form).</summary>
    public static async Task DisposeAsync(this SitesFixture sites, long opinion, long staff, string disposition, string reason, string redacted)
    {
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync(
            """
            insert into opinion_disposition (opinion_id, disposition, reason, redacted_body, set_by, set_at)
            values (@opinion, @disposition, @reason, @redacted, @staff, now())
            """, new { opinion, disposition, reason, redacted, staff });
    }
}

/// <summary>A decided project with a published result, made through the Admin pages as staff would.</summary>
public static class PublishedResults
{
    public const string Name = "王小明";
    public const string Contact = "wangxiaoming@example.cn";
    public const string Phone = "13812345678";
    public const string IdCard = "11010519491231002X";
    public const string Body = "我是新华路居民，身份证" + IdCard + "，电话" + Phone + "，建议延长免费停车时间到30分钟。";

    public sealed record Published(ResultsTestData.Setup Setup, HttpClient Staff, string Receipt, long Opinion);

    public static async Task<Published> PublishedAsync(this SitesFixture sites)
    {
        var (staff, _, staffId) = await sites.StaffOfAsync("任丘市司法局");
        var setup = await sites.ProjectWithConsultationAsync();
        var opinion = await sites.OpinionAsync(setup.Consultation, Body, Name, Contact);
        await sites.OpinionAsync(setup.Consultation, "停车位太少", "李四", "13900001111");  // no disposition: not published
        var response = await staff.SubmitAsync($"/Dispositions/Edit/{setup.Project}/{opinion.OpinionId}", new Dictionary<string, string?>
        {
            ["Disposition"] = "partly_adopted", ["Reason"] = "免费时长延长至30分钟。",
        });
        Assert.Equal($"/Dispositions/{setup.Project}", response.RequestMessage!.RequestUri!.AbsolutePath);
        await using (var conn = await sites.DataSource.OpenConnectionAsync())
        {
            var method = await Dapper.SqlMapper.ExecuteScalarAsync<long>(conn,
                """
                insert into project_method (project_id, method, held_on, participant_count, participant_kinds, summary, recorded_by, recorded_at)
                values (@Project, 'symposium', date '2026-06-01', 12, '张三、李四等居民代表', '座谈会纪要：张三发言', @staffId, now()) returning id
                """, new { setup.Project, staffId });
            foreach (var (file, confidentiality) in new[] { ("公开座谈会纪要.pdf", "public"), ("商业合同.pdf", "commercial_secret"),
                         ("企业成本数据.pdf", "commercial_secret"), ("参会人员名单.pdf", "personal"), ("内部记录.pdf", "internal") })
                await Dapper.SqlMapper.ExecuteAsync(conn,
                    """
                    with a as (insert into attachment (file_name, content_type, size, sha256, content)
                               values (@file, 'application/pdf', 2048, sha256('x'), decode(repeat('00', 2048), 'hex')) returning id)
                    insert into project_attachment (attachment_id, project_id, method_id, confidentiality, added_by, added_at)
                    select id, @Project, @method, @confidentiality, @staffId, now() from a
                    """, new { file, confidentiality, setup.Project, method, staffId });
        }
        await sites.DecideAsync(setup.Project, staffId);
        await sites.PublishThroughApprovalAsync(staff, setup.Project, 1);
        return new Published(setup, staff, opinion.ReceiptNumber, opinion.OpinionId);
    }

    /// <summary>Art. 7, 30 as staff and the organizer do it: the staff prepare the draft (with the summary) and tick every
    /// opinion text on the page, a new organizer account approves; the flash names the published version.</summary>
    public static async Task PublishThroughApprovalAsync(this SitesFixture sites, HttpClient staff, long project, int expectedVersion,
        string summary = "")
    {
        var url = $"/Results/Publish/{project}";
        var prepared = await staff.SubmitAsync(url, new Dictionary<string, string?> { ["Summary"] = summary }, "#prepare-form");
        Assert.Equal(url, prepared.RequestMessage!.RequestUri!.AbsolutePath);
        await ConfirmEveryTextAsync(staff, project);
        var (organizer, _, _) = await sites.StaffOfAsync("任丘市人民政府办公室", "organizer");
        var approved = await organizer.SubmitAsync(url, new Dictionary<string, string?>(), "#approve-form");
        Assert.Contains(Texts.Get("Results.Published", expectedVersion), (await approved.ReadHtmlAsync()).Body!.TextContent);
    }

    /// <summary>Ticks every unconfirmed text's box on the page, as a person reading them would, and confirms them.</summary>
    public static async Task ConfirmEveryTextAsync(HttpClient staff, long project)
    {
        var url = $"/Results/Publish/{project}";
        var page = await staff.GetHtmlAsync(url);
        if (page.QuerySelector("#confirm-form") is not AngleSharp.Html.Dom.IHtmlFormElement form) return;
        var boxes = form.QuerySelectorAll("input[name=Positions]").OfType<AngleSharp.Html.Dom.IHtmlInputElement>().ToList();
        if (boxes.Count == 0) return;
        foreach (var box in boxes) box.IsChecked = true;
        var confirmed = await staff.PostFormAsync(form, url, new Dictionary<string, string?>());
        Assert.Contains(Texts.Get("Results.Confirmed", boxes.Count), (await confirmed.ReadHtmlAsync()).Body!.TextContent);
    }
}
