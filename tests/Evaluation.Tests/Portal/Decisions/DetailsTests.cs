using System.Net;
using Dapper;
using Evaluation.Shared.Respondents;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Portal.Decisions;

/// <summary>Tracking feedback (跟踪反馈) on a decision's page: taken while the decision is in force, with the
/// consultation form's checks, receipt and look-up, classified at intake.</summary>
public class DetailsTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private static Dictionary<string, string?> Form(string body = "办事窗口收费标准过高，增加了群众负担。", string region = "chuan") => new()
    {
        ["Input.RespondentType"] = "citizen",
        ["Input.RegionCode"] = region,
        ["Input.Body"] = body,
    };

    private Task<long> FeedbackCountAsync(long decision) => sites.DataSource.ScalarAsync<long>(
        """
        select count(*) from opinion o join consultation c on c.id = o.consultation_id
        where c.decision_id = @decision and c.kind = 'standing'
        """, new { decision });

    private async Task ValidUntilAsync(long decision, DateOnly until)
    {
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("update decision set valid_until = @until where id = @decision", new { decision, until });
    }

    [Fact]
    public async Task Feedback_on_a_decision_in_force_gets_a_receipt_that_the_look_up_finds()
    {
        var decision = await sites.DataSource.DecisionAsync("关于规范城市停车收费的规定", "任政规〔2024〕7号");
        var client = sites.Portal.Browser();

        var response = await client.SubmitAsync($"/Decisions/{decision}", Form(), "#feedback form");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("/Receipt/", response.RequestMessage!.RequestUri!.AbsolutePath);
        var receipt = (await response.ReadHtmlAsync()).Text("#receipt-number");
        Assert.True(Receipt.TryNormalize(receipt, out var number));
        Assert.Equal(1, await FeedbackCountAsync(decision));
        Assert.Equal(1, await sites.DataSource.ScalarAsync<int>(
            "select consultation_opinion_count(id)::int from consultation where decision_id = @decision and kind = 'standing'", new { decision }));

        var lookup = await (await client.SubmitAsync("/Lookup", new Dictionary<string, string?> { ["ReceiptNumber"] = number })).ReadHtmlAsync();
        Assert.Contains("办事窗口收费标准过高", lookup.Text("#lookup-result"));

        // The receipt's link leads back to the decision's page, where the count has moved.
        var page = await client.GetHtmlAsync($"/Decisions/{decision}");
        Assert.Contains(Texts.Get("Feedback.Count", 1), page.Text("#feedback-count"));
    }

    [Fact]
    public async Task The_standing_consultation_link_of_a_receipt_leads_to_the_decision()
    {
        var decision = await sites.DataSource.DecisionAsync("停车场管理办法");
        await sites.Portal.Browser().SubmitAsync($"/Decisions/{decision}", Form(), "#feedback form");
        var standing = await sites.DataSource.ScalarAsync<long>(
            "select id from consultation where decision_id = @decision and kind = 'standing'", new { decision });

        var response = await sites.Portal.NoRedirects().GetAsync($"/Consultations/{standing}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/Decisions/{decision}", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Feedback_gets_the_suggested_standard_at_intake()
    {
        var decision = await sites.DataSource.DecisionAsync("收费管理规定");
        await sites.Portal.Browser().SubmitAsync($"/Decisions/{decision}", Form("这项规定与上位法相抵触，缺乏法律依据。"), "#feedback form");

        var suggested = await sites.DataSource.ScalarAsync<string>(
            """
            select s.criterion from opinion_suggestion s join opinion o on o.id = s.opinion_id
            join consultation c on c.id = o.consultation_id where c.decision_id = @decision
            """, new { decision });
        Assert.Equal("legality", suggested);
    }

    [Fact]
    public async Task An_expired_decision_says_so_and_refuses_feedback_with_the_text_shown_back()
    {
        var decision = await sites.DataSource.DecisionAsync("已到期的规定");
        await ValidUntilAsync(decision, DateOnly.FromDateTime(sites.Now).AddDays(5));
        var client = sites.Portal.Browser();
        var page = await client.GetHtmlAsync($"/Decisions/{decision}");
        // The validity ends while the citizen is still writing.
        sites.Clock.Advance(TimeSpan.FromDays(10));

        var response = await client.PostFormAsync((AngleSharp.Html.Dom.IHtmlFormElement)page.QuerySelector("#feedback form")!,
            $"/Decisions/{decision}", Form("写了很久的反馈"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var refused = await response.ReadHtmlAsync();
        Assert.Contains(Texts.Start("Feedback.Refused.Expired"), refused.Text("#refused"));
        Assert.Equal("写了很久的反馈", refused.QuerySelector("#refused-text")!.TextContent);
        Assert.Null(refused.QuerySelector("#Input_Body"));
        Assert.Equal(0, await FeedbackCountAsync(decision));

        var later = await client.GetHtmlAsync($"/Decisions/{decision}");
        Assert.Contains(Texts.Get("Register.Status.Expired"), later.Text("#decision-status"));
        Assert.Contains(Texts.Start("Feedback.Expired"), later.Text("#feedback-closed"));
        Assert.Null(later.QuerySelector("#feedback form"));
    }

    [Fact]
    public async Task Bad_input_gets_a_message_next_to_the_field_keeps_the_text_and_stores_nothing()
    {
        var decision = await sites.DataSource.DecisionAsync("需要反馈的规定");
        var response = await sites.Portal.Browser().SubmitAsync($"/Decisions/{decision}", Form(region: "atlantis"), "#feedback form");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadHtmlAsync();
        Assert.Contains(Texts.Get("Opinion.Region.Invalid"), page.Text("#RegionCode-error"));
        Assert.Contains(Texts.Get("Opinion.Region.Invalid"), page.Text("#error-summary"));
        Assert.Equal("办事窗口收费标准过高，增加了群众负担。", page.QuerySelector("#Input_Body")!.TextContent);
        Assert.Equal(0, await FeedbackCountAsync(decision));
    }

    [Fact]
    public async Task A_double_post_of_one_form_stores_one_feedback()
    {
        var decision = await sites.DataSource.DecisionAsync("一次提交的规定");
        var client = sites.Portal.Browser();
        var page = await client.GetHtmlAsync($"/Decisions/{decision}");
        var form = (AngleSharp.Html.Dom.IHtmlFormElement)page.QuerySelector("#feedback form")!;

        var first = await client.PostFormAsync(form, $"/Decisions/{decision}", Form());
        var second = await client.PostFormAsync(form, $"/Decisions/{decision}", Form());

        Assert.Equal(first.RequestMessage!.RequestUri, second.RequestMessage!.RequestUri);
        Assert.Equal(1, await FeedbackCountAsync(decision));
    }

    [Fact]
    public async Task The_standing_consultation_is_not_listed_as_a_consultation_window()
    {
        var decision = await sites.DataSource.DecisionAsync("不应出现在首页的决策标题");
        await sites.Portal.Browser().SubmitAsync($"/Decisions/{decision}", Form(), "#feedback form");

        var home = await sites.Portal.Browser().GetHtmlAsync("/");
        Assert.DoesNotContain("不应出现在首页的决策标题", home.Body!.TextContent);
        Assert.NotNull(home.QuerySelector("#register-link a[href='/Decisions']"));
        var page = await sites.Portal.Browser().GetHtmlAsync($"/Decisions/{decision}");
        Assert.Contains(Texts.Get("Register.NoConsultations"), page.Body!.TextContent);
    }
}
