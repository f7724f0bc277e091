using Dapper;
using Evaluation.Shared.Data;
using Evaluation.Shared.Questionnaires;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.Questionnaires;

/// <summary>
/// The builder's overview: sections and questions of the working definition with their tags and conditions,
/// publishing (which freezes a new version), closing, and the versions with their responses.
/// </summary>
public sealed class DetailsModel(NpgsqlDataSource db, IStringLocalizer<Texts> texts) : PageModel
{
    public sealed record VersionRow(long Id, int Number, DateTime PublishedAt, long Responses);

    /// <summary>The state of a questionnaire in the user's scope, locked for the change that follows.</summary>
    private const string StateForUpdate =
        """
        select q.state from questionnaire q join consultation c on c.id = q.consultation_id
        where q.id = @id and c.decision_id in (select decision_id from staff_decisions(@staff))
        for update of q
        """;

    public Editable Questionnaire { get; private set; } = null!;
    public string ConsultationTitle { get; private set; } = "";
    public IReadOnlyList<VersionRow> Versions { get; private set; } = [];
    public long Drafts { get; private set; }
    public IReadOnlyList<string> PublishErrors { get; private set; } = [];
    /// <summary>The first wave this questionnaire repeats (0750), for the items' marks.</summary>
    public Baseline? FirstWave { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostPublishAsync(long id)
    {
        if (!User.CanManage()) return this.Refuse(Refusal.Who.Managers, Refusal.Act.Questionnaire);
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var state = await conn.ExecuteScalarAsync<string>(StateForUpdate, new { id, staff = User.StaffId() }, tx);
        if (state is null) return NotFound();
        if (state == QuestionnaireStates.Closed)
        {
            TempData.Flash(texts["Questionnaire.PublishClosed"].Value);
            return RedirectToPage(new { id });
        }
        var (version, errors) = await conn.PublishAsync(tx, id, User.Actor());
        if (version is null)
        {
            await tx.RollbackAsync();
            await LoadAsync(id);
            PublishErrors = errors.Select(e => texts[e.MessageKey, e.Args].Value).ToList();
            return Page();
        }
        await tx.CommitAsync();
        TempData.Flash(texts["Questionnaire.Published", version].Value);
        return RedirectToPage(new { id });
    }

    /// <summary>Closes the questionnaire alone; its consultation goes on taking opinions.</summary>
    public Task<IActionResult> OnPostCloseAsync(long id) => SetStateAsync(id, AuditActions.Close, QuestionnaireStates.Published, QuestionnaireStates.Closed, "Questionnaire.ClosedAlone");

    public Task<IActionResult> OnPostReopenAsync(long id) => SetStateAsync(id, AuditActions.Reopen, QuestionnaireStates.Closed, QuestionnaireStates.Published, "Questionnaire.Reopened");

    private async Task<IActionResult> SetStateAsync(long id, string action, string from, string to, string doneMessage)
    {
        if (!User.CanManage()) return this.Refuse(Refusal.Who.Managers, Refusal.Act.Questionnaire);
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var state = await conn.ExecuteScalarAsync<string>(StateForUpdate, new { id, staff = User.StaffId() }, tx);
        if (state is null) return NotFound();
        var changed = await conn.ExecuteAsync(
            $"update questionnaire set state = @to, closed_at = case when @to = '{QuestionnaireStates.Closed}' then now() end, updated_at = now() where id = @id and state = @from",
            new { id, from, to }, tx);
        if (changed == 1) await conn.WriteAsync(tx, User.Actor(), action, AuditEntities.Questionnaire, id, new { state = from }, new { state = to });
        await tx.CommitAsync();
        TempData.Flash(texts[changed == 1 ? doneMessage : "Questionnaire.StateUnchanged"].Value);
        return RedirectToPage(new { id });
    }

    public Task<IActionResult> OnPostAddSectionAsync(long id) => EditAsync(id, AuditActions.AddSection, d =>
    {
        var key = d.NextKey("s");
        return (new Definition([.. d.Sections, new Section(key, texts["Section.NewTitle", d.Sections.Count + 1], null, null, [])]), null);
    });

    public Task<IActionResult> OnPostMoveQuestionAsync(long id, string key, int by) =>
        EditAsync(id, AuditActions.MoveQuestion, d => (d.MoveQuestion(key, Math.Sign(by)), null));

    public Task<IActionResult> OnPostMoveSectionAsync(long id, string key, int by) =>
        EditAsync(id, AuditActions.MoveSection, d => (d.MoveSection(key, Math.Sign(by)), null));

    public Task<IActionResult> OnPostDeleteQuestionAsync(long id, string key) => EditAsync(id, AuditActions.DeleteQuestion, d =>
        d.DependentsOf(key).ToList() is { Count: > 0 } dependents
            ? (d, texts["Question.HasDependents", string.Join(texts["Format.Enumeration"].Value, dependents)].Value)
            : (d.WithoutQuestion(key), null));

    public Task<IActionResult> OnPostDeleteSectionAsync(long id, string key) => EditAsync(id, AuditActions.DeleteSection, d =>
        d.Sections.FirstOrDefault(s => s.Key == key) is { } section && section.Questions.Count > 0
            ? (d, texts["Section.NotEmpty"].Value)
            : (new Definition(d.Sections.Where(s => s.Key != key).ToList()), null));

    /// <summary>Applies one change to the working definition, unless it would make a condition look forward.</summary>
    private async Task<IActionResult> EditAsync(long id, string action, Func<Definition, (Definition Changed, string? Refusal)> change)
    {
        if (!User.CanManage()) return this.Refuse(Refusal.Who.Managers, Refusal.Act.Questionnaire);
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var q = await conn.LoadEditableAsync(User, id, tx);
        if (q is null) return NotFound();
        var (changed, refusal) = change(q.Definition);
        if (refusal is null && DefinitionRules.Validate(changed, q.DecisionKind).Any(e => e.MessageKey.Contains(".Condition", StringComparison.Ordinal))
            && !DefinitionRules.Validate(q.Definition, q.DecisionKind).Any(e => e.MessageKey.Contains(".Condition", StringComparison.Ordinal)))
            refusal = texts["Question.MoveBreaksCondition"];
        if (refusal is not null)
        {
            TempData.Flash(refusal);
            return RedirectToPage(new { id });
        }
        await conn.SaveDefinitionAsync(tx, id, changed, User.Actor(), action, null, null);
        await tx.CommitAsync();
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        var q = await conn.LoadEditableAsync(User, id);
        if (q is null) return false;
        Questionnaire = q;
        ConsultationTitle = await conn.ExecuteScalarAsync<string>("select title from consultation where id = @ConsultationId", q) ?? "";
        Versions = (await conn.QueryAsync<VersionRow>(
            """
            select v.id, v.number, v.published_at, (select count(*) from response r where r.version_id = v.id) as responses
            from questionnaire_version v where v.questionnaire_id = @id order by v.number desc
            """, new { id })).ToList();
        Drafts = await conn.ExecuteScalarAsync<long>("select count(*) from response_draft where questionnaire_id = @id", new { id });
        FirstWave = await conn.LoadBaselineAsync(id);
        return true;
    }
}
