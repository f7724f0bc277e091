using System.Net;
using Evaluation.Shared.Respondents;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Protection;

/// <summary>
/// Amending an enterprise's response takes a receipt number and a credit code: a pair to guess like a receipt, so the
/// form is limited like the receipt look-up, and its body like the other small forms. A class of its own, so that its
/// Kestrel server's limiter counts these requests only.
/// </summary>
public class AmendLimitTests(TightLimitsFixture sites) : IClassFixture<TightLimitsFixture>
{
    private static Dictionary<string, string?> Guess() => new()
    {
        ["ReceiptNumber"] = Receipt.NewNumber(), ["CreditCodeInput"] = "91130982MA0D1234X5",
    };

    [Fact]
    public async Task A_burst_of_amend_guesses_from_one_address_is_limited()
    {
        var questionnaire = await sites.PublishedQuestionnaireAsync(audience: Evaluation.Shared.Questionnaires.Audiences.Enterprise);
        var url = $"/Questionnaires/{questionnaire}/Amend";
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await TightLimitsFixture.Client(sites.PortalUrl).SubmitAsync(url, Guess())).StatusCode);

        var refused = await TightLimitsFixture.Client(sites.PortalUrl).SubmitAsync(url, Guess());

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains(Texts.Get("Status.429.Title"), (await refused.ReadHtmlAsync()).Title);
        Assert.Equal(HttpStatusCode.OK, (await TightLimitsFixture.Client(sites.PortalUrl).GetAsync(url)).StatusCode);
    }
}
