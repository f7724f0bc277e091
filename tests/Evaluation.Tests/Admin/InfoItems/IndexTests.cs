using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.InfoItems;

/// <summary>An information item entered by hand, with its confidentiality mark and an attachment.</summary>
public class IndexTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task An_item_is_kept_with_its_mark_and_attachment_and_bad_input_keeps_what_was_typed()
    {
        var decision = await sites.DataSource.DecisionAsync("录入信息资料的决策");
        var client = await sites.SignedInAsync("evaluation_staff", "任丘市司法局");
        var url = $"/InfoItems?decisionId={decision}";

        var bad = await (await client.SubmitAsync(url, new Dictionary<string, string?>
        {
            ["Input.Kind"] = "litigation_case", ["Input.Title"] = "行政诉讼案件", ["Input.Source"] = "", ["Input.OccurredOn"] = "2025-05-06",
        }, "#item-form")).ReadHtmlAsync();
        Assert.Contains(Texts.Get("InfoItem.Required"), bad.Text("#Source-error"));
        Assert.Equal("行政诉讼案件", bad.QuerySelector("#Input_Title")!.GetAttribute("value"));

        var response = await client.SubmitWithFilesAsync(url, new Dictionary<string, string?>
        {
            ["Input.Kind"] = "litigation_case", ["Input.Title"] = "行政诉讼案件", ["Input.Source"] = "市中级人民法院",
            ["Input.OccurredOn"] = "2025-05-06", ["Input.Criterion"] = "legality", ["Input.Confidentiality"] = "personal",
        }, [new MultipartForms.Upload("Files", "判决书.pdf", MultipartForms.Pdf())], "#item-form");

        var page = await response.ReadHtmlAsync();
        var row = page.Text("#items");
        Assert.Contains("行政诉讼案件", row);
        Assert.Contains(Texts.Get("InfoItem.Confidentiality.personal"), row);
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>(
            """
            select count(*) from information_item_attachment a join information_item i on i.id = a.information_item_id
            where i.decision_id = @decision
            """, new { decision }));
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where entity = 'information_item' and action = 'create'"));
    }
}
