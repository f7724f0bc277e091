using Evaluation.Analysis;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Evaluation.Portal.Pages.Results;

/// <summary>
/// The public results of a project (Art. 7): read from the published snapshot only (never computed here), with the
/// follow-up actions live from their table, rendered by the partial Admin's preview uses too. An older version stays
/// reachable, marked as superseded; a withdrawn one (Art. 30) shows only that it was withdrawn, when and why.
/// </summary>
public sealed class DetailsModel(NpgsqlDataSource db, TimeProvider clock) : PageModel
{
    public ResultsPublication Publication { get; private set; } = null!;
    public ResultsSnapshot Snapshot => Publication.Snapshot;
    public ResultsView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long projectId, int? version)
    {
        await using var conn = await db.OpenConnectionAsync();
        var publication = await PublicResults.FindAsync(conn, projectId, version);
        if (publication is null) return NotFound();
        Publication = publication;
        if (!publication.Withdrawn) View = await ResultsView.LoadAsync(conn, publication.Snapshot, Display.Today(clock));
        return Page();
    }
}
