using Dapper;
using Evaluation.Shared.Questionnaires;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Questionnaires;

public class InvitationsTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task An_invitation_shows_its_portal_link_once_and_keeps_only_the_hash()
    {
        var id = await sites.PublishedQuestionnaireAsync(QuestionnaireData.OnePage(), Audiences.Invited);
        var (admin, _) = await sites.SignedInAsync("evaluation_staff");
        var created = await (await admin.SubmitAsync($"/Questionnaires/Invitations/{id}",
            new Dictionary<string, string?> { ["Name"] = "李委员", ["Category"] = "cppcc_member" })).ReadHtmlAsync();
        var link = created.Text("#new-link");
        Assert.StartsWith($"http://portal.test/Questionnaires/{id}?invite=", link);
        var token = link.Split("invite=")[^1];

        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var row = await conn.QuerySingleAsync<(string Name, string Category, byte[] Hash)>(
            "select name, category, token_hash from questionnaire_invitation where questionnaire_id = @id", new { id });
        // The name is personal data: stored encrypted, and the audit log names the invitation only.
        Assert.NotEqual("李委员", row.Name);
        Assert.Equal(("李委员", "cppcc_member"), (sites.PersonalData.Unprotect(row.Name), row.Category));
        Assert.Equal(0L, await conn.ExecuteScalarAsync<long>(
            "select count(*) from audit_log where entity = 'questionnaire' and entity_id = @id and after::text like '%李委员%'", new { id = id.ToString() }));
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(token)), row.Hash);
        var again = await admin.GetHtmlAsync($"/Questionnaires/Invitations/{id}");
        Assert.Null(again.QuerySelector("#new-link"));
        Assert.Contains("李委员", again.Body!.TextContent);
    }

    [Fact]
    public async Task An_invitation_needs_a_name()
    {
        var id = await sites.PublishedQuestionnaireAsync(QuestionnaireData.OnePage(), Audiences.Invited);
        var (admin, _) = await sites.SignedInAsync("evaluation_staff");
        var page = await (await admin.SubmitAsync($"/Questionnaires/Invitations/{id}",
            new Dictionary<string, string?> { ["Name"] = "", ["Category"] = "expert" })).ReadHtmlAsync();
        Assert.Null(page.QuerySelector("#new-link"));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from questionnaire_invitation where questionnaire_id = @id", new { id }));
    }

    [Fact]
    public async Task The_retention_removes_invited_names_with_the_consultation_and_the_page_says_so()
    {
        var consultation = await sites.ConsultationAsync();
        var id = await sites.PublishedQuestionnaireAsync(QuestionnaireData.OnePage(), Audiences.Invited, consultationId: consultation);
        var (admin, _) = await sites.SignedInAsync("evaluation_staff");
        await admin.SubmitAsync($"/Questionnaires/Invitations/{id}", new Dictionary<string, string?> { ["Name"] = "赵专家", ["Category"] = "expert" });
        await sites.DataSource.ScalarAsync<long>(
            "update consultation set state = 'closed', closed_at = @closed where id = @consultation returning id",
            new { consultation, closed = sites.Now.AddDays(-200) });

        await Evaluation.Shared.Privacy.Retention.PurgePersonalDataAsync(sites.DataSource, 180, sites.Now);

        Assert.True(await sites.DataSource.ScalarAsync<bool>(
            "select name is null and personal_data_removed_at is not null from questionnaire_invitation where questionnaire_id = @id", new { id }));
        Assert.DoesNotContain("赵专家", (await admin.GetHtmlAsync($"/Questionnaires/Invitations/{id}")).Body!.TextContent);
    }
}
