using Dapper;
using Evaluation.Admin.Pages.Projects;
using Evaluation.Analysis;
using Evaluation.Shared.Data;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Evaluation.Admin.Pages.Results;

/// <summary>
/// Art. 7: publishing a decided project's results as a snapshot the Portal shows (<see cref="PublicResults"/>).
/// Republishing makes the next version and marks the previous one superseded; both stay public.
/// </summary>
public sealed class PublishModel(NpgsqlDataSource db, IOptions<FindingsOptions> options, IOptions<PortalLinks> portal, TimeProvider clock,
    IStringLocalizer<Texts> texts) : PageModel
{
    public sealed record Version(int Number, DateTime PublishedAt, string PublishedByName, DateTime? SupersededAt);

    public ProjectHead Project { get; private set; } = null!;
    public bool Decided { get; private set; }
    public IReadOnlyList<Version> Versions { get; private set; } = [];
    public int Disposed { get; private set; }
    public int Opinions { get; private set; }

    public string PortalUrl(int? version = null) =>
        portal.Value.To(version is { } v ? $"/Results/{Project.Id}/v{v}" : $"/Results/{Project.Id}");

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        if (!User.CanManage()) return Forbid();
        if (!await LoadAsync(id)) return NotFound();
        // The findings are computed before the transaction (they read on their own connection); the rest of the snapshot
        // is read under the project row lock, with the decision re-checked.
        var findings = await FindingsStore.GetAsync(db, FindingsScope.Project(id), options.Value, clock, cancellationToken);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        await conn.ExecuteAsync("select id from evaluation_project where id = @id for update", new { id }, tx);
        if (!await PublicResults.IsDecidedAsync(conn, id, tx))
        {
            ModelState.AddModelError("", texts["Results.NotDecided"]);
            return Page();
        }
        var snapshot = await PublicResults.BuildAsync(conn, tx, id, findings, options.Value);
        var now = clock.GetUtcNow().UtcDateTime;
        var version = await PublicResults.PublishAsync(conn, tx, snapshot, User.StaffId(), now);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.PublishResults, AuditEntities.EvaluationProject, id,
            after: new { version, opinions = snapshot.Themes.Sum(t => t.Opinions.Count), attachments = snapshot.Attachments.Count });
        await tx.CommitAsync(cancellationToken);
        TempData.Flash(texts["Results.Published", version].Value);
        return RedirectToPage(null, new { id });
    }

    private async Task<bool> LoadAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        Project = await conn.FindProjectAsync(id, User) ?? null!;
        if (Project is null) return false;
        Decided = await PublicResults.IsDecidedAsync(conn, id);
        Versions = (await conn.QueryAsync<Version>(
            """
            select p.version as number, p.published_at, s.display_name as published_by_name, p.superseded_at
            from results_publication p join staff_user s on s.id = p.published_by
            where p.project_id = @id order by p.version desc
            """, new { id })).ToList();
        (Opinions, Disposed) = await conn.QuerySingleAsync<(int, int)>(
            """
            select count(*)::int, count(d.opinion_id)::int from opinion o
            join project_consultation pc on pc.consultation_id = o.consultation_id and pc.project_id = @id
            left join opinion_disposition d on d.opinion_id = o.id
            """, new { id });
        return true;
    }
}
