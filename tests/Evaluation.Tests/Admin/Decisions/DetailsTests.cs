using System.Net;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Decisions;

public class DetailsTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task The_decision_is_shown_with_its_consultations()
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var id = await sites.DataSource.DecisionAsync("任丘市某某管理办法");
        var consultation = await sites.ConsultationAsync(id, title: "管理办法征求意见");
        var page = await client.GetHtmlAsync($"/Decisions/Details/{id}");
        Assert.Equal("任丘市某某管理办法", page.Text("h1"));
        Assert.Equal("管理办法征求意见", page.Text($"a[href='/Consultations/Details/{consultation}']"));
        Assert.NotNull(page.QuerySelector($"a[href='/Decisions/Edit/{id}']"));
    }

    [Fact]
    public async Task A_decision_of_another_department_is_not_found()
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var other = await sites.DataSource.DecisionAsync("教育局的决策", department: "任丘市教育局");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Decisions/Details/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Decisions/Details/987654")).StatusCode);
    }

    [Fact]
    public async Task The_standing_feedback_channel_is_marked_apart_from_the_consultation_windows()
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var id = await sites.DataSource.DecisionAsync("有常设反馈的决策");
        await sites.ConsultationAsync(id, title: "一次征求意见");
        await using (var conn = await sites.DataSource.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await Evaluation.Shared.Feedback.FeedbackIntake.EnsureStandingConsultationAsync(conn, tx, id);
            await tx.CommitAsync();
        }
        var rows = (await client.GetHtmlAsync($"/Decisions/Details/{id}")).QuerySelectorAll("table.list tbody tr").ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains(Texts.Get("Decision.StandingFeedback"), rows[0].TextContent);
        Assert.DoesNotContain(Texts.Get("Decision.StandingFeedback"), rows[1].TextContent);
    }

    [Fact]
    public async Task The_page_names_the_department_and_a_decision_without_an_end_date_takes_feedback_with_no_end_shown()
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");   // 任丘市司法局
        var id = await sites.DataSource.DecisionAsync("没有有效期的决策");
        await using (var conn = await sites.DataSource.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await Evaluation.Shared.Feedback.FeedbackIntake.EnsureStandingConsultationAsync(conn, tx, id);
            await tx.CommitAsync();
        }
        var page = await client.GetHtmlAsync($"/Decisions/Details/{id}");
        Assert.Equal("任丘市司法局", page.Text("#decision-department"));
        var window = page.QuerySelector("table.list tbody tr")!.TextContent;
        Assert.DoesNotContain("2999", window);
        Assert.Contains(Texts.Get("Format.WindowNoEnd", "2024-02-01 00:00"), window);

        // Nor does the Portal's decision page print the far end.
        var portal = await sites.Portal.Browser().GetHtmlAsync($"/Decisions/{id}");
        Assert.DoesNotContain("2999", portal.Body!.TextContent);
    }
}
