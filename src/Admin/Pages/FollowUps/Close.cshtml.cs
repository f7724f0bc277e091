using Dapper;
using Evaluation.Admin.Pages.Projects;
using Evaluation.Shared.Projects;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.FollowUps;

/// <summary>
/// 结项 (Art. 30-33): a project in follow-up is closed only when every follow-up action is done or cancelled with a
/// reason; a decision without actions lets it close at once. The refusal lists the unfinished actions.
/// </summary>
[Authorize(Policy = StaffAccess.Manage)]
public sealed class CloseModel(NpgsqlDataSource db, TimeProvider clock, IStringLocalizer<Texts> texts) : PageModel
{
    public ProjectHead Project { get; private set; } = null!;
    public IReadOnlyList<FollowUpView> Unfinished { get; private set; } = [];
    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        if (await conn.FindProjectAsync(id, User) is not { } project) return NotFound();
        Project = project;
        Unfinished = await conn.UnfinishedAsync(id);
        Today = Display.Today(clock);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        if (await conn.FindProjectAsync(id, User, tx) is not { } project) return NotFound();
        var stage = await conn.QuerySingleAsync<string>("select stage from evaluation_project where id = @id for update", new { id }, tx);
        var unfinished = await conn.UnfinishedAsync(id, tx);
        Project = project with { Stage = stage };
        Unfinished = unfinished;
        Today = Display.Today(clock);
        if (stage != Stages.FollowUp)
        {
            await tx.RollbackAsync();
            ModelState.AddModelError("", texts["FollowUp.Close.NotInFollowUp", texts[$"Stage.{stage}"]]);
            return Page();
        }
        if (unfinished.Count > 0)
        {
            await tx.RollbackAsync();
            ModelState.AddModelError("", texts["FollowUp.Close.Unfinished", unfinished.Count]);
            foreach (var a in unfinished)
                ModelState.AddModelError("", texts["FollowUp.Close.UnfinishedAction", a.What, a.DepartmentName, Display.Date(a.DueOn), texts[$"FollowUp.{a.Status}"]]);
            return Page();
        }
        // Art. 30-33: the transition's own rule, read under the same lock (the unfinished actions listed above).
        var close = Transitions.Of(Acts.Close);
        var missing = close.Missing(await conn.StageFactsAsync(id, tx));
        if (missing.Count > 0 || !await conn.MoveAsync(tx, close, id, User.Actor(), clock.GetUtcNow().UtcDateTime))
        {
            await tx.RollbackAsync();
            ModelState.AddModelError("", texts["Transition.Refused", texts[$"Act.{close.Act}"], texts[close.Who]]);
            foreach (var m in missing) ModelState.AddModelError("", texts[m]);
            return Page();
        }
        await tx.CommitAsync();
        TempData.Flash(texts["FollowUp.Closed"].Value);
        return RedirectToPage("/Projects/Details", null, new { id }, "later-stages");
    }
}
