using System.Net;
using System.Text;
using Evaluation.Tests.Infrastructure;
using MiniExcelLibs;

namespace Evaluation.Tests.Admin.InfoItems;

/// <summary>Bulk import of information items: good, bad, mixed and repeated files, CSV and XLSX.</summary>
public class ImportTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private const string JusticeBureau = "任丘市司法局";
    private const string Heading = "日期,类别,来源,标题,内容,评估标准,密级";

    private static byte[] Csv(params string[] rows) =>
        [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(string.Join("\r\n", [Heading, .. rows]) + "\r\n")];

    private Task<long> ItemsAsync(long decision) =>
        sites.DataSource.ScalarAsync<long>("select count(*) from information_item where decision_id = @decision", new { decision });

    private static async Task<AngleSharp.Html.Dom.IHtmlDocument> PreviewAsync(HttpClient client, long decision, string name, byte[] content) =>
        await (await client.SubmitWithFilesAsync($"/InfoItems/Import?decisionId={decision}", new Dictionary<string, string?>(),
            [new MultipartForms.Upload("Upload", name, content)], "#upload-form")).ReadHtmlAsync();

    private static Task<HttpResponseMessage> StoreAsync(HttpClient client, AngleSharp.Html.Dom.IHtmlDocument preview, long decision) =>
        client.PostFormAsync((AngleSharp.Html.Dom.IHtmlFormElement)preview.QuerySelector("#store-form")!,
            $"/InfoItems/Import?decisionId={decision}", new Dictionary<string, string?>());

    [Fact]
    public async Task A_good_csv_is_previewed_then_stored_and_the_same_file_again_is_recognised()
    {
        var decision = await sites.DataSource.DecisionAsync("导入正确文件的决策");
        var client = await sites.SignedInAsync("evaluation_staff", JusticeBureau);
        var file = Csv("2025-03-01,12345热线投诉,12345热线,停车收费投诉,市民反映收费过高,合理性,内部",
                       "2025/3/5,媒体报道,任丘日报,停车新规实施一月,,,");

        var preview = await PreviewAsync(client, decision, "hotline.csv", file);
        Assert.Equal(2, preview.QuerySelectorAll("#preview tbody tr").Length);
        Assert.Null(preview.QuerySelector("#import-errors"));
        Assert.Equal(0, await ItemsAsync(decision));

        var stored = await StoreAsync(client, preview, decision);
        Assert.EndsWith("/InfoItems", stored.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(2, await ItemsAsync(decision));
        Assert.Equal("rationality", await sites.DataSource.ScalarAsync<string>(
            "select criterion from information_item where decision_id = @decision and kind = 'hotline_complaint'", new { decision }));
        Assert.Equal("public", await sites.DataSource.ScalarAsync<string>(
            "select confidentiality from information_item where decision_id = @decision and kind = 'press_report'", new { decision }));

        var again = await PreviewAsync(client, decision, "hotline-copy.csv", file);
        Assert.Contains(Texts.Start("Import.AlreadyImported"), again.Text("#import-error"));
        Assert.Null(again.QuerySelector("#store-form"));
        Assert.Equal(2, await ItemsAsync(decision));
    }

    [Fact]
    public async Task A_bad_file_names_every_error_by_row_and_column_and_stores_nothing()
    {
        var decision = await sites.DataSource.DecisionAsync("导入错误文件的决策");
        var client = await sites.SignedInAsync("evaluation_staff", JusticeBureau);

        var preview = await PreviewAsync(client, decision, "bad.csv", Csv("2025-13-01,传闻,,标题,,美观性,国家秘密"));

        var errors = preview.Text("#import-errors");
        Assert.Contains(Texts.Get("Import.RowError", 2, "日期", Texts.Get("InfoItem.Date.Invalid")), errors);
        Assert.Contains(Texts.Get("Import.RowError", 2, "类别", Texts.Get("InfoItem.Kind.Invalid")), errors);
        Assert.Contains(Texts.Get("Import.RowError", 2, "来源", Texts.Get("InfoItem.Required")), errors);
        Assert.Contains(Texts.Get("Import.RowError", 2, "评估标准", Texts.Get("InfoItem.Criterion.Invalid")), errors);
        Assert.Contains(Texts.Get("Import.RowError", 2, "公开属性", Texts.Get("InfoItem.Confidentiality.Invalid")), errors);
        Assert.Null(preview.QuerySelector("#store-all"));
        Assert.Null(preview.QuerySelector("#store-valid"));
        Assert.Equal(0, await ItemsAsync(decision));

        var unreadable = await PreviewAsync(client, decision, "notes.csv", Encoding.UTF8.GetBytes("只是一行文字"));
        Assert.NotNull(unreadable.QuerySelector("#import-error"));
        Assert.Equal(0, await ItemsAsync(decision));
    }

    [Fact]
    public async Task A_mixed_xlsx_stores_only_the_valid_rows_when_the_user_chooses_so()
    {
        var decision = await sites.DataSource.DecisionAsync("导入混合文件的决策");
        var client = await sites.SignedInAsync("evaluation_staff", JusticeBureau);
        var rows = new[]
        {
            new Dictionary<string, object> { ["日期"] = "2025-04-01", ["类别"] = "行政复议案件", ["来源"] = "市司法局", ["标题"] = "复议案件一", ["内容"] = "", ["评估标准"] = "合法性", ["密级"] = "公开" },
            new Dictionary<string, object> { ["日期"] = "2025-04-02", ["类别"] = "未知类别", ["来源"] = "市司法局", ["标题"] = "复议案件二", ["内容"] = "", ["评估标准"] = "", ["密级"] = "" },
            new Dictionary<string, object> { ["日期"] = "2025-04-03", ["类别"] = "执法统计", ["来源"] = "市城管局", ["标题"] = "三月执法统计", ["内容"] = "处罚 12 起", ["评估标准"] = "", ["密级"] = "内部" },
        };
        using var stream = new MemoryStream();
        await MiniExcel.SaveAsAsync(stream, rows, excelType: ExcelType.XLSX);

        var preview = await PreviewAsync(client, decision, "cases.xlsx", stream.ToArray());
        Assert.Equal(3, preview.QuerySelectorAll("#preview tbody tr").Length);
        Assert.Contains(Texts.Get("Import.RowError", 3, "类别", Texts.Get("InfoItem.Kind.Invalid")), preview.Text("#import-errors"));
        Assert.Null(preview.QuerySelector("#store-all"));
        Assert.NotNull(preview.QuerySelector("#store-valid"));
        Assert.Equal(0, await ItemsAsync(decision));

        await StoreAsync(client, preview, decision);
        Assert.Equal(2, await ItemsAsync(decision));
        Assert.Equal(2, await sites.DataSource.ScalarAsync<int>(
            "select stored_rows from information_import where decision_id = @decision and stored_at is not null", new { decision }));
    }

    [Fact]
    public async Task Another_departments_decision_is_not_found()
    {
        var decision = await sites.DataSource.DecisionAsync("教育局的信息资料", department: "任丘市教育局");
        var client = await sites.SignedInAsync("evaluation_staff", JusticeBureau);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/InfoItems/Import?decisionId={decision}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/InfoItems?decisionId={decision}")).StatusCode);
    }
}
