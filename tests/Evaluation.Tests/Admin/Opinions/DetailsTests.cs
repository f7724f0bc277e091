using Dapper;
using Evaluation.Shared.Opinions;
using Evaluation.Shared.Respondents;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Opinions;

public class DetailsTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task A_reply_reaches_the_citizen_through_the_lookup()
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var consultation = await sites.ConsultationAsync();
        var accepted = await sites.AcceptedOpinionAsync(new NewOpinion(consultation, Channels.Online,
            RespondentTypes.Citizen, null, null, "chuan", "路灯不亮", false));

        var empty = await (await client.SubmitAsync($"/Opinions/Details/{accepted.OpinionId}", new Dictionary<string, string?> { ["ReplyText"] = "  " },
            "form[action*='handler=Reply']")).ReadHtmlAsync();
        Assert.Contains(Texts.Get("Opinion.Reply.Required"), empty.Body!.TextContent);
        await client.SubmitAsync($"/Opinions/Details/{accepted.OpinionId}", new Dictionary<string, string?> { ["ReplyText"] = "已安排维修。" },
            "form[action*='handler=Reply']");

        var lookup = await (await sites.Portal.Browser().SubmitAsync("/Lookup",
            new Dictionary<string, string?> { ["ReceiptNumber"] = accepted.ReceiptNumber })).ReadHtmlAsync();
        Assert.Equal(Texts.Get("OpinionStatus.replied"), lookup.Text("#lookup-status"));
        Assert.Equal("已安排维修。", lookup.Text("#lookup-reply"));
    }

    [Fact]
    public async Task Staff_confirm_the_suggested_criterion_then_change_it_and_each_coding_is_audited()
    {
        var (client, userName) = await sites.SignedInAsync("evaluation_staff");
        var consultation = await sites.ConsultationAsync();
        var id = await sites.OpinionAsync(consultation, "审批流程太繁琐，手续多，希望网上办理。");

        var page = await client.GetHtmlAsync($"/Opinions/Details/{id}");
        Assert.Equal(Texts.Get("Criterion.operability"), page.Text("#coding-suggestion strong"));
        Assert.Equal(Texts.Get("Coding.NotCoded"), page.Text("#coding-state"));
        Assert.Equal(Texts.Get("Coding.Confirm"), page.QuerySelector("#code")!.TextContent);

        // Confirm: the form comes with the suggestion selected.
        page = await (await client.SubmitAsync($"/Opinions/Details/{id}", new Dictionary<string, string?>(), "form[action*=Code]")).ReadHtmlAsync();
        Assert.Equal(Texts.Get("Coding.Saved"), page.QuerySelector("#flash")!.TextContent);
        Assert.Equal(Texts.Get("Criterion.operability"), page.Text("#coding-state strong"));

        // Change it: staff decide it is about rationality.
        await client.SubmitAsync($"/Opinions/Details/{id}", new Dictionary<string, string?> { ["Criterion"] = "rationality" }, "form[action*=Code]");

        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var coding = await conn.QuerySingleAsync<(string Criterion, string CodedBy)>(
            "select k.criterion, s.user_name from opinion_coding k join staff_user s on s.id = k.coded_by where k.opinion_id = @id", new { id });
        Assert.Equal(("rationality", userName), coding);
        var audit = (await conn.QueryAsync<(string Actor, string? Before, string After, string Suggested)>(
            """
            select actor_name, before ->> 'criterion', after ->> 'criterion', after ->> 'suggested'
            from audit_log where entity = 'opinion' and entity_id = @id::text and action = 'code' order by id
            """, new { id })).ToList();
        Assert.Equal([(userName, null, "operability", "operability"), (userName, "operability", "rationality", "operability")], audit);
    }

    [Fact]
    public async Task A_criterion_of_the_other_kind_or_none_chosen_is_refused_with_a_message_and_nothing_is_written()
    {
        var (client, _) = await sites.SignedInAsync("organizer");
        var consultation = await sites.ConsultationAsync();
        var id = await sites.OpinionAsync(consultation, "今天天气很好。");

        var page = await client.GetHtmlAsync($"/Opinions/Details/{id}");
        Assert.Equal(Texts.Get("Coding.NoSuggestion"), page.Text("#coding-suggestion"));
        page = await (await client.SubmitAsync($"/Opinions/Details/{id}", new Dictionary<string, string?> { ["Criterion"] = "cost_benefit" }, "form[action*=Code]")).ReadHtmlAsync();
        Assert.Contains(Texts.Get("Coding.NotForThisDecision"), page.Body!.TextContent);
        page = await (await client.SubmitAsync($"/Opinions/Details/{id}", new Dictionary<string, string?> { ["Criterion"] = "" }, "form[action*=Code]")).ReadHtmlAsync();
        Assert.Contains(Texts.Get("Coding.Required"), page.Body!.TextContent);
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from opinion_coding where opinion_id = @id", new { id }));

        // "No criterion applies" is a coding too.
        await client.SubmitAsync($"/Opinions/Details/{id}", new Dictionary<string, string?> { ["Criterion"] = "none" }, "form[action*=Code]");
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>("select count(*) from opinion_coding where opinion_id = @id and criterion is null", new { id }));
    }

    [Fact]
    public async Task Legal_reviewers_neither_see_nor_code_the_opinions_of_a_department()
    {
        // Legal reviewers see what is sent to them for review, not the departments' opinions (Art. 3).
        var (client, _) = await sites.SignedInAsync("legal_reviewer");
        var consultation = await sites.ConsultationAsync();
        var id = await sites.OpinionAsync(consultation, "与上位法相抵触。");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync($"/Opinions/Details/{id}")).StatusCode);
        await client.PostWithTokenAsync($"/Opinions/Details/{id}?handler=Code", new() { ["Criterion"] = "legality" });
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from opinion_coding where opinion_id = @id", new { id }));
    }

    [Fact]
    public async Task An_organizer_shows_the_full_data_on_request_and_each_view_is_audited()
    {
        var (_, opinion) = await sites.OpinionThroughPortalAsync("李雷", "lilei@example.cn");
        var (organizer, userName) = await sites.SignedInAsync("organizer");

        var masked = await organizer.GetHtmlAsync($"/Opinions/Details/{opinion}");
        Assert.Equal("李*", masked.Text("#opinion-name"));
        Assert.Equal("l***@example.cn", masked.Text("#opinion-contact"));
        Assert.Equal(0L, await AuditedViewsAsync(opinion));

        for (var i = 1; i <= 2; i++)
        {
            var shown = await (await organizer.SubmitAsync($"/Opinions/Details/{opinion}", new Dictionary<string, string?>(),
                "form[action*='handler=Reveal']")).ReadHtmlAsync();
            Assert.Equal("李雷", shown.Text("#opinion-name"));
            Assert.Equal("lilei@example.cn", shown.Text("#opinion-contact"));
            Assert.Equal(i, await AuditedViewsAsync(opinion, userName));
        }
    }

    private Task<long> AuditedViewsAsync(long opinion, string? userName = null) => sites.DataSource.ScalarAsync<long>(
        "select count(*) from audit_log where action = 'view_personal_data' and entity = 'opinion' and entity_id = @id and (@userName::text is null or actor_name = @userName)",
        new { id = opinion.ToString(), userName });

    [Fact]
    public async Task A_legal_reviewer_sees_neither_the_opinion_nor_its_personal_data()
    {
        var (_, opinion) = await sites.OpinionThroughPortalAsync("韩梅梅", "13900001111");
        var (reviewer, _) = await sites.SignedInAsync("legal_reviewer");

        var page = await reviewer.GetAsync($"/Opinions/Details/{opinion}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, page.StatusCode);
        Assert.DoesNotContain("韩梅梅", await page.Content.ReadAsStringAsync());
        // Posting the action anyway is refused, and nothing is shown.
        var forced = await reviewer.PostWithTokenAsync($"/Opinions/Details/{opinion}?handler=Reveal");
        Assert.DoesNotContain("韩梅梅", await forced.Content.ReadAsStringAsync());
        Assert.Equal(0L, await AuditedViewsAsync(opinion));
    }
}
