using Dapper;
using Evaluation.Admin.Pages.Projects;
using Evaluation.Analysis.Reports;
using Evaluation.Shared.Data;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Results;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.Reviews;

/// <summary>
/// Art. 24: the managing staff who see a project in the conclusion stage send its latest finalized report version to
/// the justice bureau for legality review; the project moves to the legality review stage.
/// </summary>
[Authorize(Policy = StaffAccess.Manage)]
public sealed class SendModel(NpgsqlDataSource db, TimeProvider clock, IStringLocalizer<Texts> texts) : PageModel
{
    public ProjectHead Project { get; private set; } = null!;
    public FinalizedVersion? Version { get; private set; }
    /// <summary>The refusal the project's state gives before anyone presses the button (a text key), if any.</summary>
    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        if (await conn.FindProjectAsync(id, User) is not { } project) return NotFound();
        Project = project;
        Version = await conn.LatestFinalizedAsync(id);
        Refusal = await RefusalAsync(conn, project.Stage, Version, null);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        if (await conn.FindProjectAsync(id, User, tx) is not { } project) return NotFound();
        // The stage is read again under the project's row lock: two sends at once make one review.
        var stage = await conn.QuerySingleAsync<string>("select stage from evaluation_project where id = @id for update", new { id }, tx);
        var version = await conn.LatestFinalizedAsync(id, tx);
        if (await RefusalAsync(conn, stage, version, tx) is { } refusal)
        {
            await tx.RollbackAsync();
            Project = project with { Stage = stage };
            Version = version;
            Refusal = refusal;
            ModelState.AddModelError("", texts[refusal, texts[$"Stage.{stage}"]]);
            return Page();
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var reviewId = await conn.ExecuteScalarAsync<long>(
            """
            insert into legality_review (project_id, report_version_id, sent_by, sent_at) values (@id, @versionId, @staff, @now) returning id
            """, new { id, versionId = version!.Id, staff = User.StaffId(), now }, tx);
        await conn.ExecuteAsync("update evaluation_project set stage = @stage, stage_changed_at = @now where id = @id",
            new { id, stage = ProjectStages.LegalityReview, now }, tx);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.SendToLegalityReview, AuditEntities.EvaluationProject, id,
            new { stage }, new { stage = ProjectStages.LegalityReview, review = reviewId, report_version = version.Version, content_hash = version.HashHex });
        await tx.CommitAsync();
        TempData.Flash(texts["Review.Sent", version.Version].Value);
        return RedirectToPage("/Projects/Details", null, new { id }, "later-stages");
    }

    /// <summary>
    /// Only from the conclusion stage, only a finalized version, and not a version the reviewer already returned: the
    /// evaluators answer a return with a new version (Art. 24).
    /// </summary>
    private static async Task<string?> RefusalAsync(NpgsqlConnection conn, string stage, FinalizedVersion? version, NpgsqlTransaction? tx)
    {
        if (stage != ProjectStages.Conclusion) return "Review.Send.NotInConclusion";
        if (version is null) return "Review.Send.NoFinalizedVersion";
        var returned = await conn.ExecuteScalarAsync<bool>(
            "select exists (select 1 from legality_review where report_version_id = @Id and outcome = @returned)",
            new { version.Id, returned = LegalityOutcomes.Returned }, tx);
        return returned ? "Review.Send.VersionReturned" : null;
    }
}
