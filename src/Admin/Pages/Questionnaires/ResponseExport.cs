using System.Globalization;
using Dapper;
using Evaluation.Shared.Questionnaires;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Web;
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

    /// <summary>
    /// The responses as CSV rows, the same cells as <see cref="RowsAsync"/> (which the XLSX file and the tests read),
    /// without an object per cell: PostgreSQL hands each response's answers over as arrays of item ids, codes and
    /// values (no join per answer), each item's place is worked out once, and the cells go straight into UTF-8.
    /// </summary>
    public async Task WriteCsvAsync(NpgsqlConnection conn, long questionnaireId, Func<string?, string?> invitedName, Utf8CsvWriter csv,
        CancellationToken cancellationToken)
    {
        var itemKeys = (await conn.QueryAsync<(long Id, string Key)>(new CommandDefinition(
            """
            select qi.id, qi.key from question_item qi join questionnaire_version v on v.id = qi.version_id
            where v.questionnaire_id = @questionnaireId
            """, new { questionnaireId }, cancellationToken: cancellationToken))).ToDictionary(i => i.Id, i => i.Key);
        var places = new Dictionary<long, Placement>();
        var textPlaces = new Dictionary<long, int>();
        var width = Fixed.Length + Columns.Count;
        var kinds = new CellKind[width];
        var numbers = new int[width];
        var texts = new string?[width];

        await using var command = new NpgsqlCommand(
            $"""
            select r.receipt_number, r.submitted_at, r.amended_at, v.number, r.respondent_type, r.region_code,
                   r.credit_code, r.enterprise_name, r.industry, r.enterprise_size, i.name,
                   a.answers, a.vals, t.items, t.texts
            from response r
            join questionnaire_version v on v.id = r.version_id
            left join questionnaire_invitation i on i.id = r.invitation_id
            left join lateral (select array_agg(an.item_id * {AnswerRadix} + an.code + {-short.MinValue}) as answers,
                                      case when count(an.value) > 0 then array_agg(an.value::text) end as vals
                               from answer an where an.response_id = r.id) a on true
            left join lateral (select array_agg(at.item_id) as items, array_agg(at.text) as texts
                               from answer_text at where at.response_id = r.id) t on true
            where r.questionnaire_id = @questionnaireId
            order by r.id
            """, conn);
        command.Parameters.AddWithValue("questionnaireId", questionnaireId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            Array.Clear(kinds);
            Array.Clear(texts);
            csv.WriteField(reader.GetString(0));
            csv.WriteTime(Display.ToChinaTime(reader.GetDateTime(1)));
            if (reader.IsDBNull(2)) csv.WriteField((string?)null);
            else csv.WriteTime(Display.ToChinaTime(reader.GetDateTime(2)));
            csv.WriteField(reader.GetInt32(3));
            for (var c = 4; c <= 9; c++) csv.WriteField(reader.IsDBNull(c) ? null : reader.GetString(c));
            csv.WriteField(reader.IsDBNull(10) ? null : invitedName(reader.GetString(10)));

            if (!reader.IsDBNull(11))
            {
                // Each answer as one number: item id and code (see the query); values only when the response has any.
                var answers = reader.GetFieldValue<long[]>(11);
                var values = reader.IsDBNull(12) ? null : reader.GetFieldValue<string?[]>(12);
                for (var i = 0; i < answers.Length; i++)
                {
                    var code = (short)(answers[i] % AnswerRadix + short.MinValue);
                    if (!places.TryGetValue(answers[i], out var place))
                        places[answers[i]] = place = itemKeys.TryGetValue(answers[i] / AnswerRadix, out var key) ? PlacementOf(key, code) : Placement.None;
                    switch (place.Kind)
                    {
                        case PlaceKind.Code:
                            (kinds[place.Column], numbers[place.Column]) = (CellKind.Number, code);
                            break;
                        case PlaceKind.Chosen:
                            foreach (var zero in place.Zeros)
                                if (kinds[zero] == CellKind.Empty) (kinds[zero], numbers[zero]) = (CellKind.Number, 0);
                            if (place.Column >= 0) (kinds[place.Column], numbers[place.Column]) = (CellKind.Number, 1);
                            break;
                        case PlaceKind.Value:
                            // As RowsAsync: the value read as a number and written back in its invariant form.
                            (kinds[place.Column], texts[place.Column]) = values?[i] is { } v
                                ? (CellKind.Text, decimal.Parse(v, CultureInfo.InvariantCulture).ToString(null, CultureInfo.InvariantCulture))
                                : (CellKind.Empty, null);
                            break;
                    }
                }
            }
            if (!reader.IsDBNull(13))
            {
                var items = reader.GetFieldValue<long[]>(13);
                var answers = reader.GetFieldValue<string[]>(14);
                for (var i = 0; i < items.Length; i++)
                {
                    if (!textPlaces.TryGetValue(items[i], out var at))
                    {
                        at = -1;
                        if (itemKeys.TryGetValue(items[i], out var key))
                        {
                            var name = _questions.TryGetValue(key, out var q) && q.OtherCode is not null ? $"{key}_other" : key;
                            if (_index.TryGetValue(name, out var found)) at = found;
                        }
                        textPlaces[items[i]] = at;
                    }
                    if (at >= 0) (kinds[at], texts[at]) = (CellKind.Text, answers[i]);
                }
            }

            for (var c = Fixed.Length; c < width; c++)
            {
                switch (kinds[c])
                {
                    case CellKind.Number: csv.WriteField(numbers[c]); break;
                    case CellKind.Text: csv.WriteField(texts[c]); break;
                    default: csv.WriteField((string?)null); break;
                }
            }
            await csv.NextRecordAsync(cancellationToken);
        }
    }

    private enum CellKind : byte { Empty, Number, Text }

    /// <summary>An answer travels as item id × 65536 + its code shifted to 0-65535.</summary>
    private const long AnswerRadix = 65536;

    private enum PlaceKind : byte { None, Code, Chosen, Value }

    /// <summary>Where an answer (item, code) goes: worked out once per item and code by the CSV writer, for each answer
    /// by <see cref="Place"/>.</summary>
    private sealed record Placement(PlaceKind Kind, int Column, int[] Zeros)
    {
        public static readonly Placement None = new(PlaceKind.None, -1, []);
    }

    private Placement PlacementOf(string itemKey, short code)
    {
        var questionKey = itemKey.Split('.')[0];
        if (!_questions.TryGetValue(questionKey, out var q)) return Placement.None;
        int Column(string name) => _index.TryGetValue(name, out var at) ? at : -1;
        var placement = q.Type switch
        {
            QuestionTypes.Multiple => new Placement(PlaceKind.Chosen, Column($"{q.Key}_{code}"),
                [.. Columns.Where(c => c.QuestionKey == q.Key && c.Code is not null).Select(c => _index[c.Name])]),
            QuestionTypes.Ranking => new Placement(PlaceKind.Value, Column($"{q.Key}_{code}"), []),
            QuestionTypes.Matrix => new Placement(PlaceKind.Code, Column(itemKey.Replace('.', '_')), []),
            QuestionTypes.Number => new Placement(PlaceKind.Value, Column(q.Key), []),
            _ => new Placement(PlaceKind.Code, Column(q.Key), []),
        };
        return placement.Kind != PlaceKind.Chosen && placement.Column < 0 ? Placement.None : placement;
    }

    /// <summary>Puts one answer into its cells (RowsAsync), where <see cref="PlacementOf"/> says.</summary>
    private void Place(object?[] cells, string itemKey, short code, string? value)
    {
        var place = PlacementOf(itemKey, code);
        switch (place.Kind)
        {
            case PlaceKind.Code:
                cells[place.Column] = (int)code;
                break;
            case PlaceKind.Chosen:
                // Chosen options are 1; the others of an answered question 0.
                foreach (var zero in place.Zeros) cells[zero] ??= 0;
                if (place.Column >= 0) cells[place.Column] = 1;
                break;
            case PlaceKind.Value:
                cells[place.Column] = value is null ? null : decimal.Parse(value, CultureInfo.InvariantCulture);
                break;
        }
    }
}
