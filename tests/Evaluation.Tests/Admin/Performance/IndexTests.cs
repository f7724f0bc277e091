using Evaluation.Tests.Infrastructure;
using MiniExcelLibs;

namespace Evaluation.Tests.Admin.Performance;

public class IndexTests(PerformanceSitesFixture sites) : IClassFixture<PerformanceSitesFixture>
{
    private int Year => sites.Year;

    // The figures of the known data, in the order of PerformanceFigures.All, then the median days to answer.
    private static readonly string[] Expected = ["3", "3", "1", "1", "3", "2", "4", "1", "2", "5", "1", "1", "1", "3"];

    private static string[] RowOf(AngleSharp.Html.Dom.IHtmlDocument page, string department) =>
        page.QuerySelectorAll("table.figures tbody tr")
            .Single(r => r.QuerySelector("th")!.TextContent.Trim() == department)
            .QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray();

    [Fact]
    public async Task The_organizer_sees_every_figure_of_a_department_counted_by_china_time()
    {
        var (organizer, _) = await sites.SignedInAsync("organizer");
        var page = await organizer.GetHtmlAsync($"/Performance?year={Year}");
        Assert.Equal(Expected, RowOf(page, PerformanceData.Department));
        // The police's opinion counts for the police only; a department without work has zeros.
        Assert.Equal("1", RowOf(page, PerformanceData.Other)[4]);
        Assert.All(RowOf(page, "任丘市民政局")[..^1], n => Assert.Equal("0", n));
        // The year before holds only the opinion of its last half hour.
        var before = RowOf(await organizer.GetHtmlAsync($"/Performance?year={Year - 1}"), PerformanceData.Department);
        Assert.Equal("1", before[4]);
        Assert.Equal("0", before[0]);
    }

    [Fact]
    public async Task A_department_sees_its_own_row_only_and_a_year_outside_the_range_is_named_back()
    {
        var bureau = await sites.SignedInAsync("evaluation_staff", PerformanceData.Other);
        var page = await bureau.GetHtmlAsync($"/Performance?year={Year}");
        var rows = page.QuerySelectorAll("table.figures tbody tr th").Select(th => th.TextContent.Trim()).ToList();
        Assert.Equal([PerformanceData.Other], rows);
        Assert.Contains(Texts.Start("Performance.YearOutOfRange"), (await bureau.GetHtmlAsync($"/Performance?year={Year + 2}")).Text("#year-refused"));
    }

    [Fact]
    public async Task The_export_holds_the_same_figures_and_is_audited()
    {
        var (organizer, _) = await sites.SignedInAsync("organizer");
        var response = await organizer.GetAsync($"/Performance?handler=Export&year={Year}");
        response.EnsureSuccessStatusCode();
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = stream.Query(useHeaderRow: false, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>()
            .Select(r => r.Values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "").ToArray()).ToList();
        Assert.Equal(Texts.Get("Performance.Department"), rows[0][0]);
        var bureau = rows.Single(r => r[0] == PerformanceData.Department);
        Assert.Equal(Expected, bureau[1..]);
        Assert.Equal(1, await sites.DataSource.ScalarAsync<int>(
            "select count(*)::int from audit_log where action = 'export_performance' and entity_id = @year", new { year = Year.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
    }
}
