using System.Net;
using Dapper;
using Evaluation.Shared.Respondents;
using Evaluation.Tests.Admin.Results;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Portal.Results;

/// <summary>The public results page: the snapshot as published, the follow-ups live, nothing confidential (Art. 7).</summary>
public class DetailsTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task The_page_shows_the_decision_the_meeting_the_work_the_conclusions_and_the_dispositions_by_theme()
    {
        var published = await sites.PublishedAsync();

        var page = await sites.Portal.Browser().GetHtmlAsync($"/Results/{published.Setup.Project}");

        Assert.Contains("公共停车管理办法", page.Text("h1"));
        Assert.Equal(Texts.Get("Outcome.amend"), page.Text("#meeting-outcome"));
        Assert.Equal("责成司法局牵头修改收费条款。", page.Text("#meeting-details"));
        Assert.Equal("评估认为办法总体可行，建议修改收费条款。", page.Text("#report-conclusions"));
        Assert.Contains("收费标准与上位法不一致。", page.Text("#recommendations"));
        Assert.Contains(Texts.Get("Method.symposium"), page.Text("#methods"));
        Assert.Contains("12", page.Text("#methods"));
        var theme = page.QuerySelector("article.theme")!;
        Assert.Contains($"{Texts.Get("Disposition.partly_adopted")} 1", theme.QuerySelector(".theme-counts")!.TextContent);
        Assert.Equal("我是新华路居民，身份证******************，电话***********，建议延长免费停车时间到30分钟。",
            theme.QuerySelector(".opinion-text")!.TextContent.Trim());
        Assert.Contains("免费时长延长至30分钟。", theme.TextContent);
        Assert.Contains("公开座谈会纪要.pdf", page.Text("#attachment-list"));
        Assert.Null(page.QuerySelector("#superseded"));
    }

    [Fact]
    public async Task Nothing_confidential_reaches_the_page()
    {
        var published = await sites.PublishedAsync();

        var html = await (await sites.Portal.Browser().GetAsync($"/Results/{published.Setup.Project}")).Content.ReadAsStringAsync();

        await PublicText.AssertNothingConfidentialAsync(sites, published, html);
    }

    [Fact]
    public async Task Follow_up_actions_are_shown_live_with_the_overdue_ones_marked()
    {
        var published = await sites.PublishedAsync();
        var today = Evaluation.Shared.Web.Display.Today(sites.Clock);
        await using (var conn = await sites.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync(
                """
                insert into follow_up_action (project_id, what, department_id, due_on, status, created_by, created_at)
                select @Project, w, (select id from department where name = '任丘市司法局'), d, 'open', (select min(id) from staff_user), now()
                from (values ('修改第五条收费标准', @past), ('公布修改后的办法', @future)) as v(w, d)
                """, new { published.Setup.Project, past = today.AddDays(-1), future = today.AddDays(30) });

        var page = await sites.Portal.Browser().GetHtmlAsync($"/Results/{published.Setup.Project}");

        var rows = page.QuerySelectorAll("#follow-up-list tbody tr").ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains("修改第五条收费标准", rows[0].TextContent);
        Assert.Contains(Texts.Get("Results.Overdue"), rows[0].TextContent);
        Assert.DoesNotContain(Texts.Get("Results.Overdue"), rows[1].TextContent);
        Assert.Contains(Texts.Get("FollowUp.open"), rows[1].TextContent);
    }

    [Fact]
    public async Task A_superseded_version_stays_reachable_marked_with_a_link_to_the_current_one()
    {
        var published = await sites.PublishedAsync();
        var project = published.Setup.Project;
        await sites.PublishThroughApprovalAsync(published.Staff, project, 2);

        var old = await sites.Portal.Browser().GetHtmlAsync($"/Results/{project}/1");
        Assert.Contains(Texts.Start("Results.Superseded"), old.Text("#superseded"));
        Assert.Equal($"/Results/{project}", old.QuerySelector("#current-link")!.GetAttribute("href"));
        var current = await sites.Portal.Browser().GetHtmlAsync($"/Results/{project}");
        Assert.Null(current.QuerySelector("#superseded"));
        Assert.StartsWith(Texts.Get("Results.VersionInfo", 2, "").TrimEnd(), current.Text("#version"));
    }

    [Fact]
    public async Task An_unpublished_project_or_version_is_not_found()
    {
        var setup = await sites.ProjectWithConsultationAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await sites.Portal.Browser().GetAsync($"/Results/{setup.Project}")).StatusCode);
        var published = await sites.PublishedAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await sites.Portal.Browser().GetAsync($"/Results/{published.Setup.Project}/2")).StatusCode);
    }
}

/// <summary>What must never be public: the respondents' names and contacts (as decrypted), receipt numbers, the personal
/// data in the raw text, the team's names in the methods log, attachments not marked public.</summary>
public static class PublicText
{
    public static async Task AssertNothingConfidentialAsync(SitesFixture sites, PublishedResults.Published published, string text)
    {
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var opinions = (await conn.QueryAsync<(string ReceiptNumber, string? Name, string? Contact)>(
            "select receipt_number, name, contact from opinion where consultation_id = @Consultation", published.Setup)).ToList();
        Assert.Equal(2, opinions.Count);
        foreach (var o in opinions)
        {
            var name = sites.PersonalData.Unprotect(o.Name)!;
            var contact = sites.PersonalData.Unprotect(o.Contact)!;
            Assert.False(string.IsNullOrEmpty(name));
            Assert.DoesNotContain(name, text);
            Assert.DoesNotContain(contact, text);
            Assert.DoesNotContain(o.ReceiptNumber, text);
            Assert.DoesNotContain(Receipt.Format(o.ReceiptNumber), text);
        }
        Assert.Contains(PublishedResults.Name, opinions.Select(o => sites.PersonalData.Unprotect(o.Name)));
        Assert.DoesNotContain(PublishedResults.Phone, text);
        Assert.DoesNotContain(PublishedResults.IdCard, text);
        Assert.DoesNotContain("张三", text);
        foreach (var file in new[] { "商业合同.pdf", "企业成本数据.pdf", "参会人员名单.pdf", "内部记录.pdf" })
            Assert.DoesNotContain(file, text);
        Assert.DoesNotContain("停车位太少", text);
    }
}
