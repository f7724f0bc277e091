using System.Text.Json;
using Evaluation.Admin.Pages.Projects;
using Evaluation.Analysis;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Evaluation.Admin.Pages.Results;

/// <summary>Art. 7, 30: the open draft rendered by the Portal's own partial (_Results), as citizens will read it once
/// approved: the exact snapshot stored with the draft, not one computed again.</summary>
public sealed class PreviewModel(NpgsqlDataSource db, TimeProvider clock) : PageModel
{
    public ProjectHead Project { get; private set; } = null!;
    public PublishModel.Draft Draft { get; private set; } = null!;
    public ResultsView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        if (await conn.FindProjectAsync(id, User) is not { } project) return NotFound();
        if (await PublishModel.OpenDraftAsync(conn, null, id) is not { } draft) return NotFound();
        Project = project;
        Draft = draft;
        View = await ResultsView.LoadAsync(conn, JsonSerializer.Deserialize<ResultsSnapshot>(draft.Snapshot, PublicResults.Json)!,
            Display.Today(clock));
        return Page();
    }
}
