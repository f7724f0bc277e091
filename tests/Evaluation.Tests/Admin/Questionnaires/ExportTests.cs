using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Questionnaires;

public class ExportTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task Exports_have_a_column_per_question_and_option_with_hidden_questions_left_empty()
    {
        var id = await sites.PublishedQuestionnaireAsync();
        // Two respondents: one sees q2 and q3 (q1 = 1, q2 contains 3), one does not (q1 = 2).
        foreach (var (q1, q2, q3) in new[] { ("1", new[] { "3", "4" }, "网站打不开"), ("2", Array.Empty<string>(), (string?)null) })
        {
            var client = sites.Portal.Browser();
            var start = await client.SubmitAsync($"/Questionnaires/{id}",
                new Dictionary<string, string?> { ["Input.RespondentType"] = "citizen", ["Input.RegionCode"] = "chuan" }, "form[action*='handler=Start']");
            var url = start.RequestMessage!.RequestUri!.PathAndQuery;
            var page = await client.GetHtmlAsync(url);
            var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            var version = page.QuerySelector("input[name=Version]")!.GetAttribute("value")!;
            var fields = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", token), new("Version", version), new("a.q1", q1), new("nav", "next") };
            fields.AddRange(q2.Select(v => new KeyValuePair<string, string>("a.q2", v)));
            if (q2.Contains("4")) fields.Add(new("a.q2.other", "市长热线"));
            if (q3 is not null) fields.Add(new("a.q3", q3));
            await client.PostAsync(url, new FormUrlEncodedContent(fields));
            var done = await client.SubmitAsync(url, new Dictionary<string, string?> { ["a.q4"] = "0", ["a.q5"] = "12.5", ["nav"] = "submit" });
            Assert.StartsWith("/Questionnaires/Submitted/", done.RequestMessage!.RequestUri!.AbsolutePath);
        }

        var (admin, _) = await sites.SignedInAsync("organizer");
        var csvBytes = await admin.GetByteArrayAsync($"/Questionnaires/Export/{id}?format=csv");
        Assert.Equal([0xEF, 0xBB, 0xBF], csvBytes[..3]);
        var lines = Encoding.UTF8.GetString(csvBytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')).ToList();
        var header = lines[0].ToList();
        Assert.Equal(["q1", "q2_1", "q2_2", "q2_3", "q2_4", "q2_other", "q3", "q4", "q5"], header.Skip(ResponseExportFixed).ToArray());
        string Cell(int row, string column) => lines[row][header.IndexOf(column)];
        Assert.Equal(("1", "0", "0", "1", "1", "市长热线", "网站打不开"), (Cell(1, "q1"), Cell(1, "q2_1"), Cell(1, "q2_2"), Cell(1, "q2_3"), Cell(1, "q2_4"), Cell(1, "q2_other"), Cell(1, "q3")));
        Assert.Equal(("2", "", "", "", "", "", ""), (Cell(2, "q1"), Cell(2, "q2_1"), Cell(2, "q2_2"), Cell(2, "q2_3"), Cell(2, "q2_4"), Cell(2, "q2_other"), Cell(2, "q3")));
        Assert.Equal(("0", "12.5"), (Cell(2, "q4"), Cell(2, "q5")));
        Assert.All(lines, l => Assert.Equal(header.Count, l.Length));

        var xlsx = await admin.GetByteArrayAsync($"/Questionnaires/Export/{id}?format=xlsx");
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var sheets = document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value).ToList();
        Assert.Equal(["答卷", "编码表"], sheets);
        var codebook = ReadSheet(document, "编码表");
        Assert.Contains(codebook, r => r.SequenceEqual(["q4", "4", "《办法》的规定符合法律法规。", "likert", "", "", "legality", "after"]));
        Assert.Contains(codebook, r => r.Take(6).SequenceEqual(["q2_3", "2", "您通过哪些渠道提交过意见？", "multiple", "3", "网上提交"]));
        var responses = ReadSheet(document, "答卷");
        Assert.Equal(3, responses.Count);
        Assert.Equal(header, responses[0]);
    }

    private const int ResponseExportFixed = 11;

    private static List<string[]> ReadSheet(SpreadsheetDocument document, string name)
    {
        var sheet = document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().First(s => s.Name == name);
        var part = (WorksheetPart)document.WorkbookPart.GetPartById(sheet.Id!);
        var shared = document.WorkbookPart.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        return part.Worksheet.Descendants<Row>().Select(row =>
        {
            var cells = new List<string>();
            foreach (var cell in row.Elements<Cell>())
            {
                var column = ColumnIndex(cell.CellReference?.Value);
                while (column is { } c && cells.Count < c) cells.Add("");
                cells.Add(cell.DataType?.Value == CellValues.SharedString ? shared[int.Parse(cell.InnerText)]
                    : cell.DataType?.Value == CellValues.InlineString ? cell.InnerText : cell.CellValue?.Text ?? cell.InnerText);
            }
            return cells.ToArray();
        }).ToList();
    }

    private static int? ColumnIndex(string? reference)
    {
        if (reference is null) return null;
        var index = 0;
        foreach (var ch in reference.TakeWhile(char.IsLetter)) index = index * 26 + (ch - 'A' + 1);
        return index - 1;
    }
}
