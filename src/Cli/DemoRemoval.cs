using Dapper;
using Evaluation.Shared.Data;
using Npgsql;

namespace Evaluation.Cli;

/// <summary>
/// `evaluation remove-demo`: before real use, removes every demo row — the decisions marked is_demo and everything
/// hanging off them (consultations, opinions and their sources, codings, dispositions, exclusions, questionnaires with
/// their versions, responses and answers, projects with their team, plans, methods, reports, reviews, decisions,
/// follow-ups and publications, plan items, information items, attachments) and the demo staff accounts — in one
/// transaction. Real data stays; the audit log stays (it is append-only) and gets one row for the removal, which is
/// also the marker that keeps `seed-demo` from loading the demo again.
/// </summary>
public static class DemoRemoval
{
    public const string Entity = "demo_data";

    public sealed record Removed(int Decisions, int Consultations, int Opinions, int Responses, int Projects, int Accounts, int AccountsKept);

    /// <summary>True once the demo was removed from this database (seed-demo then loads nothing).</summary>
    public static Task<bool> WasRemovedAsync(NpgsqlConnection conn, NpgsqlTransaction? tx = null) =>
        conn.ExecuteScalarAsync<bool>("select exists (select 1 from audit_log where action = @RemoveDemo and entity = @Entity)",
            new { AuditActions.RemoveDemo, Entity }, tx);

    public static async Task<Removed> RemoveAsync(NpgsqlDataSource db)
    {
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        // Against a seed-demo running at the same time (each of its steps takes one of these locks).
        foreach (var step in new[] { "evaluation.demo_project", "evaluation.demo_results", "evaluation.demo_history" })
            await conn.ExecuteAsync("select pg_advisory_xact_lock(hashtext(@step))", new { step }, tx);
        var counts = await conn.QuerySingleAsync<(int Decisions, int Consultations, int Opinions, int Responses, int Projects)>(
            """
            select (select count(*) from decision where is_demo)::int,
                   (select count(*) from consultation where decision_id in (select id from decision where is_demo))::int,
                   (select count(*) from opinion o join consultation c on c.id = o.consultation_id join decision d on d.id = c.decision_id where d.is_demo)::int,
                   (select count(*) from response r join questionnaire q on q.id = r.questionnaire_id join consultation c on c.id = q.consultation_id
                    join decision d on d.id = c.decision_id where d.is_demo)::int,
                   (select count(*) from evaluation_project p join decision d on d.id = p.decision_id where d.is_demo)::int
            """, transaction: tx);
        await conn.ExecuteAsync(Sql, transaction: tx);
        var accounts = await conn.QueryAsync<(long Id, bool Audited)>(
            """
            select s.id, exists (select 1 from audit_log a where a.actor_id = s.id)
            from staff_user s where lower(s.user_name) = any(@names)
            """, new { names = DemoAccounts.UserNames }, tx);
        // An account named in the audit log stays (the log is append-only), inactive and unable to sign in as it was made.
        var deleted = await conn.ExecuteAsync("delete from staff_user where id = any(@ids)",
            new { ids = accounts.Where(a => !a.Audited).Select(a => a.Id).ToArray() }, tx);
        var removed = new Removed(counts.Decisions, counts.Consultations, counts.Opinions, counts.Responses, counts.Projects, deleted,
            accounts.Count(a => a.Audited));
        await conn.WriteAsync(tx, new Audit.Actor(null, "system"), AuditActions.RemoveDemo, Entity, null, after: removed);
        await tx.CommitAsync();
        return removed;
    }

    // Children before parents; every table that references a decision, a consultation, or anything hanging off them.
    private const string Sql =
        """
        create temp table demo_d on commit drop as select id from decision where is_demo;
        create temp table demo_c on commit drop as select id from consultation where decision_id in (select id from demo_d);
        create temp table demo_o on commit drop as select id from opinion where consultation_id in (select id from demo_c);
        create temp table demo_q on commit drop as select id from questionnaire where consultation_id in (select id from demo_c);
        create temp table demo_v on commit drop as select id from questionnaire_version where questionnaire_id in (select id from demo_q);
        create temp table demo_r on commit drop as select id from response where questionnaire_id in (select id from demo_q);
        create temp table demo_p on commit drop as select id from evaluation_project where decision_id in (select id from demo_d);
        create temp table demo_rv on commit drop as select id from report_version where project_id in (select id from demo_p);
        create temp table demo_m on commit drop as
            select id from inbound_mail where consultation_id in (select id from demo_c) or opinion_id in (select id from demo_o);
        create temp table demo_a on commit drop as
            select attachment_id as id from opinion_attachment where opinion_id in (select id from demo_o)
            union select attachment_id from project_attachment where project_id in (select id from demo_p)
            union select u.attachment_id from follow_up_update u join follow_up_action a on a.id = u.action_id
                  where a.project_id in (select id from demo_p) and u.attachment_id is not null
            union select x.attachment_id from information_item_attachment x join information_item i on i.id = x.information_item_id
                  where i.decision_id in (select id from demo_d)
            union select attachment_id from inbound_mail_attachment where inbound_mail_id in (select id from demo_m);

        delete from results_draft_opinion where draft_id in (select id from results_draft where project_id in (select id from demo_p));
        delete from results_draft where project_id in (select id from demo_p);
        delete from results_publication where project_id in (select id from demo_p);
        delete from follow_up_update where action_id in (select id from follow_up_action where project_id in (select id from demo_p));
        delete from follow_up_action where project_id in (select id from demo_p);
        delete from executive_decision where project_id in (select id from demo_p);
        delete from legality_change where review_id in (select id from legality_review where project_id in (select id from demo_p));
        delete from legality_review where project_id in (select id from demo_p);
        delete from report_expert_review where report_version_id in (select id from demo_rv);
        delete from report_recommendation where report_version_id in (select id from demo_rv);
        delete from report_version where id in (select id from demo_rv);
        delete from evidence_finding where project_id in (select id from demo_p);
        delete from project_cost_benefit where project_id in (select id from demo_p);
        delete from project_attachment where project_id in (select id from demo_p);
        delete from data_request where project_id in (select id from demo_p);
        delete from project_method where project_id in (select id from demo_p);
        delete from project_plan_version where project_id in (select id from demo_p);
        delete from project_member where project_id in (select id from demo_p);
        delete from project_consultation where project_id in (select id from demo_p) or consultation_id in (select id from demo_c);
        delete from evaluation_project where id in (select id from demo_p);
        delete from annual_plan_item where decision_id in (select id from demo_d);
        delete from evaluation_necessity where decision_id in (select id from demo_d);
        delete from information_item_attachment where information_item_id in (select id from information_item where decision_id in (select id from demo_d));
        delete from information_item where decision_id in (select id from demo_d);
        delete from information_import where decision_id in (select id from demo_d);

        delete from outbox_mail where opinion_id in (select id from demo_o) or inbound_mail_id in (select id from demo_m);
        delete from inbound_mail_attachment where inbound_mail_id in (select id from demo_m);
        delete from inbound_mail where id in (select id from demo_m);
        delete from opinion_disposition where opinion_id in (select id from demo_o);
        delete from opinion_suggestion where opinion_id in (select id from demo_o);
        delete from opinion_coding where opinion_id in (select id from demo_o);
        delete from opinion_text_feature where opinion_id in (select id from demo_o);
        delete from opinion_source where opinion_id in (select id from demo_o);
        delete from opinion_attachment where opinion_id in (select id from demo_o);
        delete from analysis_exclusion where consultation_id in (select id from demo_c)
            or opinion_id in (select id from demo_o) or response_id in (select id from demo_r);
        delete from opinion where id in (select id from demo_o);

        delete from response_draft where questionnaire_id in (select id from demo_q);
        delete from answer_text where response_id in (select id from demo_r);
        delete from answer where response_id in (select id from demo_r);
        delete from response where id in (select id from demo_r);
        delete from questionnaire_invitation where questionnaire_id in (select id from demo_q);
        delete from questionnaire_enterprise_code where questionnaire_id in (select id from demo_q);
        update questionnaire set current_version_id = null where id in (select id from demo_q);
        delete from question_option where question_id in (select id from question where version_id in (select id from demo_v));
        delete from question_item where version_id in (select id from demo_v);
        delete from question where version_id in (select id from demo_v);
        delete from questionnaire_version where id in (select id from demo_v);
        delete from questionnaire where id in (select id from demo_q);

        delete from findings_cache where consultation_id in (select id from demo_c);
        delete from consultation where id in (select id from demo_c);
        delete from decision where id in (select id from demo_d);
        delete from attachment where id in (select id from demo_a);
        -- This year's plan, when the demo made it and it holds nothing else: a draft without items.
        delete from annual_plan p where p.state = 'draft' and not exists (select 1 from annual_plan_item i where i.plan_id = p.id)
            and not exists (select 1 from audit_log a where a.entity = 'annual_plan' and a.entity_id = p.id::text);

        -- The intake chain (append-only, 0410) held the demo's opinions and responses: before real use it starts
        -- anew. Its links and published day heads go (only the owner running this command can lift the triggers), and
        -- every remaining opinion and response waits to be chained again, in the order received.
        delete from intake_chain_pending where (kind = 'opinion' and row_id in (select id from demo_o))
            or (kind = 'response' and row_id in (select id from demo_r));
        do $$
        begin
            if exists (select 1 from intake_chain c where (c.kind = 'opinion' and c.row_id in (select id from demo_o))
                    or (c.kind = 'response' and c.row_id in (select id from demo_r))) then
                alter table intake_chain disable trigger intake_chain_no_truncate;
                alter table intake_chain_day disable trigger intake_chain_day_no_truncate;
                truncate intake_chain, intake_chain_day;
                alter table intake_chain enable trigger intake_chain_no_truncate;
                alter table intake_chain_day enable trigger intake_chain_day_no_truncate;
                delete from intake_chain_pending;
                insert into intake_chain_pending (kind, row_id, queued_at)
                select kind, id, at from (
                    select 'opinion' as kind, id, created_at as at from opinion
                    union all
                    select 'response', id, coalesce(amended_at, submitted_at) from response) rows
                order by at, kind, id;
            end if;
        end
        $$;
        """;
}
