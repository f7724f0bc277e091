using Dapper;
using Evaluation.Shared.Consultations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Evaluation.Admin.Pages.Decisions;

public sealed class DetailsModel(NpgsqlDataSource db, TimeProvider clock) : PageModel
{
    public sealed record View(long Id, string Title, string? DocumentNumber, string Kind, string IssuingBody,
        DateOnly IssuedOn, DateOnly EffectiveOn, DateOnly? ValidUntil, string SummaryMd, string FullText, bool IsDemo, string Department);

    public sealed record ConsultationRow(long Id, string Title, string State, DateTime OpensAt, DateTime EndsAt, int OpinionCount, string Kind);

    public View Decision { get; private set; } = null!;
    public IReadOnlyList<ConsultationRow> Consultations { get; private set; } = [];
    public DateTime Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        Now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenConnectionAsync();
        var decision = await conn.QuerySingleOrDefaultAsync<View>(
            """
            select d.id, d.title, d.document_number, d.kind, d.issuing_body, d.issued_on, d.effective_on, d.valid_until, d.summary_md,
                   d.full_text, d.is_demo, dep.name as department
            from decision d join department dep on dep.id = d.department_id
            where d.id = @id and d.id in (select decision_id from register_decisions(@staff))
            """, new { id, staff = User.StaffId() });
        if (decision is null) return NotFound();
        Decision = decision;
        Consultations = (await conn.QueryAsync<ConsultationRow>(
            """
            select id, title, state, opens_at, ends_at, consultation_opinion_count(id)::int as opinion_count, kind
            from consultation where decision_id = @id order by kind = 'standing' desc, opens_at desc
            """, new { id })).ToList();
        return Page();
    }

    public ConsultationPhase PhaseOf(ConsultationRow c) => ConsultationRules.PhaseAt(c.State, c.OpensAt, c.EndsAt, Now);
}
