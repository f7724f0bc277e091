using System.Globalization;
using Dapper;
using Evaluation.Shared.Questionnaires;
using Evaluation.Shared.Resources;
using Npgsql;

namespace Evaluation.Admin.Pages.Questionnaires;

/// <summary>
/// The responses of a questionnaire as a table: one row per response, one column per question (one per option for
/// multiple choice and ranking, one per row for a matrix). Columns come from every published version, so a question
/// a respondent never saw leaves its cells empty and nothing shifts. Cells hold codes; the codebook says what they mean.
/// </summary>
public sealed class ResponseExport
{
    public sealed record Column(string Name, string QuestionKey, int Number, string Question, string Type, string? Code, string? Label,
        string? Criterion, string? Period);

    public static readonly string[] Fixed =
        ["receipt_number", "submitted_at", "amended_at", "version", "respondent_type", "region", "credit_code", "enterprise_name", "industry", "enterprise_size", "invited_name"];

    public IReadOnlyList<Column> Columns { get; }
    private readonly Dictionary<string, int> _index;
    private readonly Dictionary<string, Question> _questions;

    private ResponseExport(IReadOnlyList<Column> columns, Dictionary<string, Question> questions)
    {
        Columns = columns;
        _questions = questions;
        _index = columns.Select((c, i) => (c.Name, i)).ToDictionary(x => x.Name, x => x.i + Fixed.Length);
    }

    /// <summary>The columns of all versions, newest version's order first, then what only older versions asked.</summary>
    public static async Task<ResponseExport> ForAsync(NpgsqlConnection conn, long questionnaireId)
    {
        var definitions = (await conn.QueryAsync<string>(
            "select definition::text from questionnaire_version where questionnaire_id = @questionnaireId order by number desc",
            new { questionnaireId })).Select(Definition.Parse).ToList();
        var columns = new List<Column>();
        var questions = new Dictionary<string, Question>();
        foreach (var definition in definitions)
        foreach (var q in definition.Questions)
        {
            if (!questions.TryAdd(q.Key, q)) continue;
            var n = definition.NumberOf(q.Key);
            Column C(string name, string? code = null, string? label = null, string? criterion = null, string? period = null) =>
                new(name, q.Key, n, q.Text, q.Type, code, label, criterion ?? q.Criterion, period ?? q.Period);
            switch (q.Type)
            {
                case QuestionTypes.Multiple or QuestionTypes.Ranking:
                    columns.AddRange(q.Choices.Select(o => C($"{q.Key}_{o.Code}", o.Code.ToString(CultureInfo.InvariantCulture), o.Label)));
                    if (q.OtherCode is { } other) columns.Add(C($"{q.Key}_{other}", other.ToString(CultureInfo.InvariantCulture), Texts.Get("Question.Other")));
                    break;
                case QuestionTypes.Matrix:
                    columns.AddRange(q.Rows.Select(r => C($"{q.Key}_{r.Key}", null, r.Label, r.Criterion, r.Period)));
                    break;
                default:
                    columns.Add(C(q.Key));
                    break;
            }
            if (q.OtherCode is not null) columns.Add(C($"{q.Key}_other", null, Texts.Get("Question.OtherSpecifyColumn")));
        }
        return new ResponseExport(columns, questions);
    }

    public IEnumerable<string> Header => Fixed.Concat(Columns.Select(c => c.Name));

    // A class rather than a positional record: Dapper maps array columns to properties, not to constructor parameters.
    private sealed class Row
    {
        public long Id { get; init; }
        public string ReceiptNumber { get; init; } = "";
        public DateTime SubmittedAt { get; init; }
        public DateTime? AmendedAt { get; init; }
        public int Version { get; init; }
        public string RespondentType { get; init; } = "";
        public string? RegionCode { get; init; }
        public string? CreditCode { get; init; }
        public string? EnterpriseName { get; init; }
        public string? Industry { get; init; }
        public string? EnterpriseSize { get; init; }
        public string? InvitedName { get; init; }
        public string[]? Keys { get; init; }
        public short[]? Codes { get; init; }
        public string?[]? Vals { get; init; }
        public string[]? TextKeys { get; init; }
        public string[]? Texts { get; init; }
    }

    /// <summary>Streams the responses, each as its cells in header order (null: not answered).</summary>
    /// <param name="invitedName">How an invited respondent's stored (encrypted) name is shown: in full or masked, by role.</param>
    public async IAsyncEnumerable<object?[]> RowsAsync(NpgsqlConnection conn, long questionnaireId, Func<string?, string?> invitedName)
    {
        var rows = conn.QueryUnbufferedAsync<Row>(
            """
            select r.id, r.receipt_number, r.submitted_at, r.amended_at, v.number as version, r.respondent_type, r.region_code,
                   r.credit_code, r.enterprise_name, r.industry, r.enterprise_size, i.name as invited_name,
                   a.keys, a.codes, a.vals, t.keys as text_keys, t.texts
            from response r
            join questionnaire_version v on v.id = r.version_id
            left join questionnaire_invitation i on i.id = r.invitation_id
            left join lateral (select array_agg(qi.key) as keys, array_agg(an.code) as codes, array_agg(an.value::text) as vals
                               from answer an join question_item qi on qi.id = an.item_id where an.response_id = r.id) a on true
            left join lateral (select array_agg(qi.key) as keys, array_agg(at.text) as texts
                               from answer_text at join question_item qi on qi.id = at.item_id where at.response_id = r.id) t on true
            where r.questionnaire_id = @questionnaireId
            order by r.id
            """, new { questionnaireId });
        await foreach (var r in rows)
        {
            var cells = new object?[Fixed.Length + Columns.Count];
            cells[0] = r.ReceiptNumber;
            cells[1] = r.SubmittedAt;
            cells[2] = r.AmendedAt;
            cells[3] = r.Version;
            cells[4] = r.RespondentType;
            cells[5] = r.RegionCode;
            cells[6] = r.CreditCode;
            cells[7] = r.EnterpriseName;
            cells[8] = r.Industry;
            cells[9] = r.EnterpriseSize;
            cells[10] = r.InvitedName is null ? null : invitedName(r.InvitedName);
            for (var i = 0; i < (r.Keys?.Length ?? 0); i++) Place(cells, r.Keys![i], r.Codes![i], r.Vals![i]);
            for (var i = 0; i < (r.TextKeys?.Length ?? 0); i++)
            {
                var key = r.TextKeys![i];
                var name = _questions.TryGetValue(key, out var q) && q.OtherCode is not null ? $"{key}_other" : key;
                if (_index.TryGetValue(name, out var at)) cells[at] = r.Texts![i];
            }
            yield return cells;
        }
    }

    private void Place(object?[] cells, string itemKey, short code, string? value)
    {
        var questionKey = itemKey.Split('.')[0];
        if (!_questions.TryGetValue(questionKey, out var q)) return;
        decimal? number = value is null ? null : decimal.Parse(value, CultureInfo.InvariantCulture);
        switch (q.Type)
        {
            case QuestionTypes.Multiple:
                // Chosen options are 1; the others of an answered question 0.
                foreach (var c in Columns.Where(c => c.QuestionKey == q.Key && c.Code is not null))
                    cells[_index[c.Name]] ??= 0;
                if (_index.TryGetValue($"{q.Key}_{code}", out var m)) cells[m] = 1;
                break;
            case QuestionTypes.Ranking:
                if (_index.TryGetValue($"{q.Key}_{code}", out var rk)) cells[rk] = number;
                break;
            case QuestionTypes.Matrix:
                if (_index.TryGetValue(itemKey.Replace('.', '_'), out var mx)) cells[mx] = (int)code;
                break;
            case QuestionTypes.Number:
                if (_index.TryGetValue(q.Key, out var nm)) cells[nm] = number;
                break;
            default:
                if (_index.TryGetValue(q.Key, out var at)) cells[at] = (int)code;
                break;
        }
    }
}
