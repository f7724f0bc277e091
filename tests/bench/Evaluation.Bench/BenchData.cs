using Dapper;
using Evaluation.Shared.Questionnaires;
using Evaluation.Shared.Respondents;
using Npgsql;
using NpgsqlTypes;

namespace Evaluation.Bench;

/// <summary>Generated data: fixed seed, realistic shapes (skewed Likert answers, regions, respondent types).</summary>
public static class BenchData
{
    private static readonly string[] Criteria = ["legality", "rationality", "coordination", "operability", "normativity", "effectiveness"];
    private static readonly string[] Regions = ["xinhualu", "xihuanlu", "yongfenglu", "chengqu", "mozhou", "gougezhuang", "qijianfang", "chuan",
        "shimenqiao", "lvgongbao", "changfeng", "liangzhao", "xinzhongyi", "majiawu", "beixinzhuang", "yilunbao", "qingta", "beihan", "yucun", "kaifaqu"];

    /// <summary>20 questions: 14 Likert items over the six standards (two before/after pairs), 4 single choices,
    /// a multiple choice and a region.</summary>
    public static Definition Definition()
    {
        var questions = new List<Question>();
        for (var i = 1; i <= 14; i++)
            questions.Add(new Question($"q{i}", QuestionTypes.Likert, $"量表题 {i}", Required: true, Criterion: Criteria[(i - 1) % 6],
                Period: i is 13 ? "before" : "after"));
        for (var i = 15; i <= 18; i++)
            questions.Add(new Question($"q{i}", QuestionTypes.Single, $"单选题 {i}", Options: [new Option(1, "是"), new Option(2, "否"), new Option(3, "不清楚")]));
        questions.Add(new Question("q19", QuestionTypes.Multiple, "多选题", Options: [new Option(1, "信函"), new Option(2, "传真"), new Option(3, "网上"), new Option(4, "座谈会")]));
        questions.Add(new Question("q20", QuestionTypes.Region, "地区"));
        return new Definition([new Section("s1", "基准", null, null, questions)]);
    }

    public static async Task LoadResponsesAsync(NpgsqlDataSource db, long questionnaireId, int count, Random random)
    {
        await using var conn = await db.OpenConnectionAsync();
        var version = await conn.ExecuteScalarAsync<long>("select current_version_id from questionnaire where id = @questionnaireId", new { questionnaireId });
        var items = (await conn.QueryAsync<(string Key, long Id)>("select key, id from question_item where version_id = @version", new { version }))
            .ToDictionary(i => i.Key, i => i.Id);
        var firstId = await conn.ExecuteScalarAsync<long>("select coalesce(max(id), 0) + 1 from response");
        await conn.ExecuteAsync("alter table response alter column id restart with " + (firstId + count));

        var types = new[] { "citizen", "citizen", "citizen", "enterprise", "organization" };
        await using (var import = await conn.BeginBinaryImportAsync(
            "copy response (id, questionnaire_id, version_id, receipt_number, respondent_type, region_code, submitted_at) from stdin (format binary)"))
        {
            var start = DateTime.UtcNow.AddDays(-30);
            for (var i = 0; i < count; i++)
            {
                await import.StartRowAsync();
                await import.WriteAsync(firstId + i, NpgsqlDbType.Bigint);
                await import.WriteAsync(questionnaireId, NpgsqlDbType.Bigint);
                await import.WriteAsync(version, NpgsqlDbType.Bigint);
                await import.WriteAsync(Receipt.NewNumber(), NpgsqlDbType.Text);
                await import.WriteAsync(types[random.Next(types.Length)], NpgsqlDbType.Text);
                await import.WriteAsync(Regions[random.Next(Regions.Length)], NpgsqlDbType.Text);
                await import.WriteAsync(start.AddSeconds(random.Next(30 * 86400)), NpgsqlDbType.TimestampTz);
            }
            await import.CompleteAsync();
        }

        await conn.ExecuteAsync("alter table answer drop constraint answer_pkey; drop index answer_item_idx;");
        await using (var import = await conn.BeginBinaryImportAsync("copy answer (response_id, item_id, code, value) from stdin (format binary)"))
        {
            for (var i = 0; i < count; i++)
            {
                var response = firstId + i;
                var mood = random.Next(5);   // some respondents are happier than others
                for (var q = 1; q <= 14; q++)
                {
                    var roll = random.Next(100);
                    var point = roll < 6 ? 0 : Math.Clamp(mood + random.Next(-1, 3), 1, 5);
                    await Row(import, response, items[$"q{q}"], (short)point);
                }
                for (var q = 15; q <= 18; q++) await Row(import, response, items[$"q{q}"], (short)(1 + random.Next(3)));
                for (short code = 1; code <= 4; code++)
                    if (random.Next(3) == 0) await Row(import, response, items["q19"], code);
            }
            await import.CompleteAsync();
        }
        await conn.ExecuteAsync(
            "alter table answer add constraint answer_pkey primary key (response_id, item_id, code); create index answer_item_idx on answer (item_id, code) include (value);",
            commandTimeout: 1200);
    }

    private static async Task Row(NpgsqlBinaryImporter import, long response, long item, short code)
    {
        await import.StartRowAsync();
        await import.WriteAsync(response, NpgsqlDbType.Bigint);
        await import.WriteAsync(item, NpgsqlDbType.Bigint);
        await import.WriteAsync(code, NpgsqlDbType.Smallint);
        await import.WriteNullAsync();
    }

    private static readonly string[] Openings = ["我认为", "建议", "希望", "关于这一点，", "作为基层工作人员，我觉得", "从企业的角度看，", "我们村的群众反映，", "实际执行中，"];
    private static readonly string[] Closings = ["请予以考虑。", "希望尽快改进。", "以上意见供参考。", "谢谢！", "请相关部门研究。", ""];

    /// <summary>Clauses of the measures themselves: opinions quote and discuss the rules they are about.</summary>
    private static string[] Clauses(string root)
    {
        var sql = File.ReadAllText(Path.Combine(root, "db", "demo", "0001_seed_document.sql"));
        var text = sql.Split("$seed$")[1];
        return text.Split(['。', '；', '，', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(c => c.Length is >= 6 and <= 60).Distinct().ToArray();
    }

    public static async Task LoadOpinionsAsync(NpgsqlDataSource db, long consultationId, int count, Random random, string root)
    {
        var clauses = Clauses(root);
        string Clause() => clauses[random.Next(clauses.Length)];
        // A few campaigns: the same text sent many times with small edits.
        var campaigns = Enumerable.Range(0, 5)
            .Select(c => $"我们强烈要求修改第{c + 12}条的规定：“{Clause()}”。{Clause()}，这一条在实际执行中给群众带来了不便，请市政府认真考虑群众的呼声。")
            .ToArray();
        await using var conn = await db.OpenConnectionAsync();
        await using var import = await conn.BeginBinaryImportAsync(
            "copy opinion (consultation_id, receipt_number, channel, respondent_type, region_code, body, created_at) from stdin (format binary)");
        var start = DateTime.UtcNow.AddDays(-30);
        for (var i = 0; i < count; i++)
        {
            string body;
            if (random.Next(100) < 8)
            {
                var text = campaigns[random.Next(campaigns.Length)];
                var at = random.Next(text.Length);
                body = random.Next(2) == 0 ? text.Insert(at, "！") : text.Remove(at, 1);
            }
            else
            {
                var parts = Enumerable.Range(0, 2 + random.Next(3)).Select(_ => Clause());
                body = Openings[random.Next(Openings.Length)] + string.Join("，", parts) + "。" + Closings[random.Next(Closings.Length)];
            }
            await import.StartRowAsync();
            await import.WriteAsync(consultationId, NpgsqlDbType.Bigint);
            await import.WriteAsync(Receipt.NewNumber(), NpgsqlDbType.Text);
            await import.WriteAsync("online", NpgsqlDbType.Text);
            await import.WriteAsync(random.Next(4) == 0 ? "enterprise" : "citizen", NpgsqlDbType.Text);
            await import.WriteAsync(Regions[random.Next(Regions.Length)], NpgsqlDbType.Text);
            await import.WriteAsync(body, NpgsqlDbType.Text);
            await import.WriteAsync(start.AddSeconds(random.Next(30 * 86400)), NpgsqlDbType.TimestampTz);
        }
        await import.CompleteAsync();
    }
}
