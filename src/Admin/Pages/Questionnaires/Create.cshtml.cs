using System.ComponentModel.DataAnnotations;
using Dapper;
using Evaluation.Shared.Data;
using Evaluation.Shared.Input;
using Evaluation.Shared.Questionnaires;
using Evaluation.Shared.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.Questionnaires;

public sealed class QuestionnaireForm
{
    [Display(Name = "Questionnaire.Title"), Required(ErrorMessage = "Validation.Required"), StringLength(200, ErrorMessage = "Validation.MaxLength")]
    public string? Title { get; set; }

    [Display(Name = "Questionnaire.Audience"), Required(ErrorMessage = "Validation.Select")]
    [AllowedValues(Audiences.Public, Audiences.Enterprise, Audiences.Invited, ErrorMessage = "Validation.Invalid.Any")]
    public string? Audience { get; set; }

    [Display(Name = "Questionnaire.Intro"), StringLength(20000, ErrorMessage = "Validation.MaxLength")]
    public string? IntroMd { get; set; }
}

/// <summary>A new questionnaire of a consultation, as a draft to build (Art. 18(3): design the questionnaire).</summary>
[Authorize(Policy = StaffAccess.Manage)]
public sealed class CreateModel(NpgsqlDataSource db, IStringLocalizer<Texts> texts) : PageModel
{
    [BindProperty(SupportsGet = true)] public long ConsultationId { get; set; }
    [BindProperty] public QuestionnaireForm Input { get; set; } = new() { Audience = Audiences.Public };
    public string ConsultationTitle { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync()) return NotFound();
        if (!ModelState.IsValid) return Page();
        var row = new { Title = PlainText.Clean(Input.Title), Input.Audience, IntroMd = PlainText.Clean(Input.IntroMd) ?? "" };
        // A first section to put questions in.
        var definition = new Definition([new Section("s1", texts["Section.DefaultTitle"], null, null, [])]);
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var id = await conn.ExecuteScalarAsync<long>(
            """
            insert into questionnaire (consultation_id, title, intro_md, audience, definition)
            values (@ConsultationId, @Title, @IntroMd, @Audience, @definition::jsonb)
            returning id
            """, new { ConsultationId, row.Title, row.IntroMd, row.Audience, definition = definition.ToJson() }, tx);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.Create, AuditEntities.Questionnaire, id, after: row);
        await tx.CommitAsync();
        return RedirectToPage("Details", new { id });
    }

    private async Task<bool> LoadAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        ConsultationTitle = await conn.QuerySingleOrDefaultAsync<string>(
            "select title from consultation where id = @ConsultationId and decision_id in (select decision_id from staff_decisions(@staff))",
            new { ConsultationId, staff = User.StaffId() }) ?? "";
        return ConsultationTitle.Length > 0;
    }
}
