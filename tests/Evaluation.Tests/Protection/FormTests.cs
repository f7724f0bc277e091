using System.Net;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Protection;

public class FormTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private static Dictionary<string, string?> Form(string body = "双击提交的意见") => new()
    {
        ["Input.RespondentType"] = "citizen", ["Input.RegionCode"] = "chuan", ["Input.Body"] = body,
    };

    private Task<long> CountAsync(long consultation) =>
        sites.DataSource.ScalarAsync<long>("select count(*) from opinion where consultation_id = @consultation", new { consultation });

    [Fact]
    public async Task A_double_click_stores_one_opinion_and_both_requests_get_the_same_receipt()
    {
        var consultation = await sites.ConsultationAsync();
        var client = sites.Portal.Browser();
        var form = (AngleSharp.Html.Dom.IHtmlFormElement)(await client.GetHtmlAsync($"/Consultations/{consultation}")).QuerySelector("main form")!;

        // The same form, posted twice at once (a double click), then once more later (a retried POST).
        var both = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => client.PostFormAsync(form, $"/Consultations/{consultation}", Form())));
        var retried = await client.PostFormAsync(form, $"/Consultations/{consultation}", Form());

        var receipts = both.Append(retried).Select(r => r.RequestMessage!.RequestUri!.AbsolutePath).Distinct().ToList();
        var receipt = Assert.Single(receipts);
        Assert.StartsWith("/Receipt/", receipt);
        Assert.Equal(1, await CountAsync(consultation));
        Assert.Equal(1, await sites.DataSource.ScalarAsync<int>("select consultation_opinion_count(id)::int from consultation where id = @consultation", new { consultation }));
    }

    [Fact]
    public async Task Two_forms_opened_separately_are_two_opinions()
    {
        var consultation = await sites.ConsultationAsync();
        await sites.Portal.Browser().SubmitAsync($"/Consultations/{consultation}", Form("第一条"));
        await sites.Portal.Browser().SubmitAsync($"/Consultations/{consultation}", Form("第二条"));
        Assert.Equal(2, await CountAsync(consultation));
    }

    [Fact]
    public async Task A_form_without_its_token_is_shown_again_with_a_message_and_its_data()
    {
        var consultation = await sites.ConsultationAsync();
        var fields = Form("没有令牌的意见");
        fields["Input.SubmissionToken"] = "";
        var page = await (await sites.Portal.Browser().SubmitAsync($"/Consultations/{consultation}", fields)).ReadHtmlAsync();
        Assert.Contains(Texts.Get("Opinion.FormExpired"), page.Text("#error-summary"));
        Assert.Equal("没有令牌的意见", page.QuerySelector("#Input_Body")!.TextContent);
        Assert.True(Guid.TryParse(page.QuerySelector("input[name='Input.SubmissionToken']")!.GetAttribute("value"), out _));
        Assert.Equal(0, await CountAsync(consultation));
    }

    [Theory]
    [InlineData("Input.Body", "Body", "正文\uD800中间")]        // a lone surrogate
    [InlineData("Input.Name", "Name", "张\uFFFD")]             // bytes that were not UTF-8
    public async Task Invalid_characters_get_a_message_and_nothing_is_stored(string field, string id, string value)
    {
        var consultation = await sites.ConsultationAsync();
        var fields = Form();
        fields[field] = value;
        if (field == "Input.Name") fields["Input.Consent"] = "true";
        var response = await sites.Portal.Browser().SubmitAsync($"/Consultations/{consultation}", fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(Texts.Get("Opinion.InvalidCharacters"), (await response.ReadHtmlAsync()).Text($"#{id}-error"));
        Assert.Equal(0, await CountAsync(consultation));
    }
}
