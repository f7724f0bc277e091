using System.ComponentModel.DataAnnotations;
using Evaluation.Shared.Data;
using Evaluation.Shared.Input;
using Evaluation.Shared.Questionnaires;
using Evaluation.Shared.Resources;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.Questionnaires;

/// <summary>A section's title, description and the condition under which respondents see it (one page each).</summary>
public sealed class SectionModel(NpgsqlDataSource db, IStringLocalizer<Texts> texts) : PageModel
{
    public sealed class SectionForm
    {
        [Display(Name = "Section.Title"), Required(ErrorMessage = "Validation.Required"), StringLength(200, ErrorMessage = "Validation.MaxLength")]
        public string? Title { get; set; }

        [Display(Name = "Section.Description"), StringLength(2000, ErrorMessage = "Validation.MaxLength")]
        public string? Description { get; set; }

        public string? ConditionQuestion { get; set; }
        public string? ConditionOp { get; set; }
        public string? ConditionValue { get; set; }
    }

    [BindProperty(SupportsGet = true)] public string Key { get; set; } = "";
    [BindProperty] public SectionForm Input { get; set; } = new();
    public Editable Questionnaire { get; private set; } = null!;
    public IReadOnlyList<Question> Earlier { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (!User.CanManage()) return this.Refuse(Refusal.Who.Managers, Refusal.Act.Questionnaire);
        if (await LoadAsync(id) is not { } section) return NotFound();
        Input = new SectionForm
        {
            Title = section.Title, Description = section.Description,
            ConditionQuestion = section.ShowIf?.Question, ConditionOp = section.ShowIf?.Op, ConditionValue = section.ShowIf?.Value,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        if (!User.CanManage()) return this.Refuse(Refusal.Who.Managers, Refusal.Act.Questionnaire);
        if (await LoadAsync(id) is not { } section) return NotFound();
        if (!ModelState.IsValid) return Page();
        var changed = section with
        {
            Title = PlainText.Clean(Input.Title)!,
            Description = PlainText.Clean(Input.Description),
            ShowIf = string.IsNullOrEmpty(Input.ConditionQuestion) ? null
                : new Condition(Input.ConditionQuestion, Input.ConditionOp ?? ConditionOps.EqualsValue, PlainText.Clean(Input.ConditionValue) ?? ""),
        };
        var definition = Questionnaire.Definition.ReplaceSection(changed);
        // An empty section may be edited (its questions come later); publishing asks for them.
        var errors = DefinitionRules.Validate(definition, Questionnaire.DecisionKind)
            .Where(e => e.Field == Key && e.MessageKey != "Definition.EmptySection").ToList();
        if (errors.Count > 0)
        {
            foreach (var e in errors) ModelState.AddModelError("", texts[e.MessageKey, e.Args]);
            return Page();
        }
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var current = await conn.LoadEditableAsync(User, id, tx);
        if (current is null) return NotFound();
        await conn.SaveDefinitionAsync(tx, id, current.Definition.ReplaceSection(changed), User.Actor(), AuditActions.EditSection,
            section with { Questions = [] }, changed with { Questions = [] });
        await tx.CommitAsync();
        return RedirectToPage("Details", null, new { id }, $"section-{Key}");
    }

    private async Task<Section?> LoadAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        var q = await conn.LoadEditableAsync(User, id);
        if (q is null) return null;
        Questionnaire = q;
        var section = q.Definition.Sections.FirstOrDefault(s => s.Key == Key);
        if (section is null) return null;
        Earlier = q.Definition.Sections.TakeWhile(s => s.Key != Key).SelectMany(s => s.Questions)
            .Where(x => x.Type is not (QuestionTypes.Matrix or QuestionTypes.Ranking)).ToList();
        return section;
    }
}
