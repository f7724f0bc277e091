using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Evaluation.Admin.Pages.Findings;

/// <summary>The responses behind a figure: those answering one item of a questionnaire with the given points.</summary>
public sealed class EvidenceModel(NpgsqlDataSource db) : PageModel
{
    public const int Limit = 200;

    public sealed record Row(long Id, string ReceiptNumber, DateTime SubmittedAt, string RespondentType, string? RegionName, int Code,
        bool Excluded);

    [BindProperty(SupportsGet = true)] public long QuestionnaireId { get; set; }
    [BindProperty(SupportsGet = true)] public string Item { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? Points { get; set; }
    public string QuestionnaireTitle { get; private set; } = "";
    public string Label { get; private set; } = "";
    public long Total { get; private set; }
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var points = (Points ?? "1,2,3,4,5").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1)
            .Where(n => n is >= 0 and <= 5).Select(n => (short)n).ToArray();
        await using var conn = await db.OpenConnectionAsync();
        var head = await conn.QuerySingleOrDefaultAsync<(string Title, string Label)?>(
            """
            select q.title, i.label from questionnaire q join questionnaire_version v on v.questionnaire_id = q.id
            join question_item i on i.version_id = v.id join consultation c on c.id = q.consultation_id
            where q.id = @QuestionnaireId and i.key = @Item and c.decision_id in (select decision_id from staff_decisions(@staff))
            order by v.number desc limit 1
            """, new { QuestionnaireId, Item, staff = User.StaffId() });
        if (head is not { } h) return NotFound();
        (QuestionnaireTitle, Label) = (h.Title, h.Label);
        const string from =
            """
            from answer a join question_item i on i.id = a.item_id join response r on r.id = a.response_id
            where r.questionnaire_id = @QuestionnaireId and i.key = @Item and a.code = any(@points)
            """;
        Total = await conn.ExecuteScalarAsync<long>($"select count(*) {from}", new { QuestionnaireId, Item, points });
        Rows = (await conn.QueryAsync<Row>(
            $"""
            select r.id, r.receipt_number, r.submitted_at, r.respondent_type, g.name as region_name, a.code::int as code,
                   exists (select 1 from analysis_exclusion x where x.response_id = r.id and x.lifted_at is null) as excluded
            {from.Replace("join response r on r.id = a.response_id", "join response r on r.id = a.response_id left join region g on g.code = r.region_code")}
            order by r.submitted_at desc limit @Limit
            """, new { QuestionnaireId, Item, points, Limit })).ToList();
        return Page();
    }
}
