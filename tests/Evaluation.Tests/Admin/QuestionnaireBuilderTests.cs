using System.Text;
using Dapper;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Evaluation.Shared.Questionnaires;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin;

public class QuestionnaireBuilderTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private async Task<(HttpClient Admin, long Id)> NewQuestionnaireAsync(string audience = "public", string kind = "normative_document")
    {
        var (admin, _) = await sites.SignedInAsync("evaluation_staff");
        var decision = await sites.DataSource.DecisionAsync();
        await sites.DataSource.ScalarAsync<long>("update decision set kind = @kind where id = @decision returning id", new { kind, decision });
        var consultation = await sites.DataSource.ConsultationAsync(decision);
        var created = await admin.SubmitAsync($"/Questionnaires/Create?consultationId={consultation}", new Dictionary<string, string?>
        {
            ["Input.Title"] = "营商环境问卷", ["Input.Audience"] = audience, ["Input.IntroHtml"] = "<p>说明</p><script>x()</script>",
        });
        var id = long.Parse(created.RequestMessage!.RequestUri!.AbsolutePath.Split('/')[^1]);
        return (admin, id);
    }

    private static Task<HttpResponseMessage> AddQuestionAsync(HttpClient admin, long id, Dictionary<string, string?> fields) =>
        admin.SubmitAsync($"/Questionnaires/Question/{id}", fields);

    private async Task<Definition> WorkingDefinitionAsync(long id) =>
        Definition.Parse(await sites.DataSource.ScalarAsync<string>("select definition::text from questionnaire where id = @id", new { id }));

    [Fact]
    public async Task Every_question_type_round_trips_through_the_builder_and_publishing()
    {
        var (admin, id) = await NewQuestionnaireAsync();
        Assert.Equal("<p>说明</p>", await sites.DataSource.ScalarAsync<string>("select intro_html from questionnaire where id = @id", new { id }));
        var cases = new (string Type, Dictionary<string, string?> Extra)[]
        {
            ("single", new() { ["Input.Options[0].Label"] = "是", ["Input.Options[1].Label"] = "否", ["Input.AllowOther"] = "true" }),
            ("multiple", new() { ["Input.Options[0].Label"] = "甲", ["Input.Options[1].Label"] = "乙", ["Input.Options[2].Label"] = "丙", ["Input.MinChoices"] = "1", ["Input.MaxChoices"] = "2" }),
            ("likert", new() { ["Input.Scale"] = "satisfaction", ["Input.Criterion"] = "operability", ["Input.Period"] = "before" }),
            ("matrix", new() { ["Input.Rows[0].Label"] = "合法", ["Input.Rows[0].Criterion"] = "legality", ["Input.Rows[1].Label"] = "合理", ["Input.Rows[1].Period"] = "before", ["Input.Criterion"] = "rationality", ["Input.Period"] = "after" }),
            ("short_text", new()),
            ("long_text", new()),
            ("number", new() { ["Input.Min"] = "0", ["Input.Max"] = "99.5" }),
            ("date", new()),
            ("region", new()),
            ("ranking", new() { ["Input.Options[0].Label"] = "一", ["Input.Options[1].Label"] = "二", ["Input.Options[2].Label"] = "三" }),
        };
        foreach (var (type, extra) in cases)
        {
            var fields = new Dictionary<string, string?>(extra) { ["Input.Type"] = type, ["Input.Text"] = $"{type} 题", ["Input.Help"] = "说明", ["Input.Required"] = "true" };
            var response = await AddQuestionAsync(admin, id, fields);
            Assert.Equal($"/Questionnaires/Details/{id}", response.RequestMessage!.RequestUri!.AbsolutePath);
        }

        var d = await WorkingDefinitionAsync(id);
        Assert.Equal(cases.Select(c => c.Type), d.Questions.Select(q => q.Type));
        Assert.All(d.Questions, q => Assert.True(q.Required && q.Help == "说明"));
        var single = d.Questions.ElementAt(0);
        Assert.Equal([new Option(1, "是"), new Option(2, "否")], single.Choices);
        Assert.Equal(3, single.OtherCode);
        Assert.Equal((1, 2), (d.Questions.ElementAt(1).MinChoices, d.Questions.ElementAt(1).MaxChoices));
        Assert.Equal(("satisfaction", "operability", "before"), (d.Questions.ElementAt(2).Scale, d.Questions.ElementAt(2).Criterion, d.Questions.ElementAt(2).Period));
        Assert.Equal([new MatrixRow("r1", "合法", "legality", null), new MatrixRow("r2", "合理", null, "before")], d.Questions.ElementAt(3).Rows);
        Assert.Equal((0m, 99.5m), (d.Questions.ElementAt(6).Min!.Value, d.Questions.ElementAt(6).Max!.Value));
        Assert.Equal(3, d.Questions.ElementAt(9).Choices.Count);

        // Editing keeps option codes: removing the first option leaves the second as code 2.
        var key = d.Questions.ElementAt(0).Key;
        await admin.SubmitAsync($"/Questionnaires/Question/{id}?key={key}", new Dictionary<string, string?>
        {
            ["Input.Options[0].Label"] = "", ["Input.Options[2].Label"] = "不清楚", ["Input.AllowOther"] = null,
        });
        d = await WorkingDefinitionAsync(id);
        Assert.Equal([new Option(2, "否"), new Option(3, "不清楚")], d.Questions.ElementAt(0).Choices);

        await admin.SubmitAsync($"/Questionnaires/Details/{id}", new Dictionary<string, string?>(), "form[action*='handler=Publish']");
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var items = (await conn.QueryAsync<(string Key, string? Criterion, string? Period)>(
            "select i.key, i.criterion, i.period from question_item i join questionnaire_version v on v.id = i.version_id where v.questionnaire_id = @id order by i.id",
            new { id })).ToList();
        Assert.Equal(11, items.Count);   // ten questions, the matrix counted by its two rows
        Assert.Contains(("q3", "operability", "before"), items);
        Assert.Contains(("q4.r1", "legality", "after"), items);        // the row's criterion, the question's period
        Assert.Contains(("q4.r2", "rationality", "before"), items);    // the question's criterion, the row's period
        Assert.Equal(5L, await conn.ExecuteScalarAsync<long>(
            "select count(*) from question_option o join question q on q.id = o.question_id join questionnaire_version v on v.id = q.version_id where v.questionnaire_id = @id and q.type in ('single', 'ranking')",
            new { id }));
    }

    [Fact]
    public async Task Publishing_refuses_a_broken_definition_with_the_reasons()
    {
        var (admin, id) = await NewQuestionnaireAsync(kind: "other_matter");
        var page = await (await admin.SubmitAsync($"/Questionnaires/Details/{id}", new Dictionary<string, string?>(), "form[action*='handler=Publish']")).ReadHtmlAsync();
        Assert.Contains("问卷还没有问题", page.Text("#publish-errors"));

        // A criterion of Art. 15 does not fit a decision of Chapter 3.
        var refused = await (await AddQuestionAsync(admin, id, new Dictionary<string, string?>
            { ["Input.Type"] = "likert", ["Input.Text"] = "合法吗", ["Input.Criterion"] = "legality" })).ReadHtmlAsync();
        Assert.Contains("评估标准不适用于本决策的类型", refused.Text(".validation-summary-errors"));
        Assert.Empty((await WorkingDefinitionAsync(id)).Questions);
        var choice = await (await AddQuestionAsync(admin, id, new Dictionary<string, string?>
            { ["Input.Type"] = "single", ["Input.Text"] = "只有一个选项", ["Input.Options[0].Label"] = "唯一" })).ReadHtmlAsync();
        Assert.Contains("至少需要两个选项", choice.Text(".validation-summary-errors"));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from questionnaire_version where questionnaire_id = @id", new { id }));
    }

    [Fact]
    public async Task A_response_keeps_its_version_after_the_questionnaire_changes()
    {
        var id = await sites.DataSource.PublishedQuestionnaireAsync();
        var client = sites.Portal.Browser();
        var start = await client.SubmitAsync($"/Questionnaires/{id}",
            new Dictionary<string, string?> { ["Input.RespondentType"] = "citizen", ["Input.RegionCode"] = "chuan" }, "form[action*='handler=Start']");
        var url = start.RequestMessage!.RequestUri!.PathAndQuery;
        await client.SubmitAsync(url, new Dictionary<string, string?> { ["a.q1"] = "2", ["nav"] = "next" });
        await client.SubmitAsync(url, new Dictionary<string, string?> { ["a.q4"] = "5", ["nav"] = "submit" });

        // Staff reword q4 and publish version 2.
        var (admin, _) = await sites.SignedInAsync("organizer");
        await admin.SubmitAsync($"/Questionnaires/Question/{id}?key=q4", new Dictionary<string, string?> { ["Input.Text"] = "《办法》的规定符合上位法。" });
        var details = await admin.GetHtmlAsync($"/Questionnaires/Details/{id}");
        Assert.Contains("有未发布的修改", details.Body!.TextContent);
        await admin.SubmitAsync($"/Questionnaires/Details/{id}", new Dictionary<string, string?>(), "form[action*='handler=Publish']");

        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var versions = (await conn.QueryAsync<(int Number, string Text)>(
            "select v.number, q.text from questionnaire_version v join question q on q.version_id = v.id and q.key = 'q4' where v.questionnaire_id = @id order by v.number",
            new { id })).ToList();
        Assert.Equal([(1, "《办法》的规定符合法律法规。"), (2, "《办法》的规定符合上位法。")], versions);
        Assert.Equal(1, await conn.ExecuteScalarAsync<int>(
            "select v.number from response r join questionnaire_version v on v.id = r.version_id where r.questionnaire_id = @id", new { id }));
        var answeredText = await conn.ExecuteScalarAsync<string>(
            "select q.text from answer a join question_item i on i.id = a.item_id join question q on q.id = i.question_id join response r on r.id = a.response_id where r.questionnaire_id = @id and q.key = 'q4'",
            new { id });
        Assert.Equal("《办法》的规定符合法律法规。", answeredText);

        // New respondents answer version 2.
        var next = sites.Portal.Browser();
        var again = await next.SubmitAsync($"/Questionnaires/{id}",
            new Dictionary<string, string?> { ["Input.RespondentType"] = "organization", ["Input.RegionCode"] = "qingta" }, "form[action*='handler=Start']");
        var page2 = await (await next.SubmitAsync(again.RequestMessage!.RequestUri!.PathAndQuery, new Dictionary<string, string?> { ["a.q1"] = "2", ["nav"] = "next" })).ReadHtmlAsync();
        Assert.Contains("《办法》的规定符合上位法。", page2.Body!.TextContent);
    }

    [Fact]
    public async Task Exports_have_a_column_per_question_and_option_with_hidden_questions_left_empty()
    {
        var id = await sites.DataSource.PublishedQuestionnaireAsync();
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

    [Fact]
    public async Task A_section_can_be_shown_only_for_an_earlier_answer()
    {
        var (admin, id) = await NewQuestionnaireAsync();
        await AddQuestionAsync(admin, id, new Dictionary<string, string?>
            { ["Input.Type"] = "single", ["Input.Text"] = "是否参与过？", ["Input.Options[0].Label"] = "是", ["Input.Options[1].Label"] = "否" });
        await admin.SubmitAsync($"/Questionnaires/Details/{id}", new Dictionary<string, string?>(), "form[action*='handler=AddSection']");
        var page = await admin.GetHtmlAsync($"/Questionnaires/Section/{id}?key=s2");
        Assert.Contains("1. 是否参与过？", page.QuerySelector("#Input_ConditionQuestion")!.TextContent);

        var refused = await (await admin.SubmitAsync($"/Questionnaires/Section/{id}?key=s2", new Dictionary<string, string?>
            { ["Input.Title"] = "未参与的原因", ["Input.ConditionQuestion"] = "q1", ["Input.ConditionValue"] = "9" })).ReadHtmlAsync();
        Assert.Contains("部分“未参与的原因”的显示条件中的值不是所依据问题的选项编号", refused.Text(".validation-summary-errors"));

        await admin.SubmitAsync($"/Questionnaires/Section/{id}?key=s2", new Dictionary<string, string?>
            { ["Input.Title"] = "未参与的原因", ["Input.ConditionQuestion"] = "q1", ["Input.ConditionValue"] = "2" });
        var section = (await WorkingDefinitionAsync(id)).Sections[1];
        Assert.Equal(("未参与的原因", new Condition("q1", "equals", "2")), (section.Title, section.ShowIf));
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
