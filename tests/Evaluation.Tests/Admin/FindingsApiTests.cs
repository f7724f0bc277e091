using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin;

/// <summary>The token-authenticated JSON API of the findings (FindingsApi.cs), with a token issued on Account/ApiTokens.</summary>
public class FindingsApiTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task The_api_answers_with_a_token_and_refuses_without_one()
    {
        var (consultation, _) = await sites.ConsultationWithAnswersAsync(4, 5, 5);
        var (staff, _) = await sites.SignedInAsync("evaluation_staff");
        var issued = await (await staff.SubmitAsync("/Account/ApiTokens", new Dictionary<string, string?> { ["Name"] = "统计软件" })).ReadHtmlAsync();
        var token = issued.Text("#new-token");

        var api = sites.Admin.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync($"/api/consultations/{consultation}/findings")).StatusCode);
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "ev_not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync($"/api/consultations/{consultation}/findings")).StatusCode);

        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await api.GetAsync($"/api/consultations/{consultation}/findings");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Each read with a token is audited under its owner.
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where action = 'api_read' and entity = 'consultation' and entity_id = @id and actor_id is not null",
            new { id = consultation.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var legality = json.RootElement.GetProperty("criteria").EnumerateArray().First(c => c.GetProperty("criterion").GetString() == "legality");
        Assert.Equal(3, legality.GetProperty("pooled").GetProperty("n").GetInt64());
        Assert.Equal(14.0 / 3, legality.GetProperty("pooled").GetProperty("mean").GetDouble(), 9);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/consultations/987654/findings")).StatusCode);

        // Revoked, it no longer opens anything.
        await staff.SubmitAsync("/Account/ApiTokens", new Dictionary<string, string?>(), "form[action*='handler=Revoke']");
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync($"/api/consultations/{consultation}/findings")).StatusCode);
    }
}
