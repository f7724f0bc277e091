using System.Net;
using Evaluation.Shared.Respondents;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Portal;

public class ReceiptTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task The_receipt_page_of_an_unknown_number_is_not_found()
    {
        var response = await sites.Portal.Browser().GetAsync($"/Receipt/{Receipt.NewNumber()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
