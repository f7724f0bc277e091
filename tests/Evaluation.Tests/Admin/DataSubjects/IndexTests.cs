using Evaluation.Shared.Opinions;
using Evaluation.Shared.Respondents;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.DataSubjects;

/// <summary>A person's rights (PIPL arts. 45-47): found by contact or receipt, exported, corrected and erased, audited.</summary>
public class IndexTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private Task<string> StoredAsync(string column, long id) =>
        sites.DataSource.ScalarAsync<string>($"select coalesce({column}, '(null)') from opinion where id = @id", new { id });

    [Fact]
    public async Task An_administrator_finds_exports_corrects_and_erases_a_persons_data_and_the_text_stays()
    {
        var consultation = await sites.ConsultationAsync();
        var mine = await sites.AcceptedOpinionAsync(new NewOpinion(consultation, Channels.Online, RespondentTypes.Citizen,
            "周某某", Contact.Parse("13812340000"), "chuan", "停车费太高", true));
        var other = await sites.AcceptedOpinionAsync(new NewOpinion(consultation, Channels.Online, RespondentTypes.Citizen,
            "吴某", Contact.Parse("13900001111"), "chuan", "别人的意见", true));
        var (admin, _) = await sites.SignedInAsync("administrator");

        // By the contact as the person types it: only their opinion.
        var found = await (await admin.SubmitAsync("/DataSubjects", new Dictionary<string, string?> { ["Query"] = "+86 138-1234-0000" },
            "form[action*='handler=Search']")).ReadHtmlAsync();
        var rows = found.QuerySelectorAll("#found tbody tr");
        Assert.Equal(mine.OpinionId.ToString(), Assert.Single(rows).GetAttribute("data-opinion"));
        Assert.Contains("周某某", rows[0].TextContent);
        // By the receipt number too.
        var byReceipt = await (await admin.SubmitAsync("/DataSubjects", new Dictionary<string, string?> { ["Query"] = Receipt.Format(mine.ReceiptNumber) },
            "form[action*='handler=Search']")).ReadHtmlAsync();
        Assert.Single(byReceipt.QuerySelectorAll("#found tbody tr"));

        var json = await (await admin.PostAsync("/DataSubjects?handler=Export", new Dictionary<string, string?> { ["Query"] = "13812340000" })).Content.ReadAsStringAsync();
        Assert.Contains("周某某", json);
        Assert.DoesNotContain("吴某", json);

        await admin.PostAsync($"/DataSubjects?handler=Correct&opinionId={mine.OpinionId}",
            new Dictionary<string, string?> { ["Query"] = "13812340000", ["Name"] = "周某", ["ContactInput"] = "13812340000" });
        Assert.Equal("周某", sites.PersonalData.Unprotect(await StoredAsync("name", mine.OpinionId)));

        await admin.PostAsync("/DataSubjects?handler=Erase", new Dictionary<string, string?> { ["Query"] = "13812340000" });
        Assert.Equal("(null)", await StoredAsync("name", mine.OpinionId));
        Assert.Equal("(null)", await StoredAsync("contact", mine.OpinionId));
        Assert.Equal("停车费太高", await StoredAsync("body", mine.OpinionId));
        Assert.NotEqual("(null)", await StoredAsync("contact", other.OpinionId));
        foreach (var action in new[] { "search_personal_data", "export_personal_data", "correct_personal_data", "erase_personal_data" })
            Assert.True(await sites.DataSource.ScalarAsync<long>("select count(*) from audit_log where action = @action", new { action }) > 0, action);
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from audit_log where after::text like '%周某%'"));
    }

    [Fact]
    public async Task Only_administrators_reach_the_page()
    {
        var (organizer, _) = await sites.SignedInAsync("organizer");
        Assert.Equal("/Account/AccessDenied", (await organizer.GetAsync("/DataSubjects")).RequestMessage!.RequestUri!.AbsolutePath);
    }
}
