using Evaluation.Shared.Questionnaires;

namespace Evaluation.Tests.Domain;

public class AnswerRulesTests
{
    private static readonly HashSet<string> Regions = ["chuan", "qingta"];

    private static Option[] Opts(params string[] labels) => labels.Select((l, i) => new Option(i + 1, l)).ToArray();

    /// <summary>q1 single; q2 shown when q1 = 1; section s2 shown when q1 = 2; q3 contains; q4 not_equals.</summary>
    private static readonly Definition Conditional = new(
    [
        new Section("s1", "一", null, null,
        [
            new Question("q1", QuestionTypes.Single, "是否参与过？", Required: true, Options: Opts("是", "否")),
            new Question("q2", QuestionTypes.Multiple, "通过哪些渠道？", Required: true, ShowIf: new Condition("q1", "equals", "1"),
                Options: Opts("信函", "传真", "网上"), MinChoices: 1, MaxChoices: 2, AllowOther: true),
            new Question("q3", QuestionTypes.LongText, "网上提交的体验？", ShowIf: new Condition("q2", "contains", "3")),
            new Question("q4", QuestionTypes.Likert, "满意吗？", Required: true, ShowIf: new Condition("q1", "not_equals", "1")),
        ]),
        new Section("s2", "二", null, new Condition("q1", "equals", "2"),
        [
            new Question("q5", QuestionTypes.ShortText, "为什么没有参与？", Required: true),
        ]),
    ]);

    private static AnswerSet Answers(params (string Field, string[] Values)[] fields)
    {
        var set = new AnswerSet();
        foreach (var (field, values) in fields) set.Set(field, values);
        return set;
    }

    private static IReadOnlyList<string> Visible(AnswerSet answers) =>
        AnswerRules.VisibleQuestions(Conditional, answers).Select(q => q.Key).ToList();

    [Fact]
    public void Equals_shows_a_question_only_for_that_answer()
    {
        Assert.Equal(["q1", "q2", "q3"], Visible(Answers(("q1", ["1"]), ("q2", ["3"]))));
        Assert.Equal(["q1", "q4", "q5"], Visible(Answers(("q1", ["2"]))));
    }

    [Fact]
    public void Contains_looks_into_multiple_choices()
    {
        Assert.DoesNotContain("q3", Visible(Answers(("q1", ["1"]), ("q2", ["1", "2"]))));
        Assert.Contains("q3", Visible(Answers(("q1", ["1"]), ("q2", ["1", "3"]))));
    }

    [Fact]
    public void A_condition_on_an_unanswered_or_hidden_question_does_not_hold()
    {
        Assert.Equal(["q1"], Visible(new AnswerSet()));
        // q2 answered, but hidden because q1 = 2: q3, which depends on q2, stays hidden too.
        Assert.DoesNotContain("q3", Visible(Answers(("q1", ["2"]), ("q2", ["3"]))));
    }

    [Fact]
    public void Hidden_questions_are_neither_required_nor_stored()
    {
        var answers = Answers(("q1", ["2"]), ("q2", ["1"]), ("q4", ["4"]), ("q5", ["没有时间"]));
        var shown = AnswerRules.VisibleQuestions(Conditional, answers);
        Assert.Empty(AnswerRules.Validate(shown, answers, Regions));
        var (rows, texts) = AnswerRules.ToRows(shown, answers);
        Assert.DoesNotContain(rows, r => r.ItemKey == "q2");
        Assert.Equal([new AnswerRow("q1", 2, null), new AnswerRow("q4", 4, null)], rows);
        Assert.Equal([new TextRow("q5", "没有时间")], texts);
    }

    [Fact]
    public void Required_shown_questions_must_be_answered()
    {
        var answers = Answers(("q1", ["1"]));
        var errors = AnswerRules.Validate(AnswerRules.VisibleQuestions(Conditional, answers), answers, Regions);
        Assert.Equal(("q2", "Answer.ChooseRequired"), (errors.Single().Field, errors.Single().MessageKey));
    }

    [Fact]
    public void Choice_limits_and_other_text_are_checked()
    {
        Check(Answers(("q1", ["1"]), ("q2", ["1", "2", "3"])), "q2", "Answer.TooManyChoices");
        Check(Answers(("q1", ["1"]), ("q2", ["9"])), "q2", "Answer.InvalidChoice");
        Check(Answers(("q1", ["1"]), ("q2", ["1", "1"])), "q2", "Answer.InvalidChoice");
        Check(Answers(("q1", ["1"]), ("q2", ["4"])), "q2", "Answer.OtherRequired");
        var ok = Answers(("q1", ["1"]), ("q2", ["4"]), ("q2.other", ["市长信箱"]));
        Assert.Empty(AnswerRules.Validate(AnswerRules.VisibleQuestions(Conditional, ok), ok, Regions));
        Assert.Contains(new TextRow("q2", "市长信箱"), AnswerRules.ToRows(AnswerRules.VisibleQuestions(Conditional, ok), ok).Texts);
    }

    [Fact]
    public void Likert_answers_stay_on_the_scale_with_zero_for_dont_know()
    {
        Check(Answers(("q1", ["2"]), ("q4", ["6"]), ("q5", ["x"])), "q4", "Answer.OutOfScale");
        Check(Answers(("q1", ["2"]), ("q4", ["-1"]), ("q5", ["x"])), "q4", "Answer.OutOfScale");
        var dontKnow = Answers(("q1", ["2"]), ("q4", ["0"]), ("q5", ["x"]));
        Assert.Empty(AnswerRules.Validate(AnswerRules.VisibleQuestions(Conditional, dontKnow), dontKnow, Regions));
    }

    private static void Check(AnswerSet answers, string field, string key)
    {
        var errors = AnswerRules.Validate(AnswerRules.VisibleQuestions(Conditional, answers), answers, Regions);
        Assert.Contains(errors, e => e.Field == field && e.MessageKey == key);
    }

    [Fact]
    public void Every_other_type_is_checked_and_stored_in_its_place()
    {
        var d = new Definition([new Section("s1", "一", null, null,
        [
            new Question("m", QuestionTypes.Matrix, "矩阵", Required: true, MatrixRows: [new MatrixRow("r1", "甲"), new MatrixRow("r2", "乙")]),
            new Question("n", QuestionTypes.Number, "人数", Min: 0, Max: 100),
            new Question("d", QuestionTypes.Date, "日期"),
            new Question("g", QuestionTypes.Region, "地区"),
            new Question("k", QuestionTypes.Ranking, "排序", Options: Opts("甲", "乙", "丙")),
            new Question("t", QuestionTypes.ShortText, "简答"),
        ])]);
        var good = Answers(("m.r1", ["5"]), ("m.r2", ["0"]), ("n", ["４２"]), ("d", ["2024-02-29"]), ("g", ["qingta"]),
            ("k.1", ["2"]), ("k.2", ["3"]), ("k.3", ["1"]), ("t", ["好"]));
        var shown = d.Questions.ToList();
        Assert.Empty(AnswerRules.Validate(shown, good, Regions));
        var (rows, texts) = AnswerRules.ToRows(shown, good);
        Assert.Equal(
        [
            new AnswerRow("m.r1", 5, null), new AnswerRow("m.r2", 0, null), new AnswerRow("n", 0, 42m),
            new AnswerRow("k", 1, 2), new AnswerRow("k", 2, 3), new AnswerRow("k", 3, 1),
        ], rows);
        Assert.Equal([new TextRow("d", "2024-02-29"), new TextRow("g", "qingta"), new TextRow("t", "好")], texts);

        var bad = Answers(("m.r1", ["5"]), ("n", ["101"]), ("d", ["2023-02-29"]), ("g", ["beijing"]), ("k.1", ["1"]), ("k.2", ["1"]), ("t", [new string('长', 201)]));
        var keys = AnswerRules.Validate(shown, bad, Regions).ToDictionary(e => e.Field, e => e.MessageKey);
        Assert.Equal("Answer.MatrixIncomplete", keys["m"]);
        Assert.Equal("Answer.NumberOutOfRange", keys["n"]);
        Assert.Equal("Answer.NotADate", keys["d"]);
        Assert.Equal("Answer.InvalidRegion", keys["g"]);
        Assert.Equal("Answer.RankingInvalid", keys["k"]);
        Assert.Equal("Answer.TextTooLong", keys["t"]);
    }

    [Fact]
    public void Fields_of_questions_not_in_the_version_are_found()
    {
        var answers = Answers(("q1", ["1"]), ("q99", ["1"]), ("q2.other", ["x"]));
        Assert.Equal(["q99"], AnswerRules.UnknownFields(Conditional, answers));
    }

    [Fact]
    public void Definitions_with_forward_or_broken_conditions_do_not_publish()
    {
        var forward = new Definition([new Section("s1", "一", null, null,
        [
            new Question("q1", QuestionTypes.Single, "甲", ShowIf: new Condition("q2", "equals", "1"), Options: Opts("是", "否")),
            new Question("q2", QuestionTypes.Single, "乙", Options: Opts("是", "否")),
            new Question("q3", QuestionTypes.Single, "丙", ShowIf: new Condition("q2", "equals", "7"), Options: Opts("是", "否")),
            new Question("q4", QuestionTypes.Likert, "丁", Criterion: "cost_benefit"),
            new Question("q5", QuestionTypes.Single, "戊", Options: Opts("只有一个")),
        ])]);
        var errors = DefinitionRules.Validate(forward, "normative_document").Select(e => (e.Field, e.MessageKey)).ToList();
        Assert.Contains(("q1", "Definition.ConditionSource"), errors);
        Assert.Contains(("q3", "Definition.ConditionValue"), errors);
        Assert.Contains(("q4", "Definition.BadCriterion"), errors);
        Assert.Contains(("q5", "Definition.TooFewOptions"), errors);
        Assert.Empty(DefinitionRules.Validate(Conditional, "normative_document"));
    }
}
