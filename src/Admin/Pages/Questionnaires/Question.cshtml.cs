using System.ComponentModel.DataAnnotations;
using Evaluation.Shared.Data;
using Evaluation.Shared.Decisions;
using Evaluation.Shared.Input;
using Evaluation.Shared.Questionnaires;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.Questionnaires;

/// <summary>Adds or edits one question of the working definition: its type, wording, options or rows, the
/// condition under which it is shown, and its analysis tags.</summary>
public sealed class QuestionModel(NpgsqlDataSource db, IStringLocalizer<Texts> texts) : PageModel
{
    public const int BlankSlots = 3;

    public sealed class OptionSlot
    {
        public int Code { get; set; }
        public string? Label { get; set; }
    }

    public sealed class RowSlot
    {
        public string? Key { get; set; }
        public string? Label { get; set; }
        public string? Criterion { get; set; }
        public string? Period { get; set; }
        public bool Reverse { get; set; }
        public string? Pair { get; set; }
        public string? Baseline { get; set; }
    }

    public sealed class QuestionForm
    {
        [Display(Name = "Question.Type"), Required(ErrorMessage = "Validation.Select")]
        [AllowedValues(QuestionTypes.Single, QuestionTypes.Multiple, QuestionTypes.Likert, QuestionTypes.Matrix, QuestionTypes.ShortText,
            QuestionTypes.LongText, QuestionTypes.Number, QuestionTypes.Date, QuestionTypes.Region, QuestionTypes.Ranking, ErrorMessage = "Validation.Invalid.Any")]
        public string? Type { get; set; }

        [Display(Name = "Question.Text"), Required(ErrorMessage = "Validation.Required"), StringLength(500, ErrorMessage = "Validation.MaxLength")]
        public string? Text { get; set; }

        [Display(Name = "Question.Help"), StringLength(500, ErrorMessage = "Validation.MaxLength")]
        public string? Help { get; set; }

        public bool Required { get; set; }
        public List<OptionSlot> Options { get; set; } = [];
        public bool AllowOther { get; set; }
        [Range(1, 100, ErrorMessage = "Validation.Range"), Display(Name = "Question.MinChoices")] public int? MinChoices { get; set; }
        [Range(1, 100, ErrorMessage = "Validation.Range"), Display(Name = "Question.MaxChoices")] public int? MaxChoices { get; set; }
        public decimal? Min { get; set; }
        public decimal? Max { get; set; }
        public string? Scale { get; set; }
        public List<RowSlot> Rows { get; set; } = [];
        public string? Criterion { get; set; }
        public string? Period { get; set; }
        /// <summary>Negatively worded: scored inverted in the standard's figures (0700).</summary>
        public bool Reverse { get; set; }
        /// <summary>On a "before" item: the key of its "after" counterpart (Art. 19(1), 0701).</summary>
        public string? Pair { get; set; }
        /// <summary>On an "after" item of a second wave: the key of the first wave's "before" item it repeats (0750).</summary>
        public string? Baseline { get; set; }
        public string? ConditionQuestion { get; set; }
        public string? ConditionOp { get; set; }
        public string? ConditionValue { get; set; }
    }

    [BindProperty(SupportsGet = true)] public string? Key { get; set; }
    [BindProperty(SupportsGet = true)] public string? Section { get; set; }
    [BindProperty] public QuestionForm Input { get; set; } = new();

    public Editable Questionnaire { get; private set; } = null!;
    public IReadOnlyList<string> CriteriaAvailable => Criteria.For(Questionnaire.DecisionKind);

    /// <summary>The scale items a "before" item may be paired with: every other one of the working definition.</summary>
    public IReadOnlyList<AnalysisItem> PairCandidates => Questionnaire.Definition.Items
        .Where(i => i.Scale).ToList();

    /// <summary>The first wave this questionnaire repeats, if it names one: its "before" items are the baseline candidates.</summary>
    public Baseline? FirstWave { get; private set; }

    /// <summary>The questions before this one: the only ones a condition may look at.</summary>
    public IReadOnlyList<Question> Earlier { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (!User.CanManage()) return this.Refuse(Refusal.Who.Managers, Refusal.Act.Questionnaire);
        if (!await LoadAsync(id)) return NotFound();
        if (Key is not null)
        {
            var q = Questionnaire.Definition.Find(Key);
            if (q is null) return NotFound();
            Input = new QuestionForm
            {
                Type = q.Type, Text = q.Text, Help = q.Help, Required = q.Required, AllowOther = q.AllowOther,
                MinChoices = q.MinChoices, MaxChoices = q.MaxChoices, Min = q.Min, Max = q.Max, Scale = q.Scale,
                Criterion = q.Criterion, Period = q.Period, Reverse = q.Reverse, Pair = q.Pair, Baseline = q.Baseline,
                Options = q.Choices.Select(o => new OptionSlot { Code = o.Code, Label = o.Label }).ToList(),
                Rows = q.Rows.Select(r => new RowSlot { Key = r.Key, Label = r.Label, Criterion = r.Criterion, Period = r.Period, Reverse = r.Reverse, Pair = r.Pair, Baseline = r.Baseline }).ToList(),
                ConditionQuestion = q.ShowIf?.Question, ConditionOp = q.ShowIf?.Op, ConditionValue = q.ShowIf?.Value,
            };
        }
        else
        {
            Input.Type = QuestionTypes.Likert;
            Input.Required = true;
        }
        AddBlankSlots();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        if (!User.CanManage()) return this.Refuse(Refusal.Who.Managers, Refusal.Act.Questionnaire);
        if (!await LoadAsync(id)) return NotFound();
        if (!ModelState.IsValid)
        {
            AddBlankSlots();
            return Page();
        }

        var definition = Questionnaire.Definition;
        var existing = Key is null ? null : definition.Find(Key);
        if (Key is not null && existing is null) return NotFound();
        var key = existing?.Key ?? definition.NextKey("q");
        var question = Build(key);
        var changed = definition.WithQuestion(Section!, question);

        var errors = DefinitionRules.Validate(changed, Questionnaire.DecisionKind).Where(e => e.Field == key)
            .Select(e => texts[e.MessageKey, e.Args].Value).Concat(BaselineErrors(changed, key)).ToList();
        if (errors.Count > 0)
        {
            foreach (var e in errors) ModelState.AddModelError("", e);
            AddBlankSlots();
            return Page();
        }

        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var current = await conn.LoadEditableAsync(User, id, tx);
        if (current is null) return NotFound();
        await conn.SaveDefinitionAsync(tx, id, current.Definition.WithQuestion(Section!, question), User.Actor(),
            existing is null ? AuditActions.AddQuestion : AuditActions.EditQuestion, existing, question);
        await tx.CommitAsync();
        TempData.Flash(texts["Form.Saved"].Value);
        return RedirectToPage("Details", null, new { id }, $"row-{key}");
    }

    private Question Build(string key)
    {
        var type = Input.Type!;
        var options = new List<Option>();
        if (QuestionTypes.HasOptions(type))
        {
            var next = Math.Max(0, Input.Options.Max(o => (int?)o.Code) ?? 0);
            foreach (var slot in Input.Options)
            {
                var label = PlainText.Clean(slot.Label);
                if (label is null) continue;
                options.Add(new Option(slot.Code > 0 ? slot.Code : ++next, label));
            }
        }
        var rows = new List<MatrixRow>();
        if (type == QuestionTypes.Matrix)
        {
            var used = Input.Rows.Select(r => r.Key).Where(k => k is not null).ToHashSet();
            var n = 0;
            foreach (var slot in Input.Rows)
            {
                var label = PlainText.Clean(slot.Label);
                if (label is null) continue;
                var rowKey = slot.Key;
                if (string.IsNullOrEmpty(rowKey))
                {
                    do rowKey = $"r{++n}"; while (used.Contains(rowKey));
                    used.Add(rowKey);
                }
                rows.Add(new MatrixRow(rowKey, label, Blank(slot.Criterion), Blank(slot.Period), slot.Reverse, Blank(slot.Pair),
                    FirstWave is null ? null : Blank(slot.Baseline)));
            }
        }
        var choice = type is QuestionTypes.Single or QuestionTypes.Multiple;
        return new Question(key, type, PlainText.Clean(Input.Text)!, PlainText.Clean(Input.Help), Input.Required,
            string.IsNullOrEmpty(Input.ConditionQuestion) ? null
                : new Condition(Input.ConditionQuestion, Input.ConditionOp ?? ConditionOps.EqualsValue, PlainText.Clean(Input.ConditionValue) ?? ""),
            options.Count > 0 ? options : null,
            rows.Count > 0 ? rows : null,
            type == QuestionTypes.Multiple ? Input.MinChoices : null,
            type == QuestionTypes.Multiple ? Input.MaxChoices : null,
            choice && Input.AllowOther,
            type == QuestionTypes.Number ? Input.Min : null,
            type == QuestionTypes.Number ? Input.Max : null,
            type is QuestionTypes.Likert or QuestionTypes.Matrix ? Blank(Input.Scale) ?? LikertScales.Agreement : null,
            Blank(Input.Criterion),
            Blank(Input.Period),
            type == QuestionTypes.Likert && Input.Reverse,
            type == QuestionTypes.Likert ? Blank(Input.Pair) : null,
            type == QuestionTypes.Likert && FirstWave is not null ? Blank(Input.Baseline) : null);
    }

    /// <summary>
    /// A first-wave item named by this question's items must be a "before" scale item of the first wave's current
    /// version, of the same standard (the rules of the definition itself are in <see cref="DefinitionRules"/>).
    /// </summary>
    private IEnumerable<string> BaselineErrors(Definition changed, string key)
    {
        foreach (var item in changed.Items.Where(i => i.QuestionKey == key && i.Baseline is not null))
        {
            var number = changed.NumberOf(key);
            if (FirstWave?.Find(item.Baseline) is not { } first)
                yield return texts["Question.BaselineUnknown", number, item.Label, FirstWave?.Title ?? ""].Value;
            else if (first.Criterion != item.Criterion)
                yield return texts["Question.BaselineCriterion", number, item.Label, first.Label].Value;
        }
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private void AddBlankSlots()
    {
        for (var i = 0; i < BlankSlots; i++)
        {
            Input.Options.Add(new OptionSlot());
            Input.Rows.Add(new RowSlot());
        }
    }

    private async Task<bool> LoadAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        var q = await conn.LoadEditableAsync(User, id);
        if (q is null) return false;
        Questionnaire = q;
        FirstWave = await conn.LoadBaselineAsync(id);
        var existing = Key is null ? null : q.Definition.Find(Key);
        Section ??= existing is null ? q.Definition.Sections.LastOrDefault()?.Key
            : q.Definition.Sections.First(s => s.Questions.Contains(existing)).Key;
        if (Section is null || q.Definition.Sections.All(s => s.Key != Section)) return false;
        var all = q.Definition.Questions.ToList();
        var index = existing is null
            ? all.Count(x => q.Definition.Sections.TakeWhile(s => s.Key != Section).Concat(q.Definition.Sections.Where(s => s.Key == Section)).SelectMany(s => s.Questions).Contains(x))
            : all.IndexOf(existing);
        Earlier = all.Take(index).Where(x => x.Type is not (QuestionTypes.Matrix or QuestionTypes.Ranking)).ToList();
        return true;
    }
}
