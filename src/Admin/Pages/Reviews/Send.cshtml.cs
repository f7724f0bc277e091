using Dapper;
using Evaluation.Admin.Pages.Projects;
using Evaluation.Analysis.Reports;
using Evaluation.Shared.Projects;
using Evaluation.Shared.Resources;
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
        Refusal = RefusalOf(await conn.StageFactsAsync(id));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        if (await conn.FindProjectAsync(id, User, tx) is not { } project) return NotFound();
        // The stage is read again under the project's row lock: two sends at once make one review.
        await conn.ExecuteAsync("select 1 from evaluation_project where id = @id for update", new { id }, tx);
        var facts = await conn.StageFactsAsync(id, tx);
        var version = await conn.LatestFinalizedAsync(id, tx);
        if (RefusalOf(facts) is { } refusal)
        {
            await tx.RollbackAsync();
            Project = project with { Stage = facts.Stage };
            Version = version;
            Refusal = refusal;
            ModelState.AddModelError("", texts[refusal, texts[$"Stage.{facts.Stage}"]]);
            return Page();
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var reviewId = await conn.ExecuteScalarAsync<long>(
            """
            insert into legality_review (project_id, report_version_id, sent_by, sent_at) values (@id, @versionId, @staff, @now) returning id
            """, new { id, versionId = version!.Id, staff = User.StaffId(), now }, tx);
        await conn.MoveAsync(tx, Transitions.Of(Acts.Send), id, User.Actor(), now,
            new { review = reviewId, report_version = version.Version, content_hash = version.HashHex });
        await tx.CommitAsync();
        TempData.Flash(texts["Review.Sent", version.Version].Value);
        return RedirectToPage("/Projects/Details", null, new { id }, "later-stages");
    }

    /// <summary>
    /// Only from the conclusion stage, only a finalized version, and not a version the reviewer already returned: the
    /// evaluators answer a return with a new version (Art. 24). The rules are the transition's (<see cref="Transitions"/>).
    /// </summary>
    private static string? RefusalOf(StageFacts facts) =>
        facts.Stage != Stages.Conclusion ? "Review.Send.NotInConclusion" : Transitions.Of(Acts.Send).Missing(facts).FirstOrDefault();
}
