using Evaluation.Shared.Chain;
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
        await sites.DataSource.ChainPendingAsync(sites.Now);
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
        // Correction and erasure never break the intake chain.
        Assert.IsType<ChainCheck.Intact>(await sites.DataSource.VerifyAsync());
    }

    [Fact]
    public async Task Only_administrators_reach_the_page()
    {
        var (organizer, _) = await sites.SignedInAsync("organizer");
        Assert.Equal("/Account/AccessDenied", (await organizer.GetAsync("/DataSubjects")).RequestMessage!.RequestUri!.AbsolutePath);
    }
}

/// <summary>Questionnaire respondents and invited people (PIPL arts. 45-47): found by receipt, credit code or name; the
/// answers stay, the personal fields go; the intake chain stays valid.</summary>
public class RespondentTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private const string CreditCode = "914403001922038216";

    [Fact]
    public async Task An_administrator_finds_exports_corrects_and_erases_a_respondents_and_an_invited_persons_data_and_the_answers_stay()
    {
        var (_, responses) = await sites.ConsultationWithAnswersAsync(4);
        var response = responses[0];
        var receipt = await sites.DataSource.ScalarAsync<string>(
            "update response set respondent_type = 'enterprise', credit_code = @CreditCode, enterprise_name = '某某石化有限公司', industry = 'C', enterprise_size = 'small' where id = @response returning receipt_number",
            new { CreditCode, response });
        var questionnaire = await sites.DataSource.ScalarAsync<long>("select questionnaire_id from response where id = @response", new { response });
        var invitation = await sites.DataSource.ScalarAsync<long>(
            "insert into questionnaire_invitation (questionnaire_id, name, category, token_hash) values (@questionnaire, @name, 'expert', @hash) returning id",
            new { questionnaire, name = sites.PersonalData.Protect("欧阳专家"), hash = Guid.NewGuid().ToByteArray() });
        await sites.DataSource.ChainPendingAsync(sites.Now);
        var (admin, _) = await sites.SignedInAsync("administrator");

        async Task<AngleSharp.Html.Dom.IHtmlDocument> SearchAsync(string query) => await (await admin.SubmitAsync("/DataSubjects",
            new Dictionary<string, string?> { ["Query"] = query }, "form[action*='handler=Search']")).ReadHtmlAsync();
        var byCode = await SearchAsync("9144 0300 1922 0382 16");
        Assert.Equal(response.ToString(), Assert.Single(byCode.QuerySelectorAll("#responses tbody tr")).GetAttribute("data-response"));
        Assert.Contains("某某石化有限公司", byCode.Text("#responses"));
        Assert.Single((await SearchAsync(Receipt.Format(receipt))).QuerySelectorAll("#responses tbody tr"));
        var byName = await SearchAsync("欧阳专家");
        Assert.Equal(invitation.ToString(), Assert.Single(byName.QuerySelectorAll("#invitations tbody tr")).GetAttribute("data-invitation"));

        var json = await (await admin.PostAsync("/DataSubjects?handler=Export", new Dictionary<string, string?> { ["Query"] = CreditCode })).Content.ReadAsStringAsync();
        Assert.Contains("某某石化有限公司", json);
        Assert.Contains("\"item\": \"q1\"", json);

        // A correction is checked like the form: a wrong credit code is refused in Chinese, nothing changed.
        var refused = await (await admin.PostAsync($"/DataSubjects?handler=CorrectResponse&responseId={response}",
            new Dictionary<string, string?> { ["Query"] = CreditCode, ["CreditCodeInput"] = "914403001922038217", ["EnterpriseName"] = "改名" })).ReadHtmlAsync();
        Assert.Contains(Texts.Get("DataSubject.CreditCode.Invalid"), refused.Text("#correct-error"));
        await admin.PostAsync($"/DataSubjects?handler=CorrectResponse&responseId={response}",
            new Dictionary<string, string?> { ["Query"] = CreditCode, ["CreditCodeInput"] = CreditCode, ["EnterpriseName"] = "某某石化设备有限公司" });
        Assert.Equal("某某石化设备有限公司", await sites.DataSource.ScalarAsync<string>("select enterprise_name from response where id = @response", new { response }));
        await admin.PostAsync($"/DataSubjects?handler=CorrectInvitation&invitationId={invitation}",
            new Dictionary<string, string?> { ["Query"] = "欧阳专家", ["Name"] = "欧阳教授" });
        Assert.Equal("欧阳教授", sites.PersonalData.Unprotect(await sites.DataSource.ScalarAsync<string>(
            "select name from questionnaire_invitation where id = @invitation", new { invitation })));

        await admin.PostAsync("/DataSubjects?handler=Erase", new Dictionary<string, string?> { ["Query"] = CreditCode });
        await admin.PostAsync("/DataSubjects?handler=Erase", new Dictionary<string, string?> { ["Query"] = "欧阳教授" });
        var stored = await sites.DataSource.ScalarAsync<string>(
            "select concat_ws('|', coalesce(credit_code, '-'), coalesce(enterprise_name, '-'), personal_salt is null, personal_data_removed_at is not null) from response where id = @response",
            new { response });
        Assert.Equal("-|-|t|t", stored);
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>("select count(*) from answer where response_id = @response", new { response }));
        Assert.True(await sites.DataSource.ScalarAsync<bool>(
            "select name is null and personal_data_removed_at is not null from questionnaire_invitation where id = @invitation", new { invitation }));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where after::text like '%某某石化%' or after::text like '%欧阳%' or after::text like @CreditCode", new { CreditCode = $"%{CreditCode}%" }));
        Assert.True(await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where action = 'erase_personal_data' and after->'responses' @> to_jsonb(@response)", new { response }) > 0);
        // Erasure and correction never break the intake chain.
        Assert.IsType<ChainCheck.Intact>(await sites.DataSource.VerifyAsync());
    }
}
