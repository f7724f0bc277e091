using System.Globalization;
using Evaluation.Shared.Decisions;
using Evaluation.Shared.Input;

namespace Evaluation.Shared.Questionnaires;

/// <summary>What a definition must satisfy before it can be published (and so be answered).</summary>
public static class DefinitionRules
{
    public static IReadOnlyList<FieldError> Validate(Definition definition, string decisionKind)
    {
        var errors = new List<FieldError>();
        if (!definition.Questions.Any()) errors.Add(new("", "Definition.Empty"));
        var criteria = Criteria.For(decisionKind);
        var seen = new List<Question>();
        foreach (var section in definition.Sections)
        {
            if (section.ShowIf is { } sectionCondition) CheckCondition(section.Key, sectionCondition, seen, errors, section: section.Title);
            if (section.Questions.Count == 0) errors.Add(new(section.Key, "Definition.EmptySection", section.Title));
            foreach (var q in section.Questions)
            {
                var number = definition.NumberOf(q.Key);
                void Add(string key, params object[] args) => errors.Add(new(q.Key, key, [number, .. args]));

                if (!QuestionTypes.All.Contains(q.Type)) Add("Definition.UnknownType");
                if (string.IsNullOrWhiteSpace(q.Text)) Add("Definition.NoText");
                if (QuestionTypes.HasOptions(q.Type) && q.Choices.Count < 2) Add("Definition.TooFewOptions");
                if (q.Choices.Select(o => o.Code).Distinct().Count() != q.Choices.Count || q.Choices.Any(o => string.IsNullOrWhiteSpace(o.Label)))
                    Add("Definition.BadOptions");
                if (q.Type == QuestionTypes.Matrix && q.Rows.Count == 0) Add("Definition.NoRows");
                if (q.Type == QuestionTypes.Multiple)
                {
                    var available = q.Choices.Count + (q.AllowOther ? 1 : 0);
                    if (q.MinChoices is < 1 || q.MaxChoices is < 1 || q.MinChoices > q.MaxChoices || q.MaxChoices > available || q.MinChoices > available)
                        Add("Definition.BadChoiceLimits", available);
                }
                if (q.Type == QuestionTypes.Number && q.Min is { } min && q.Max is { } max && min > max) Add("Definition.BadRange");
                if (q.Criterion is { } c && !criteria.Contains(c)) Add("Definition.BadCriterion");
                if (q.Rows.Any(r => r.Criterion is { } rc && !criteria.Contains(rc))) Add("Definition.BadCriterion");
                if (q.Period is { } p && !Periods.All.Contains(p) || q.Rows.Any(r => r.Period is { } rp && !Periods.All.Contains(rp)))
                    Add("Definition.BadPeriod");
                if (q.ShowIf is { } condition) CheckCondition(q.Key, condition, seen, errors, number);
                seen.Add(q);
            }
        }
        CheckItems(definition, errors);
        return errors;
    }

    /// <summary>
    /// The reverse mark and the before/after pairs (Art. 19(1)): only scale items (a Likert question, a matrix row)
    /// carry them; a pair goes from a "before" item to an "after" item of this questionnaire with the same standard,
    /// and each "after" item has one partner at most; a second wave's "after" item may repeat one first-wave item, each
    /// first-wave item repeated once at most. The messages name the question and the item.
    /// </summary>
    private static void CheckItems(Definition definition, List<FieldError> errors)
    {
        var items = definition.Items.GroupBy(i => i.Key).ToDictionary(g => g.Key, g => g.First());
        // Every item naming a partner that another item names too is told so, whichever comes first.
        var named = definition.Items.Where(i => i.Pair is not null).GroupBy(i => i.Pair!).ToDictionary(g => g.Key, g => g.Count());
        var repeated = definition.Items.Where(i => i.Baseline is not null).GroupBy(i => i.Baseline!).ToDictionary(g => g.Key, g => g.Count());
        foreach (var item in definition.Items)
        {
            void Add(string key, params object[] args) =>
                errors.Add(new(item.QuestionKey, key, [definition.NumberOf(item.QuestionKey), item.Label, .. args]));
            if (item.Reverse && !item.Scale) Add("Definition.ReverseNotScale");
            // A second wave's item repeats one first-wave item (which one exists there is the builder's check, 0750).
            if (item.Baseline is { } baseline)
            {
                if (!item.Scale || item.Period != Periods.After) Add("Definition.BaselineNotAfter");
                else if (repeated[baseline] > 1) Add("Definition.BaselineTaken");
            }
            if (item.Pair is not { } pair) continue;
            if (!items.TryGetValue(pair, out var partner)) Add("Definition.PairUnknown", pair);
            else if (!item.Scale || !partner.Scale) Add("Definition.PairNotScale", partner.Label);
            else if (item.Period != Periods.Before || partner.Period != Periods.After) Add("Definition.PairPeriods", partner.Label);
            else if (item.Criterion != partner.Criterion) Add("Definition.PairCriterion", partner.Label);
            else if (named[pair] > 1) Add("Definition.PairTaken", partner.Label);
        }
    }

    /// <summary>A condition looks back: at an earlier single, multiple, Likert, text, number or region question.</summary>
    private static void CheckCondition(string owner, Condition condition, IReadOnlyList<Question> earlier, List<FieldError> errors,
        int? number = null, string? section = null)
    {
        // A question's messages name its number; a section's name its title ("Definition.Section.*").
        object[] Args() => number is { } n ? [n] : [section ?? owner];
        string Key(string name) => section is null ? $"Definition.{name}" : $"Definition.Section.{name}";
        var source = earlier.FirstOrDefault(q => q.Key == condition.Question);
        if (source is null || source.Type is QuestionTypes.Matrix or QuestionTypes.Ranking)
        {
            errors.Add(new(owner, Key("ConditionSource"), Args()));
            return;
        }
        if (!ConditionOps.All.Contains(condition.Op) || string.IsNullOrWhiteSpace(condition.Value))
            errors.Add(new(owner, Key("ConditionIncomplete"), Args()));
        else if (source.Type is QuestionTypes.Single or QuestionTypes.Multiple
                 && !(int.TryParse(condition.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var code)
                      && (source.Choices.Any(o => o.Code == code) || source.OtherCode == code)))
            errors.Add(new(owner, Key("ConditionValue"), Args()));
    }
}
