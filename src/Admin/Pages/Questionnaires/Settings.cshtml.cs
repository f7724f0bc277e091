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

/// <summary>
/// Title, introduction and audience; the audience is fixed once a version has been published. The first wave
/// (前测问卷, 0750): a second survey wave names the earlier questionnaire of the same decision it repeats, so its
/// items can be compared with that wave's "before" items (Art. 19(1)).
/// </summary>
[Authorize(Policy = StaffAccess.Manage)]
public sealed class SettingsModel(NpgsqlDataSource db, IStringLocalizer<Texts> texts) : PageModel
{
    private sealed record Current(string Title, string IntroMd, string Audience, long? CurrentVersionId, long? BaselineQuestionnaireId);

    public sealed record WaveCandidate(long Id, string Title, string ConsultationTitle);

    private const string Select =
        """
        select q.title, q.intro_md, q.audience, q.current_version_id, q.baseline_questionnaire_id
        from questionnaire q join consultation c on c.id = q.consultation_id
        where q.id = @id and c.decision_id in (select decision_id from staff_decisions(@staff))
        """;

    /// <summary>
    /// The questionnaires this one may repeat: the other published questionnaires of the same decision, except one that
    /// already repeats this one (two questionnaires cannot each be the other's first wave).
    /// </summary>
    private const string Candidates =
        """
        select b.id, b.title, bc.title as consultation_title
        from questionnaire q join consultation c on c.id = q.consultation_id
        join consultation bc on bc.decision_id = c.decision_id join questionnaire b on b.consultation_id = bc.id
        where q.id = @id and b.id <> q.id and b.current_version_id is not null
          and b.baseline_questionnaire_id is distinct from q.id
        order by b.id
        """;

    [BindProperty] public QuestionnaireForm Input { get; set; } = new();
    /// <summary>The first wave's questionnaire id, or none.</summary>
    [BindProperty] public long? Baseline { get; set; }
    public bool AudienceFixed { get; private set; }
    public IReadOnlyList<WaveCandidate> Waves { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        var current = await conn.QuerySingleOrDefaultAsync<Current>(Select, new { id, staff = User.StaffId() });
        if (current is null) return NotFound();
        Input = new QuestionnaireForm { Title = current.Title, IntroMd = current.IntroMd, Audience = current.Audience };
        Baseline = current.BaselineQuestionnaireId;
        AudienceFixed = current.CurrentVersionId is not null;
        Waves = (await conn.QueryAsync<WaveCandidate>(Candidates, new { id })).ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var before = await conn.QuerySingleOrDefaultAsync<Current>(Select + " for update of q", new { id, staff = User.StaffId() }, tx);
        if (before is null) return NotFound();
        AudienceFixed = before.CurrentVersionId is not null;
        Waves = (await conn.QueryAsync<WaveCandidate>(Candidates, new { id }, tx)).ToList();
        if (AudienceFixed && Input.Audience != before.Audience)
            ModelState.AddModelError("Input.Audience", texts["Questionnaire.AudienceFixed"]);
        if (Baseline is { } wave && Waves.All(w => w.Id != wave))
            ModelState.AddModelError(nameof(Baseline), texts["Questionnaire.BaselineUnknown"]);
        if (!ModelState.IsValid) return Page();
        var after = new { Title = PlainText.Clean(Input.Title), IntroMd = PlainText.Clean(Input.IntroMd) ?? "", Input.Audience, BaselineQuestionnaireId = Baseline };
        await conn.ExecuteAsync(
            """
            update questionnaire set title = @Title, intro_md = @IntroMd, audience = @Audience,
                   baseline_questionnaire_id = @BaselineQuestionnaireId, updated_at = now()
            where id = @id
            """,
            new DynamicParameters(after).With(new { id }), tx);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.Update, AuditEntities.Questionnaire, id, before, after);
        await tx.CommitAsync();
        TempData.Flash(texts["Form.Saved"].Value);
        return RedirectToPage("Details", new { id });
    }
}
