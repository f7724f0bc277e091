using System.Text.Json;
using Dapper;
using Evaluation.Analysis;
using Evaluation.Analysis.Reports;
using Evaluation.Shared.Data;
using Evaluation.Shared.Privacy;
using Evaluation.Shared.Projects;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Results;
using Npgsql;

namespace Evaluation.Cli;

/// <summary>
/// The second demo project (db/demo/0006): the evaluation of the old-residential-area renovation plan, finished from
/// end to end, so that a newcomer sees public results on the first run (Art. 7, 20-33). Its opinions are coded and
/// answered with dispositions, the preliminary conclusions come from the findings, the report was reviewed by an expert,
/// finalized, passed the legality review with changes, the executive meeting decided to adjust the plan, one follow-up
/// action is done and one open, and the results are published. Everything is written as the pages would write it
/// (audit rows included); the authors are demo accounts that cannot sign in. Created once.
/// </summary>
public static class DemoResults
{
    /// <summary>Art. 24: the justice bureau's changes to the demo report and how the agency answered them in version 2.</summary>
    private static readonly (string Change, string Note)[] Changes =
    [
        ("第三部分关于资金公示的建议应注明依据《政府信息公开条例》。", "第2版“依据”部分已注明《中华人民共和国政府信息公开条例》第二十条。"),
        ("后续落实事项应明确牵头部门和完成时限。", "第2版第二项建议已写明由市住房和城乡建设局牵头，三个月内提出修订稿。"),
    ];

    public const string DecisionTitle = "任丘市城镇老旧小区改造工作实施方案";

    // The coded standard (Art. 25 items) and the disposition of each demo opinion, by its receipt number's sequence.
    private static readonly (string Criterion, string Disposition, string Reason)[] Answers =
    [
        ("purpose_achieved", Dispositions.Noted, "改造效果已在评估报告第一部分反映，雨污分流将在后续改造中继续实施。"),
        ("negative_effects", Dispositions.Adopted, "已建议出台加装电梯费用分摊指导标准，列为后续落实事项。"),
        ("acceptance", Dispositions.PartlyAdopted, "新改造小区将同步规划停车设施；已完工小区按条件逐步补建。"),
        ("acceptance", Dispositions.PartlyAdopted, "新改造小区将同步规划停车设施；已完工小区按条件逐步补建。"),
        ("acceptance", Dispositions.PartlyAdopted, "新改造小区将同步规划停车设施；已完工小区按条件逐步补建。"),
        ("acceptance", Dispositions.PartlyAdopted, "新改造小区将同步规划停车设施；已完工小区按条件逐步补建。"),
        ("negative_effects", Dispositions.Adopted, "已要求施工单位严格执行夜间施工审批，住建局加强巡查。"),
        ("cost_benefit", Dispositions.Adopted, "调整后的方案要求在小区公示每项工程的预算和决算。"),
        ("economic_fit", Dispositions.NotAdopted, "工期由合同约定并经论证，质量问题通过监理和验收把关，暂不统一调整。"),
        ("acceptance", Dispositions.Adopted, "调整后的方案将方案公示期延长至十五日，并由社区上门征求老年居民意见。"),
        ("purpose_achieved", Dispositions.Noted, "感谢反映，外墙保温效果已纳入评估结论。"),
        ("near_and_long_term", Dispositions.OutOfScope, "乡镇住宅不属于本方案的改造范围，已转市住房和城乡建设局研究。"),
        ("near_and_long_term", Dispositions.OutOfScope, "开发区职工宿舍不属于本方案的改造范围，已转开发区管委会研究。"),
        ("lessons", Dispositions.Adopted, "调整后的方案明确改造完成后由社区和物业共同承担绿化管护责任。"),
        ("negative_effects", Dispositions.Noted, "补偿问题已转所在街道办事处核实处理。"),
        ("negative_effects", Dispositions.PartlyAdopted, "后续改造项目将按需增设充电设施，楼道充电问题由消防部门专项整治。"),
        ("purpose_achieved", Dispositions.Noted, "感谢肯定。"),
        ("acceptance", Dispositions.Adopted, "调整后的方案要求工程验收邀请业主代表参加并签字确认。"),
        ("cost_benefit", Dispositions.Adopted, "已建立管线单位统筹施工机制，列为后续落实事项。"),
        ("lessons", Dispositions.PartlyAdopted, "长效管护资金机制正在研究，先行明确维修资金的使用程序。"),
        ("lessons", Dispositions.Noted, "专业化物业管理已在部分小区试点。"),
        ("negative_effects", Dispositions.Noted, "工期延误情况已纳入评估报告，今后项目按计划完成情况纳入考核。"),
    ];

    /// <summary>Builds the finished demo evaluation once; false when it exists or its decision is not loaded.</summary>
    public static async Task<bool> EnsureAsync(NpgsqlDataSource db, PersonalData personalData, FindingsOptions options, TimeProvider clock)
    {
        var texts = Texts.Localizer();
        var now = clock.GetUtcNow().UtcDateTime;
        long project;
        await using (var conn = await db.OpenConnectionAsync())
        {
            await using var tx = await conn.BeginTransactionAsync();
            await conn.ExecuteAsync("select pg_advisory_xact_lock(hashtext('evaluation.demo_results'))", transaction: tx);
            var decision = await conn.ExecuteScalarAsync<long?>(
                "select id from decision where is_demo and title = @DecisionTitle", new { DecisionTitle }, tx);
            if (decision is null || await conn.ExecuteScalarAsync<bool>(
                    "select exists (select 1 from evaluation_project where decision_id = @decision)", new { decision }, tx))
                return false;
            project = await CreateProjectAsync(conn, tx, decision.Value, personalData, now);
            await tx.CommitAsync();
        }

        // Art. 19(3): the preliminary conclusions come from the findings of the coded opinions, as the page generates them.
        var findings = await FindingsStore.GetAsync(db, FindingsScope.Project(project), options, clock)
                       ?? throw new InvalidOperationException("no findings for the demo project");
        await using (var conn = await db.OpenConnectionAsync())
        {
            await using var tx = await conn.BeginTransactionAsync();
            var staff = await DemoAccounts.EnsureAsync(conn, tx);
            // Art. 16, 19(3), 27: the conclusions rest on the survey, the coded opinions and the other methods' findings;
            // the team judged three items on the evidence it names.
            var generated = ConclusionSnapshot.Of(findings, await ConclusionEvidence.FindingsAsync(conn, project, tx),
                await ConclusionEvidence.OpinionsAsync(conn, findings, tx));
            var conclusions = JsonSerializer.Serialize(Judge(generated, now.AddDays(-75).AddHours(2)));
            await conn.ExecuteAsync(
                """
                update evaluation_project set preliminary_conclusions = @json::jsonb, conclusions_generated_at = @generated,
                       conclusions_reviewed_by = @evaluator, conclusions_reviewed_at = @reviewed,
                       conclusions_review_note = '已逐项核对意见编码和引文，结论与证据一致。'
                where id = @project
                """, new { project, json = conclusions, generated = now.AddDays(-75), reviewed = now.AddDays(-74), staff.Evaluator }, tx);
            // The demo walks the stage machine as the pages do (their preconditions are the data written here).
            var actor = new Audit.Actor(null, DemoAccounts.EvaluatorName);
            await conn.MoveAsync(tx, Transitions.Find(Acts.Advance, Stages.Implementation)!, project, actor, now.AddDays(-74));

            // Art. 20, 21, 28: the report, drafted from the data, its prose as the evaluators wrote it, reviewed by the
            // expert of the team, finalized.
            var data = await ReportFigures.LoadAsync(db, project, conclusions, options, clock);
            var figures = ReportFigures.Compute(data, texts);
            var parts = ReportFigures.Draft(data, ReportForms.OtherMatter, texts);
            foreach (var (part, prose) in Prose) parts[part] = parts.GetValueOrDefault(part, "") + "\n\n" + prose;
            var housing = await conn.ExecuteScalarAsync<long>("select id from department where name = '任丘市住房和城乡建设局'", transaction: tx);
            var (version, _) = await conn.InsertAsync(tx, project, ReportForms.OtherMatter, parts, figures,
            [
                new ReportRecommendation(1, Outcomes.Continue, "改造工作总体达到预期目的，居民满意度较高，建议继续实施。", null, null),
                new ReportRecommendation(2, Outcomes.Adjust, "明确加装电梯费用分摊、工程验收居民参与、资金公示和长效管护等内容。", housing, null),
            ], staff.Evaluator, now.AddDays(-70));
            var saved = (await conn.VersionsAsync(project, tx)).Single(v => v.Id == version);
            await conn.ExecuteAsync(
                "update report_version set finalized_by = @Evaluator, finalized_at = @at, content_hash = @hash where id = @version",
                new { staff.Evaluator, at = now.AddDays(-60), version, hash = ReportContent.Hash(saved, await conn.RecommendationsAsync(version, tx)) }, tx);
            await conn.ExecuteAsync(
                """
                insert into report_expert_review (report_version_id, project_member_id, reviewed_on, comments, recorded_by, recorded_at)
                select @version, m.id, @on, '报告结构符合第二十八条要求，数据与征求意见结果一致；建议在“存在的问题”部分补充加装电梯费用分摊的具体情况。', @evaluator, @at
                from project_member m where m.project_id = @project and m.team_role = 'expert'
                """, new { version, project, on = DateOnly.FromDateTime(now.AddDays(-62)), at = now.AddDays(-62), staff.Evaluator }, tx);

            // Art. 24: sent to the justice bureau, passed with changes (a checklist); the agency answers them in version 2,
            // which goes to the executive meeting (Art. 29).
            var review = await conn.ExecuteScalarAsync<long>(
                """
                insert into legality_review (project_id, report_version_id, sent_by, sent_at, outcome, changes, reviewed_by, reviewed_at, reviewed_on)
                values (@project, @version, @evaluator, @sent, 'passed_with_changes', @changes, @reviewer, @reviewed, @reviewedOn)
                returning id
                """, new
                {
                    project, version, staff.Evaluator, staff.Reviewer, sent = now.AddDays(-55), reviewed = now.AddDays(-48),
                    reviewedOn = DateOnly.FromDateTime(now.AddDays(-48)), changes = string.Join('\n', Changes.Select((c, i) => $"{i + 1}. {c.Change}")),
                }, tx);
            await conn.MoveAsync(tx, Transitions.Of(Acts.Send), project, actor, now.AddDays(-55), new { review });
            await conn.ExecuteAsync(
                "insert into legality_change (review_id, position, change) select @review, p, c from unnest(@changes) with ordinality as l(c, p)",
                new { review, changes = Changes.Select(c => c.Change).ToArray() }, tx);
            await conn.WriteAsync(tx, actor, AuditActions.RecordLegalityReview, AuditEntities.EvaluationProject, project,
                new { stage = Stages.LegalityReview }, new { stage = Stages.LegalityReview, review, outcome = "passed_with_changes" });
            if (parts.ContainsKey("basis")) parts["basis"] += "\n\n资金公示依据《中华人民共和国政府信息公开条例》第二十条的规定。";
            var (revised, _) = await conn.InsertAsync(tx, project, ReportForms.OtherMatter, parts, figures,
            [
                new ReportRecommendation(1, Outcomes.Continue, "改造工作总体达到预期目的，居民满意度较高，建议继续实施。", null, null),
                new ReportRecommendation(2, Outcomes.Adjust,
                    "明确加装电梯费用分摊、工程验收居民参与、资金公示和长效管护等内容，由市住房和城乡建设局牵头，三个月内提出修订稿。", housing, null),
            ], staff.Evaluator, now.AddDays(-46));
            var revisedRow = (await conn.VersionsAsync(project, tx)).Single(v => v.Id == revised);
            await conn.ExecuteAsync(
                """
                update report_version set finalized_by = @Evaluator, finalized_at = @at, content_hash = @hash where id = @revised;
                insert into report_expert_review (report_version_id, project_member_id, reviewed_on, comments, recorded_by, recorded_at)
                select @revised, m.id, @on, '已核对修改后的版本：资金公示的依据和后续落实的牵头部门、时限均已写明。', @Evaluator, @at
                from project_member m where m.project_id = @project and m.team_role = 'expert';
                update legality_change set answered_version_id = @revised, answered_by = @Evaluator, answered_at = @answered,
                       note = case position when 1 then @note1 else @note2 end
                where review_id = @review;
                update legality_review set revised_version_id = @revised where id = @review;
                """, new
                {
                    staff.Evaluator, at = now.AddDays(-45), revised, project, review, on = DateOnly.FromDateTime(now.AddDays(-45)),
                    hash = ReportContent.Hash(revisedRow, await conn.RecommendationsAsync(revised, tx)), answered = now.AddDays(-44),
                    note1 = Changes[0].Note, note2 = Changes[1].Note,
                }, tx);
            await conn.MoveAsync(tx, Transitions.Of(Acts.Revise), project, actor, now.AddDays(-43), new { review, revised_version = revised });
            await conn.ExecuteAsync(
                """
                insert into executive_decision (project_id, legality_review_id, meeting_on, meeting_reference, outcome, details, recorded_by, recorded_at)
                values (@project, @review, @meetingOn, '市政府第42次常务会议（示例）', 'adjust',
                        '会议同意评估报告的结论：方案总体达到预期目的，继续实施；同时调整方案，明确加装电梯费用分摊、工程验收居民参与、资金公示和长效管护等内容，由市住房和城乡建设局在三个月内提出修订稿。',
                        @organizer, @recorded)
                """, new { project, review, staff.Organizer, meetingOn = DateOnly.FromDateTime(now.AddDays(-35)), recorded = now.AddDays(-34) }, tx);

            // Art. 30-33: the follow-up actions: the revision (carrying out the decision) reported done with evidence and
            // accepted by the city government office, the guidance on lift costs still open.
            var done = await conn.ExecuteScalarAsync<long>(
                """
                insert into follow_up_action (project_id, what, department_id, due_on, status, carries_decision, decided_by, created_by, created_at, finished_at)
                values (@project, '修订《任丘市城镇老旧小区改造工作实施方案》，增加资金公示、验收居民参与和长效管护的规定', @housing, @due, 'done', true, @organizer, @organizer, @created, @finished)
                returning id
                """, new { project, housing, staff.Organizer, due = DateOnly.FromDateTime(now.AddDays(55)), created = now.AddDays(-34), finished = now.AddDays(-6) }, tx);
            await conn.ExecuteAsync(
                """
                insert into follow_up_update (action_id, status, act, note, updated_by, updated_at)
                values (@done, 'in_progress', 'progress', '修订稿已起草，正在征求街道办事处和社区意见。', @evaluator, @started),
                       (@done, 'reported', 'report', '修订后的方案已经市政府办公室印发（任政办发〔2026〕3号，示例）。', @evaluator, @reported),
                       (@done, 'done', 'accept', '经核查，修订后的方案已印发施行。', @organizer, @finished);
                insert into follow_up_action (project_id, what, department_id, due_on, status, created_by, created_at)
                values (@project, '制定加装电梯费用分摊指导标准', @housing, @due, 'open', @organizer, @created);
                """, new
                {
                    done, project, housing, staff.Evaluator, staff.Organizer, started = now.AddDays(-20), reported = now.AddDays(-8), finished = now.AddDays(-6),
                    due = DateOnly.FromDateTime(now.AddDays(85)), created = now.AddDays(-34),
                }, tx);
            await conn.MoveAsync(tx, Transitions.Of(Acts.Decide), project, actor, now.AddDays(-34));

            // "You said, we did": a disposition for every opinion, its text redacted for publication.
            var opinions = (await conn.QueryAsync<(long Id, string Receipt, string Body)>(
                """
                select o.id, o.receipt_number, o.body from opinion o join project_consultation pc on pc.consultation_id = o.consultation_id
                where pc.project_id = @project order by o.receipt_number
                """, new { project }, tx)).ToList();
            foreach (var (o, i) in opinions.Select((o, i) => (o, i)).Where(x => x.i < Answers.Length))
                await conn.ExecuteAsync(
                    """
                    insert into opinion_disposition (opinion_id, disposition, reason, redacted_body, set_by, set_at)
                    values (@Id, @Disposition, @Reason, @Redacted, @evaluator, @at)
                    """, new { o.Id, Answers[i].Disposition, Answers[i].Reason, Redacted = Redaction.Redact(o.Body), staff.Evaluator, at = now.AddDays(-30) }, tx);
            await conn.WriteAsync(tx, new Audit.Actor(null, DemoAccounts.EvaluatorName), AuditActions.Create, AuditEntities.EvaluationProject, project,
                after: new { demo = true, finished = true });
            await tx.CommitAsync();
        }

        // Art. 7, 30: the results, published as the pages publish them: the evaluator prepares the draft and confirms each
        // opinion text, the organizer approves it.
        var published = await FindingsStore.GetAsync(db, FindingsScope.Project(project), options, clock);
        await using (var conn = await db.OpenConnectionAsync())
        {
            await using var tx = await conn.BeginTransactionAsync();
            var staff = await DemoAccounts.EnsureAsync(conn, tx);
            var (snapshot, opinionIds) = await PublicResults.BuildDraftAsync(conn, tx, project, published, options,
                "评估认为，实施方案总体**达到预期目的**，居民满意度较高。\n\n- 建议增加资金使用公示\n- 建议验收环节吸收居民代表参加");
            var prepared = now.AddDays(-29);
            var draft = await conn.ExecuteScalarAsync<long>(
                """
                insert into results_draft (project_id, snapshot, prepared_by, prepared_at) values (@project, @snapshot::jsonb, @evaluator, @prepared)
                returning id
                """, new { project, snapshot = JsonSerializer.Serialize(snapshot, PublicResults.Json), evaluator = staff.Evaluator, prepared }, tx);
            await conn.ExecuteAsync(
                """
                insert into results_draft_opinion (draft_id, position, opinion_id, confirmed_by, confirmed_at)
                select @draft, p, o, @evaluator, @prepared from unnest(@ids) with ordinality as t(o, p)
                """, new { draft, ids = opinionIds.ToArray(), evaluator = staff.Evaluator, prepared }, tx);
            var approved = now.AddDays(-28);
            var version = await PublicResults.PublishAsync(conn, tx, snapshot, staff.Organizer, approved);
            await conn.ExecuteAsync("update results_draft set approved_by = @organizer, approved_at = @approved, version = @version where id = @draft",
                new { organizer = staff.Organizer, approved, version, draft }, tx);
            await conn.WriteAsync(tx, new Audit.Actor(null, DemoAccounts.EvaluatorName), AuditActions.PrepareResults, AuditEntities.EvaluationProject, project,
                after: new { draft, texts = opinionIds.Count, demo = true });
            await conn.WriteAsync(tx, new Audit.Actor(null, DemoAccounts.UserNames[1]), AuditActions.PublishResults, AuditEntities.EvaluationProject, project,
                after: new { version, draft, demo = true });
            await tx.CommitAsync();
        }
        return true;
    }

    // The team's judgements (Art. 19(3)): the level, the reasons in words, and the evidence each rests on, by the
    // findings' statements (their ids are the database's); the figures are quoted from the snapshot.
    private static readonly (string Criterion, string Level, string Text, string[] Evidence)[] Judgements =
    [
        ("purpose_achieved", ConclusionLevels.NoConcern,
            "基础类改造任务基本完成，居民代表和问卷均认可改造效果，方案的预期目的总体达到。",
            [EvidenceKeys.Survey, "计划改造的", "居民代表"]),
        ("acceptance", ConclusionLevels.Concern,
            "居民对改造总体认可，但工程验收中居民参与不足，加装电梯和停车的诉求集中，需要在调整方案中明确验收程序。",
            [EvidenceKeys.Survey, EvidenceKeys.Opinions, "验收档案"]),
        ("negative_effects", ConclusionLevels.Concern,
            "施工扰民是改造的主要负面影响，夜间施工噪声投诉集中，需要加强施工管理和夜间施工审批。",
            [EvidenceKeys.Opinions, "12345"]),
    ];

    private static IReadOnlyList<ConclusionSnapshot> Judge(IReadOnlyList<ConclusionSnapshot> generated, DateTime at) =>
        generated.Select(c => Judgements.FirstOrDefault(j => j.Criterion == c.Criterion) is { Criterion: not null } j
            ? c with
            {
                Judgement = new Judgement(j.Level, j.Text,
                    j.Evidence.SelectMany(e => e is EvidenceKeys.Survey or EvidenceKeys.Opinions
                        ? c.EvidenceKeys().Where(k => k == e)
                        : c.Evidence.Where(f => f.Statement.Contains(e, StringComparison.Ordinal) || f.SourceTitle.Contains(e, StringComparison.Ordinal))
                            .Select(f => f.Key)).Distinct().ToList(),
                    DemoAccounts.EvaluatorName, at),
            }
            : c).ToList();

    // What the evaluators wrote after the generated text of each part (Art. 28).
    private static readonly (string Part, string Prose)[] Prose =
    [
        (ReportParts.OverallEvaluation, "总体看，方案确定的基础类改造任务已基本完成，管网、道路和照明条件明显改善，居民对改造效果总体认可；完善类设施（加装电梯、停车、充电）仍是居民最集中的诉求。"),
        (ReportParts.Basis, "评价依据为意见征集结果、座谈会和实地调研记录以及方案实施前的小区档案，具体数据见上文和附件。"),
        (ReportParts.ProblemsAndRemedies, "主要问题：加装电梯费用分摊缺少统一标准；资金使用未公示；居民参与验收不足；改造后缺少管护主体；管线单位施工不统筹。建议逐项明确，并列入后续落实事项。"),
        (ReportParts.Recommendation, "建议继续实施方案，同时调整有关内容：明确费用分摊指导标准、资金公示、验收居民参与和长效管护机制。"),
    ];

    // How the residents answered each item, as weights of the points 1 (disagree strongly) to 5 (agree strongly);
    // q8/q9 are the satisfaction before and after the renovation.
    private static readonly Dictionary<string, int[]> Leanings = new()
    {
        ["q1"] = [2, 4, 10, 40, 44], ["q2"] = [4, 10, 22, 40, 24], ["q3"] = [10, 24, 26, 28, 12], ["q4"] = [3, 7, 16, 44, 30],
        ["q5"] = [2, 6, 24, 46, 22], ["q6"] = [8, 20, 32, 28, 12], ["q7"] = [2, 5, 18, 45, 30],
        ["q8"] = [30, 40, 18, 9, 3], ["q9"] = [3, 6, 17, 46, 28],
    };

    private static readonly string[] Districts = ["xinhualu", "xihuanlu", "yongfenglu", "chengqu", "chuan", "mozhou", "gougezhuang"];

    /// <summary>The questionnaire's answers: 96 residents of the renovated areas, drawn from a fixed seed (the same
    /// demo every time), submitted while the consultation was open.</summary>
    private static async Task AddResponsesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long decision, DateTime now)
    {
        var questionnaire = await conn.QuerySingleOrDefaultAsync<(long Id, long? Version, long Consultation)?>(
            """
            select q.id, q.current_version_id, q.consultation_id from questionnaire q join consultation c on c.id = q.consultation_id
            where c.decision_id = @decision and c.kind = 'window'
            """, new { decision }, tx);
        if (questionnaire is not { Version: { } version } q) return;
        var items = (await conn.QueryAsync<(string Key, long Id)>("select key, id from question_item where version_id = @version", new { version }, tx))
            .ToDictionary(i => i.Key, i => i.Id);
        var random = new Random(20231);
        for (var n = 0; n < 96; n++)
        {
            var id = await conn.ExecuteScalarAsync<long>(
                """
                insert into response (questionnaire_id, version_id, receipt_number, respondent_type, region_code, submitted_at)
                values (@Id, @version, @receipt, @type, @region, @at) returning id
                """, new
                {
                    q.Id, version, receipt = Shared.Respondents.Receipt.NewNumber(), type = n % 12 == 0 ? "organization" : "citizen",
                    region = Districts[random.Next(Districts.Length)], at = now.AddDays(-199).AddHours(n * 3 + random.Next(3)),
                }, tx);
            foreach (var (key, weights) in Leanings)
                if (items.TryGetValue(key, out var item))
                    await conn.ExecuteAsync("insert into answer (response_id, item_id, code) values (@id, @item, @point)",
                        new { id, item, point = (short)Draw(random, weights) }, tx);
        }
        await conn.ExecuteAsync("update consultation set data_version = data_version + 1 where id = @Consultation", new { q.Consultation }, tx);
    }

    private static int Draw(Random random, int[] weights)
    {
        var x = random.Next(weights.Sum());
        for (var i = 0; i < weights.Length; i++)
            if ((x -= weights[i]) < 0) return i + 1;
        return weights.Length;
    }

    /// <summary>
    /// The evidence besides the survey (Art. 16, 27): a case-file review of 30 completed areas' acceptance files, the
    /// finance bureau's answer on the funds, a 12345 hotline summary dated after the plan took effect but before the
    /// project was planned (evidence of the implementation period, Art. 19(1)), and the findings of each, with the
    /// symposium's.
    /// </summary>
    private static async Task AddEvidenceAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long project, long decision, long evaluator, DateTime now)
    {
        var finance = await conn.ExecuteScalarAsync<long>("select id from department where name = '任丘市财政局'", transaction: tx);
        var review = await conn.ExecuteScalarAsync<long>(
            """
            insert into project_method (project_id, method, held_on, place, participant_count, participant_kinds, period, summary, recorded_by, recorded_at)
            values (@project, 'case_file_review', @on, '市住房和城乡建设局档案室', 3, '评估组成员',
                    'after', '抽查2023年以来已完工的30个改造小区的工程验收档案，核对居民参与验收、资金公示和管护移交记录。', @evaluator, @at)
            returning id
            """, new { project, evaluator, on = DateOnly.FromDateTime(now.AddDays(-115)), at = now.AddDays(-115) }, tx);
        var symposium = await conn.ExecuteScalarAsync<long>(
            "select id from project_method where project_id = @project and method = 'symposium'", new { project }, tx);
        var request = await conn.ExecuteScalarAsync<long>(
            """
            insert into data_request (project_id, department_id, subject, details, due_on, requested_by, requested_at, answer, answered_by, answered_at)
            values (@project, @finance, '老旧小区改造资金和项目完成情况',
                    '请提供2023年以来老旧小区改造的计划项目数、完工项目数和资金拨付情况。', @due, @evaluator, @asked,
                    '2023年以来计划改造老旧小区56个，已完工52个，其余4个因管线迁改延期；拨付改造资金1.18亿元（示例）。', @evaluator, @answered)
            returning id
            """, new
            {
                project, finance, evaluator, due = DateOnly.FromDateTime(now.AddDays(-130)), asked = now.AddDays(-145), answered = now.AddDays(-132),
            }, tx);
        // Dated after the plan took effect and before the project's planned start: it counts (Art. 19(1)).
        var hotline = await conn.ExecuteScalarAsync<long>(
            """
            insert into information_item (decision_id, kind, title, source, occurred_on, body, criterion, confidentiality, created_by, created_at)
            values (@decision, 'hotline_complaint', '12345热线：老旧小区改造投诉汇总（2024年）', '任丘市12345政务服务便民热线',
                    @on, '2024年受理老旧小区改造相关投诉47件，其中夜间施工噪声21件、停车11件、工期延误9件、其他6件；均已转办。',
                    'negative_effects', 'internal', @evaluator, @at)
            returning id
            """, new { decision, evaluator, on = DateOnly.FromDateTime(now.AddDays(-170)), at = now.AddDays(-150) }, tx);
        var findings = new (long? Method, long? Request, long? Item, string Statement, string Direction, int? Part, int? Whole, string[] Criteria)[]
        {
            (symposium, null, null, "发言的4名居民代表中，3人认为改造后居住和出行条件明显改善。", "supports", 3, 4, ["purpose_achieved", "acceptance"]),
            (review, null, null, "抽查的30个小区验收档案中，12个没有业主代表参加验收并签字确认的记录。", "concern", 12, 30, ["acceptance", "lessons"]),
            (null, request, null, "计划改造的56个小区中已完工52个，其余因管线迁改延期。", "supports", 52, 56, ["purpose_achieved"]),
            (null, null, hotline, "12345热线受理的改造相关投诉中，夜间施工噪声最多。", "concern", 21, 47, ["negative_effects"]),
        };
        foreach (var f in findings)
        {
            var id = await conn.ExecuteScalarAsync<long>(
                """
                insert into evidence_finding (project_id, method_id, data_request_id, information_item_id, statement, direction, numerator, denominator,
                                              recorded_by, recorded_at)
                values (@project, @Method, @Request, @Item, @Statement, @Direction, @Part, @Whole, @evaluator, @at)
                returning id
                """, new { project, f.Method, f.Request, f.Item, f.Statement, f.Direction, f.Part, f.Whole, evaluator, at = now.AddDays(-90) }, tx);
            await conn.ExecuteAsync("insert into evidence_finding_criterion (finding_id, criterion) select @id, unnest(@Criteria)",
                new { id, f.Criteria }, tx);
        }
    }

    /// <summary>Art. 25(2): the cost-benefit table of the finished project, from the finance bureau's answer and the
    /// housing bureau's estimates (every figure marked 示例).</summary>
    private static async Task AddCostBenefitAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long project, long evaluator, DateTime now)
    {
        var rows = new (string Kind, string Item, decimal Amount, string Source)[]
        {
            ("cost", "老旧小区改造财政资金（示例）", 118_000_000m, "任丘市财政局数据请求答复"),
            ("cost", "改造后三年的管护经费（示例）", 6_300_000m, "市住房和城乡建设局测算"),
            ("benefit", "管网漏损和积水抢修费用的减少（示例）", 21_500_000m, "市住房和城乡建设局、供水公司测算"),
            ("benefit", "52个完工小区住房价值的增加（示例）", 156_000_000m, "第三方评估机构按成交价测算"),
        };
        foreach (var r in rows)
            await conn.ExecuteAsync(
                """
                insert into project_cost_benefit (project_id, kind, item, amount, period_text, source, recorded_by, recorded_at)
                values (@project, @Kind, @Item, @Amount, '2023年4月至2026年3月', @Source, @evaluator, @at)
                """, new { project, r.Kind, r.Item, r.Amount, r.Source, evaluator, at = now.AddDays(-88) }, tx);
    }

    private static async Task<long> CreateProjectAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long decision, PersonalData personalData, DateTime now)
    {
        var staff = await DemoAccounts.EnsureAsync(conn, tx);
        var housing = await conn.ExecuteScalarAsync<long>("select id from department where name = '任丘市住房和城乡建设局'", transaction: tx);
        var project = await conn.ExecuteScalarAsync<long>(
            """
            insert into evaluation_project (decision_id, title, procedure, scope, agency_department_id, survey_outline, stage,
                                            stage_changed_at, created_by, created_at)
            values (@decision, '《任丘市城镇老旧小区改造工作实施方案》实施效果评估', 'standard', 'whole', @housing,
                    '一、改造内容是否达到预期；二、资金使用和公示；三、居民参与；四、施工管理；五、长效管理。',
                    @stage, @started, @Evaluator, @created)
            returning id
            """, new { decision, housing, staff.Evaluator, created = now.AddDays(-160), started = now.AddDays(-150), stage = Stages.Implementation }, tx);
        await conn.ExecuteAsync(
            """
            insert into project_consultation (project_id, consultation_id)
            select @project, id from consultation where decision_id = @decision and kind = 'window';
            insert into project_member (project_id, staff_user_id, member_kind, team_role) values (@project, @Evaluator, 'staff', 'leader');
            insert into project_member (project_id, member_kind, team_role, name, affiliation)
            values (@project, 'industry_expert', 'expert', @expert, '河北某建筑设计研究院（示例）');
            insert into project_plan_version (project_id, number, purpose, object_and_content, standards_and_methods, steps_and_schedule,
                                              starts_on, ends_on, budget, organization, saved_by, saved_at)
            values (@project, 1, '检验老旧小区改造工作的实施效果、效率和效益，为调整方案提供依据。',
                    '方案全文及2023年以来的改造项目。', '按第二十五条评估其他决策事项；采用网上征求意见、座谈会、实地调研和案卷评查（简易程序，第二十三条）。',
                    '实施阶段两个月；结论形成阶段一个月。', @starts, @ends, '评估工作经费 2 万元（示例）', '市住房和城乡建设局组织，邀请建筑行业专家参加。',
                    @Evaluator, @created);
            insert into project_method (project_id, method, held_on, place, participant_count, participant_kinds, period, summary, recorded_by, recorded_at)
            values (@project, 'case_file_review', @reviewOn, '市住房和城乡建设局', 2, '评估组成员', 'before',
                    '查阅方案实施前的小区档案：管网老化、无障碍设施缺失、停车无序，居民投诉集中在漏水和积水。', @Evaluator, @created),
                   (@project, 'field_research', @fieldOn, '新华路街道、永丰路街道的六个已改造小区', 9, '评估组成员、社区干部、居民代表', 'after',
                    '改造后雨污分流和道路照明效果明显；加装电梯和停车位仍是居民最集中的诉求；部分小区缺少改造后的管护主体。', @Evaluator, @created),
                   (@project, 'symposium', @symposiumOn, '市住房和城乡建设局会议室', 12, '街道办事处、社区居委会、物业企业、施工企业、居民代表', 'after',
                    '与会代表肯定改造成效，建议明确费用分摊和验收程序，建立长效管护资金机制。', @Evaluator, @created);
            """, new
            {
                project, decision, staff.Evaluator, created = now.AddDays(-150), expert = personalData.Protect("赵工程师（示例）"),
                starts = DateOnly.FromDateTime(now.AddDays(-150)), ends = DateOnly.FromDateTime(now.AddDays(-60)),
                reviewOn = DateOnly.FromDateTime(now.AddDays(-140)), fieldOn = DateOnly.FromDateTime(now.AddDays(-120)),
                symposiumOn = DateOnly.FromDateTime(now.AddDays(-110)),
            }, tx);
        await AddEvidenceAsync(conn, tx, project, decision, staff.Evaluator, now);
        await AddCostBenefitAsync(conn, tx, project, staff.Evaluator, now);
        await AddResponsesAsync(conn, tx, decision, now);
        // Coding (编码): the standard of each opinion, confirmed by the evaluator (Art. 25 items).
        var opinions = (await conn.QueryAsync<long>(
            """
            select o.id from opinion o join consultation c on c.id = o.consultation_id
            where c.decision_id = @decision and c.kind = 'window' order by o.receipt_number
            """, new { decision }, tx)).ToList();
        foreach (var (id, i) in opinions.Select((id, i) => (id, i)).Where(x => x.i < Answers.Length))
            await conn.ExecuteAsync(
                "insert into opinion_coding (opinion_id, criterion, coded_by, coded_at) values (@id, @criterion, @Evaluator, @at)",
                new { id, criterion = Answers[i].Criterion, staff.Evaluator, at = now.AddDays(-100) }, tx);
        return project;
    }
}
