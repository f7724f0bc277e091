using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Findings;

public class ExportTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task The_findings_export_has_one_sheet_per_section()
    {
        var (consultation, _) = await sites.ConsultationWithAnswersAsync(2, 4);
        var (staff, _) = await sites.SignedInAsync("organizer");
        var bytes = await staff.GetByteArrayAsync($"/Findings/Export?scope=consultation&id={consultation}&format=xlsx");
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        Assert.Equal(["participation", "conclusions", "comparisons", "items", "groups", "text_criteria", "keywords", "campaigns", "exclusions"],
            document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value));
        var csv = await staff.GetStringAsync($"/Findings/Export?scope=consultation&id={consultation}&format=csv");
        Assert.Contains("# conclusions", csv);
        Assert.Contains($"legality,{Texts.Get("Criterion.legality")},insufficient", csv);
    }
}
