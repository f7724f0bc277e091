using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Evaluation.Admin.Pages.Questionnaires;
using Evaluation.Shared.Questionnaires;
using Evaluation.Shared.Respondents;
using Evaluation.Shared.Web;
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

    /// <summary>Fields a spreadsheet or CsvHelper treats specially: formula characters, quotes, delimiters, line breaks,
    /// spaces at either end, numbers that are negative or have trailing zeros, and Chinese text.</summary>
    private static readonly string[] Awkward =
    [
        "=SUM(A1:A9)", "-2+3", "+86 22 2345 6789", "@cmd", "\tTab", "\rCR", "\"=1+2\"", "\"quoted\" text", "a,b", "line\nbreak", "crlf\r\nend",
        " leading", "trailing ", "中文，全角逗号；“引号”", "emoji 😀 ok", "'already", "-", "=", "\"", "0", "-0.50", "1.00",
    ];

    [Fact]
    public async Task Csv_writer_writes_byte_for_byte_what_CsvHelper_writes()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Protection", "Data");
        var corpus = JsonSerializer.Deserialize<string[]>(File.ReadAllText(Path.Combine(folder, "blns.json")))!
            .Concat(File.ReadAllLines(Path.Combine(folder, "owasp-xss.txt"))).Concat(Awkward).Append(new string('长', 40_000)).ToList();
        var numbers = new[] { 0, 1, 42, -1, -42, int.MaxValue, int.MinValue };
        var time = new DateTime(2026, 11, 29, 23, 5, 0, DateTimeKind.Utc);

        var expected = new MemoryStream();
        await using (var writer = new StreamWriter(expected, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        await using (var csv = new CsvHelper.CsvWriter(writer, ExportModel.CsvFormat))
        {
            foreach (var row in corpus.Chunk(7))
            {
                foreach (var field in row) csv.WriteField(field);
                foreach (var n in numbers) csv.WriteField(n.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(Display.Time(time));
                csv.WriteField("");
                await csv.NextRecordAsync();
            }
        }
        var actual = new MemoryStream();
        await using (var csv = new Utf8CsvWriter(actual, ExportModel.CsvFormat))
        {
            foreach (var row in corpus.Chunk(7))
            {
                foreach (var field in row) csv.WriteField(field);
                foreach (var n in numbers) csv.WriteField(n);
                csv.WriteTime(Display.ToChinaTime(time));
                csv.WriteField((string?)null);
                await csv.NextRecordAsync();
            }
            await csv.FlushAsync();
        }
        Assert.Equal(expected.ToArray(), actual.ToArray());
    }

    [Fact]
    public async Task Csv_export_is_byte_for_byte_the_rows_as_CsvHelper_writes_them()
    {
        var definition = new Definition([new Section("s1", "全部题型", null, null,
        [
            new Question("q1", QuestionTypes.Single, "单选", Options: QuestionnaireData.Options("是", "否"), AllowOther: true),
            new Question("q2", QuestionTypes.Multiple, "多选", Options: QuestionnaireData.Options("信函", "传真", "网上"), AllowOther: true),
            new Question("q3", QuestionTypes.Likert, "量表", Criterion: "legality"),
            new Question("q4", QuestionTypes.Matrix, "矩阵", MatrixRows: [new MatrixRow("r1", "甲", "rationality"), new MatrixRow("r2", "乙")]),
            new Question("q5", QuestionTypes.Number, "数字", Min: -100, Max: 100000),
            new Question("q6", QuestionTypes.Ranking, "排序", Options: QuestionnaireData.Options("一", "二", "三")),
            new Question("q7", QuestionTypes.ShortText, "短文本"),
            new Question("q8", QuestionTypes.LongText, "长文本"),
            new Question("q9", QuestionTypes.Region, "地区"),
        ])]);
        var id = await sites.PublishedQuestionnaireAsync(definition);
        await using (var conn = await sites.DataSource.OpenConnectionAsync())
        {
            var version = await conn.ExecuteScalarAsync<long>("select current_version_id from questionnaire where id = @id", new { id });
            var items = (await conn.QueryAsync<(string Key, long Id)>("select key, id from question_item where version_id = @version", new { version }))
                .ToDictionary(i => i.Key, i => i.Id);
            for (var n = 0; n < Awkward.Length; n++)
            {
                var enterprise = n % 4 == 1;
                var response = await conn.ExecuteScalarAsync<long>(
                    """
                    insert into response (questionnaire_id, version_id, receipt_number, respondent_type, region_code, submitted_at, amended_at,
                                          credit_code, enterprise_name, industry, enterprise_size)
                    values (@id, @version, @receipt, @type, @region, now() - @n * interval '1 hour', case when @n % 3 = 0 then now() end,
                            @credit, @name, @industry, @size)
                    returning id
                    """, new { id, version, receipt = Receipt.NewNumber(), n, type = enterprise ? "enterprise" : "citizen", region = n % 5 == 0 ? null : "chuan",
                        credit = enterprise ? $"91120000MA05JK{n:D4}" : null, name = enterprise ? Awkward[n] : null,
                        industry = enterprise ? "manufacturing" : null, size = enterprise ? "small" : null });
                if (n % 6 == 5) continue;   // a response without answers
                async Task Answer(string key, int code, decimal? value = null) =>
                    await conn.ExecuteAsync("insert into answer (response_id, item_id, code, value) values (@response, @item, @code, @value)",
                        new { response, item = items[key], code = (short)code, value });
                async Task Text(string key, string text) =>
                    await conn.ExecuteAsync("insert into answer_text (response_id, item_id, text) values (@response, @item, @text)",
                        new { response, item = items[key], text });
                await Answer("q1", n % 3 + 1);
                if (n % 3 == 2) await Text("q1", Awkward[(n + 1) % Awkward.Length]);
                for (var code = 1; code <= 4; code++)
                    if ((n + code) % 3 == 0) await Answer("q2", code);
                if ((n + 4) % 3 == 0) await Text("q2", Awkward[(n + 2) % Awkward.Length]);
                await Answer("q3", n % 6);
                await Answer("q4.r1", n % 5 + 1);
                if (n % 2 == 0) await Answer("q4.r2", 0);
                if (n % 4 != 3) await Answer("q5", 0, new[] { 12.5m, -3m, 0.50m, 100000m, 0m }[n % 5]);
                if (n % 3 != 1) { await Answer("q6", 2, 1m); await Answer("q6", 3, 2m); await Answer("q6", 1, 3m); }
                await Text("q7", Awkward[n]);
                if (n % 2 == 1) await Text("q8", Awkward[(n + 5) % Awkward.Length] + "\n" + Awkward[n]);
            }
        }

        var (admin, _) = await sites.SignedInAsync("organizer");
        var exported = await admin.GetByteArrayAsync($"/Questionnaires/Export/{id}?format=csv");

        // The rows as ResponseExport.RowsAsync gives them (what the XLSX file holds), written by CsvHelper as the export did.
        var expected = new MemoryStream();
        await using (var conn = await sites.DataSource.OpenConnectionAsync())
        {
            var export = await ResponseExport.ForAsync(conn, id);
            await using var writer = new StreamWriter(expected, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
            await using var csv = new CsvHelper.CsvWriter(writer, ExportModel.CsvFormat);
            foreach (var h in export.Header) csv.WriteField(h);
            await csv.NextRecordAsync();
            await foreach (var row in export.RowsAsync(conn, id, name => name))
            {
                foreach (var cell in row)
                    csv.WriteField(cell switch
                    {
                        null => "",
                        DateTime t => Display.Time(t),
                        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                        _ => cell.ToString(),
                    });
                await csv.NextRecordAsync();
            }
        }
        Assert.Contains("'=SUM(A1:A9)", Encoding.UTF8.GetString(exported));   // escaped as a formula, by CsvHelper's rule
        Assert.Equal(Encoding.UTF8.GetString(expected.ToArray()), Encoding.UTF8.GetString(exported));
        Assert.Equal(expected.ToArray(), exported);
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
