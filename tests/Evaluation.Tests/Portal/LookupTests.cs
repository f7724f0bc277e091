using Evaluation.Shared.Opinions;
using Evaluation.Shared.Respondents;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Portal;

public class LookupTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private async Task<string> SubmitAsync(string body = "我的意见", string? name = "赵六", string? contact = "zhaoliu@example.cn")
    {
        var consultation = await sites.ConsultationAsync(title: "查询测试征求意见");
        var accepted = await sites.AcceptedOpinionAsync(
            new NewOpinion(consultation, Channels.Online, RespondentTypes.Citizen, name, Contact.Parse(contact), "qingta", body, true));
        return accepted.ReceiptNumber;
    }

    private Task<HttpResponseMessage> LookUp(string receipt) =>
        sites.Portal.Browser().SubmitAsync("/Lookup", new Dictionary<string, string?> { ["ReceiptNumber"] = receipt });

    [Fact]
    public async Task A_receipt_shows_date_status_and_reply_but_no_personal_data()
    {
        var receipt = await SubmitAsync();
        await sites.DataSource.ScalarAsync<long>(
            "update opinion set status = 'replied', reply = '已转交市场监管局研究办理。', replied_at = now() where receipt_number = @receipt returning id",
            new { receipt });

        var page = await (await LookUp(Receipt.Format(receipt).ToLowerInvariant())).ReadHtmlAsync();

        Assert.Equal(Texts.Get("OpinionStatus.replied"), page.Text("#lookup-status"));
        Assert.Equal("已转交市场监管局研究办理。", page.Text("#lookup-reply"));
        Assert.Contains("查询测试征求意见", page.Text("#lookup-result"));
        var text = page.Body!.TextContent;
        Assert.DoesNotContain("赵六", text);
        Assert.DoesNotContain("zhaoliu@example.cn", text);
    }

    [Fact]
    public async Task A_receipt_with_a_typo_is_caught_before_any_lookup()
    {
        var receipt = await SubmitAsync();
        var typo = (receipt[0] == 'A' ? "B" : "A") + receipt[1..];
        var page = await (await LookUp(typo)).ReadHtmlAsync();
        Assert.Equal(Texts.Get("Lookup.Malformed"), page.Text("#ReceiptNumber-error"));
        Assert.Null(page.QuerySelector("#lookup-result"));
        Assert.Equal(typo, page.QuerySelector("#ReceiptNumber")!.GetAttribute("value"));
    }

    [Fact]
    public async Task A_well_formed_but_unknown_receipt_says_so()
    {
        var page = await (await LookUp(Receipt.NewNumber())).ReadHtmlAsync();
        Assert.Equal(Texts.Get("Lookup.NotFound"), page.Text("#ReceiptNumber-error"));
    }

    [Fact]
    public async Task An_empty_lookup_asks_for_the_number()
    {
        var page = await (await LookUp("")).ReadHtmlAsync();
        Assert.Equal(Texts.Get("Lookup.Required"), page.Text("#ReceiptNumber-error"));
    }

    [Fact]
    public async Task A_receipt_shows_the_disposition_and_reason_once_set_and_links_to_the_published_results()
    {
        var published = await Evaluation.Tests.Admin.Results.PublishedResults.PublishedAsync(sites);

        var page = await (await LookUp(published.Receipt)).ReadHtmlAsync();

        Assert.Contains(Texts.Get("Disposition.partly_adopted"), page.Text("#lookup-disposition"));
        Assert.Contains("免费时长延长至30分钟。", page.Text("#lookup-disposition"));
        Assert.Equal($"/Results/{published.Setup.Project}", page.QuerySelector("#lookup-results a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task A_receipt_without_a_disposition_shows_none()
    {
        var page = await (await LookUp(await SubmitAsync())).ReadHtmlAsync();
        Assert.Null(page.QuerySelector("#lookup-disposition"));
        Assert.Null(page.QuerySelector("#lookup-results"));
    }

    [Fact]
    public async Task A_receipt_shows_its_link_in_the_intake_chain_once_chained()
    {
        var receipt = await SubmitAsync();
        Assert.Contains(Texts.Get("Lookup.Chain.Waiting"), (await (await LookUp(receipt)).ReadHtmlAsync()).Text("#lookup-chain"));
        await Evaluation.Shared.Chain.IntakeChain.ChainPendingAsync(sites.DataSource, sites.Now);
        var seq = await sites.DataSource.ScalarAsync<long>(
            "select l.seq from intake_chain l join opinion o on o.id = l.row_id and l.kind = 'opinion' where o.receipt_number = @receipt",
            new { receipt = receipt.Replace("-", "") });
        Assert.Contains($"已写入第 {seq} 环", (await (await LookUp(receipt)).ReadHtmlAsync()).Text("#lookup-chain"));
    }
}
