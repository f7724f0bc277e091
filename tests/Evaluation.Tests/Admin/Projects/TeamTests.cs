using Dapper;
using Evaluation.Tests.Infrastructure;
using Resx = Evaluation.Shared.Resources.Texts;

namespace Evaluation.Tests.Admin.Projects;

/// <summary>Outside members of the team are personal data: encrypted, masked, revealed only by an audited action.</summary>
public class TeamTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task An_outside_experts_name_and_contact_are_stored_encrypted_shown_masked_and_revealed_with_an_audit_entry()
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var project = await sites.DataSource.ProjectAsync(await sites.DataSource.DecisionAsync());
        var added = await client.SubmitAsync($"/Projects/Team/{project}", new Dictionary<string, string?>
        {
            ["MemberKind"] = "npc_deputy", ["Name"] = "欧阳娜娜", ["Contact"] = "13812345678", ["Affiliation"] = "市人大代表", ["TeamRole"] = "expert",
        }, "form[action*='handler=AddOutside']");
        var page = await added.ReadHtmlAsync();

        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var stored = await conn.QuerySingleAsync<(long Id, string Name, string Contact)>(
            "select id, name, contact from project_member where project_id = @project", new { project });
        Assert.DoesNotContain("欧阳", stored.Name);
        Assert.Equal("欧阳娜娜", sites.PersonalData.Unprotect(stored.Name));
        Assert.Contains("欧***", page.Body!.TextContent);
        Assert.Contains("138****5678", page.Body.TextContent);
        Assert.DoesNotContain("欧阳娜娜", page.Body.TextContent);
        Assert.DoesNotContain("欧阳娜娜", string.Join(" ", await conn.QueryAsync<string>("select coalesce(after::text, '') from audit_log")));

        var revealed = await (await client.SubmitAsync($"/Projects/Team/{project}", new Dictionary<string, string?> { ["MemberId"] = stored.Id.ToString() },
            "form[action*='handler=Reveal']")).ReadHtmlAsync();
        Assert.Contains("欧阳娜娜", revealed.Body!.TextContent);
        Assert.Contains("13812345678", revealed.Body.TextContent);
        Assert.Equal(1L, await conn.ExecuteScalarAsync<long>(
            "select count(*) from audit_log where action = 'view_personal_data' and entity = 'project_member' and entity_id = @id",
            new { id = stored.Id.ToString() }));
    }

    [Fact]
    public async Task A_bad_outside_member_is_refused_with_the_typed_values_kept_and_nothing_stored()
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var project = await sites.DataSource.ProjectAsync(await sites.DataSource.DecisionAsync());
        var page = await (await client.SubmitAsync($"/Projects/Team/{project}", new Dictionary<string, string?>
        {
            ["MemberKind"] = "legal_expert", ["Name"] = "", ["Contact"] = "12345", ["Affiliation"] = "河北大学法学院",
        }, "form[action*='handler=AddOutside']")).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Team.Name.Required"), page.Body!.TextContent);
        Assert.Contains(Resx.Get("Opinion.Contact.Invalid"), page.Body.TextContent);
        Assert.Equal("河北大学法学院", page.QuerySelector("#Affiliation")!.GetAttribute("value"));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from project_member where project_id = @project", new { project }));
    }

    [Fact]
    public async Task The_legal_reviewer_cannot_reveal_a_members_personal_data()
    {
        var project = await sites.DataSource.ProjectAsync(await sites.DataSource.DecisionAsync());
        var (reviewer, _) = await sites.SignedInAsync("legal_reviewer");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await reviewer.GetAsync($"/Projects/Team/{project}")).StatusCode);
    }
}
