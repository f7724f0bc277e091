using Dapper;
using Evaluation.Analysis.Reports;
using Evaluation.Shared.Data;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.Reviews;

/// <summary>
/// 合法性审查意见书 (Art. 24, 29): a recorded legality review's opinion as a Word document in official form, for everyone
/// who sees the review (the same scope as its page: staff_projects); a review without an opinion yet has none. The
/// download is audited.
/// </summary>
public sealed class OpinionModel(NpgsqlDataSource db, IStringLocalizer<Texts> texts) : PageModel
{
    private sealed record Row(long ProjectId, string ProjectTitle, string DecisionTitle, string Form, string AgencyName, int Version,
        DateTime FinalizedAt, byte[] ContentHash, DateTime SentAt, string Outcome, string? Changes, string? Reasons, string ReviewerDepartment,
        DateTime ReviewedAt);

    public async Task<IActionResult> OnGetAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        // The opinion is the justice bureau's: its 落款 is the reviewer's department.
        var r = await conn.QuerySingleOrDefaultAsync<Row>(
            """
            select p.id as project_id, p.title as project_title, d.title as decision_title, v.form, a.name as agency_name, v.version,
                   v.finalized_at, v.content_hash, r.sent_at, r.outcome, r.changes, r.reasons, rd.name as reviewer_department, r.reviewed_at
            from legality_review r join evaluation_project p on p.id = r.project_id join decision d on d.id = p.decision_id
            join department a on a.id = p.agency_department_id join report_version v on v.id = r.report_version_id
            join staff_user rv on rv.id = r.reviewed_by join department rd on rd.id = rv.department_id
            where r.id = @id and r.outcome is not null and r.project_id in (select project_id from staff_projects(@staff))
            """, new { id, staff = User.StaffId() });
        if (r is null) return NotFound();
        var bytes = LegalityOpinionDocument.Build(new LegalityOpinionModel(r.DecisionTitle, r.Form, r.AgencyName, r.Version,
            Day(r.FinalizedAt), Convert.ToHexStringLower(r.ContentHash), Day(r.SentAt), r.Outcome, r.Changes, r.Reasons, r.ReviewerDepartment,
            Day(r.ReviewedAt)), texts);
        await conn.WriteAsync(null, User.Actor(), AuditActions.ExportLegalityOpinion, AuditEntities.LegalityReview, id,
            after: new { project = r.ProjectId, version = r.Version, outcome = r.Outcome });
        return File(bytes, Reports.DownloadModel.ContentType, Reports.DownloadModel.FileName(texts["Opinion.FileName", r.ProjectTitle].Value));
    }

    private static DateOnly Day(DateTime utc) => DateOnly.FromDateTime(Display.ToChinaTime(utc));
}
