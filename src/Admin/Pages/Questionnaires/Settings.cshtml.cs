using Dapper;
using Evaluation.Shared.Data;
using Evaluation.Shared.Input;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.Questionnaires;

/// <summary>Title, introduction and audience; the audience is fixed once a version has been published.</summary>
[Authorize(Policy = StaffAccess.Manage)]
public sealed class SettingsModel(NpgsqlDataSource db, IStringLocalizer<Texts> texts) : PageModel
{
    private sealed record Current(string Title, string IntroHtml, string Audience, long? CurrentVersionId);

    private const string Select =
        """
        select q.title, q.intro_html, q.audience, q.current_version_id
        from questionnaire q join consultation c on c.id = q.consultation_id
        where q.id = @id and c.decision_id in (select decision_id from staff_decisions(@staff))
        """;

    [BindProperty] public QuestionnaireForm Input { get; set; } = new();
    public bool AudienceFixed { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        var current = await conn.QuerySingleOrDefaultAsync<Current>(Select, new { id, staff = User.StaffId() });
        if (current is null) return NotFound();
        Input = new QuestionnaireForm { Title = current.Title, IntroHtml = current.IntroHtml, Audience = current.Audience };
        AudienceFixed = current.CurrentVersionId is not null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var before = await conn.QuerySingleOrDefaultAsync<Current>(Select + " for update of q", new { id, staff = User.StaffId() }, tx);
        if (before is null) return NotFound();
        AudienceFixed = before.CurrentVersionId is not null;
        if (AudienceFixed && Input.Audience != before.Audience)
            ModelState.AddModelError("Input.Audience", texts["Questionnaire.AudienceFixed"]);
        if (!ModelState.IsValid) return Page();
        var after = new { Title = PlainText.Clean(Input.Title), IntroHtml = RichText.Sanitize(Input.IntroHtml), Input.Audience };
        await conn.ExecuteAsync(
            "update questionnaire set title = @Title, intro_html = @IntroHtml, audience = @Audience, updated_at = now() where id = @id",
            new DynamicParameters(after).With(new { id }), tx);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.Update, AuditEntities.Questionnaire, id, before, after);
        await tx.CommitAsync();
        TempData.Flash(texts["Form.Saved"].Value);
        return RedirectToPage("Details", new { id });
    }
}
