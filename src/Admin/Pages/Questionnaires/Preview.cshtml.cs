using Dapper;
using Evaluation.Shared.Questionnaires;
using Evaluation.Shared.Respondents;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Evaluation.Admin.Pages.Questionnaires;

/// <summary>The questionnaire as a respondent sees it: the working definition, or a published version.</summary>
public sealed class PreviewModel(NpgsqlDataSource db, RegionDirectory regions) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Version { get; set; }
    public string Title { get; private set; } = "";
    public string IntroMd { get; private set; } = "";
    public Definition Definition { get; private set; } = Definition.Empty;
    public IReadOnlyList<Region> Regions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        var row = await conn.QuerySingleOrDefaultAsync<(string Title, string IntroMd, string Definition)?>(
            Version is null
                ? """
                  select q.title, q.intro_md, q.definition::text
                  from questionnaire q join consultation c on c.id = q.consultation_id
                  where q.id = @id and c.decision_id in (select decision_id from staff_decisions(@staff))
                  """
                : """
                  select q.title, q.intro_md, v.definition::text
                  from questionnaire q join questionnaire_version v on v.questionnaire_id = q.id
                  join consultation c on c.id = q.consultation_id
                  where q.id = @id and v.number = @Version and c.decision_id in (select decision_id from staff_decisions(@staff))
                  """, new { id, Version, staff = User.StaffId() });
        if (row is not { } r) return NotFound();
        (Title, IntroMd, Definition) = (r.Title, r.IntroMd, Definition.Parse(r.Definition));
        Regions = await regions.ForRespondentsAsync();
        return Page();
    }
}
