namespace Evaluation.Tests.Infrastructure;

/// <summary>What respondents do on the Portal, through its forms, for the tests of the pages that follow.</summary>
public static class PortalSteps
{
    /// <summary>An opinion with name and contact on a new consultation, submitted through the form.</summary>
    public static async Task<(long Consultation, long Opinion)> OpinionThroughPortalAsync(this SitesFixture sites, string name, string contact)
    {
        var consultation = await sites.ConsultationAsync();
        var response = await sites.Portal.Browser().SubmitAsync($"/Consultations/{consultation}", new Dictionary<string, string?>
        {
            ["Input.RespondentType"] = "citizen", ["Input.RegionCode"] = "chuan", ["Input.Body"] = "关于停车收费的意见",
            ["Input.Name"] = name, ["Input.Contact"] = contact, ["Input.Consent"] = "true",
        });
        Assert.StartsWith("/Receipt/", response.RequestMessage!.RequestUri!.AbsolutePath);
        return (consultation, await sites.DataSource.ScalarAsync<long>("select id from opinion where consultation_id = @consultation", new { consultation }));
    }

    /// <summary>Starts a questionnaire as a citizen in 出岸镇; returns the client and the answering page's address.</summary>
    public static async Task<(HttpClient Client, string Url)> StartAsCitizenAsync(this SitesFixture sites, long questionnaireId)
    {
        var client = sites.Portal.Browser();
        var response = await client.SubmitAsync($"/Questionnaires/{questionnaireId}",
            new Dictionary<string, string?> { ["Input.RespondentType"] = "citizen", ["Input.RegionCode"] = "chuan" }, "form[action*='handler=Start']");
        var url = response.RequestMessage!.RequestUri!.PathAndQuery;
        Assert.Matches($"^/Questionnaires/{questionnaireId}/Answer/[0-9A-Z]{{12}}$", url);
        return (client, url);
    }

    /// <summary>The fields of the start form for an enterprise.</summary>
    public static Dictionary<string, string?> Enterprise(string creditCode, string name = "任丘市某某石化设备有限公司") => new()
    {
        ["Input.CreditCode"] = creditCode, ["Input.EnterpriseName"] = name, ["Input.Industry"] = "C",
        ["Input.EnterpriseSize"] = "small", ["Input.RegionCode"] = "xinhualu",
    };

    /// <summary>Answers and submits <see cref="QuestionnaireData.OnePage"/>; returns the receipt number shown.</summary>
    public static async Task<string> SubmitOnePageAsync(this HttpClient client, string answerUrl, string point, string? text = null)
    {
        var done = await client.SubmitAsync(answerUrl, new Dictionary<string, string?> { ["a.q1"] = point, ["a.q2"] = text, ["nav"] = "submit" });
        Assert.StartsWith("/Questionnaires/Submitted/", done.RequestMessage!.RequestUri!.AbsolutePath);
        return (await done.ReadHtmlAsync()).Text("#receipt-number");
    }
}
