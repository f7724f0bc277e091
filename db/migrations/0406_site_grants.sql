-- What each site may do (issue 13, least privilege). Nothing is granted to PUBLIC; a table not named here is out
-- of a site's reach. Every later script that adds a table grants on it in the same place (the tables of the
-- 0600 block, written before this one but numbered after it, get theirs in 0605).
-- No site may change or remove audit rows (select and insert only), alter a table, or disable its triggers (only
-- the owner may, and only migrations connect as the owner).
revoke create on schema public from public;

-- The public site: reads what it publishes, takes opinions, questionnaire answers and drafts, the feedback of a
-- decision in force, and the receipt e-mail it queues. It reads no staff table, no report, no review, no mail.
grant select on decision, department, region, criterion, criterion_keyword, consultation, project_consultation, evaluation_project,
    questionnaire, questionnaire_version, question, question_item, question_option, questionnaire_invitation,
    opinion_disposition, results_publication, follow_up_action to evaluation_portal;
grant insert on consultation to evaluation_portal;                                  -- a decision's standing feedback,
grant update (opens_at, closes_at, title, updated_at) on consultation to evaluation_portal; -- kept to its time in force
grant update (opinion_count, data_version) on consultation to evaluation_portal;    -- intake counters
grant update (used_at) on questionnaire_invitation to evaluation_portal;
grant select, insert on opinion, attachment, opinion_attachment to evaluation_portal;
grant select, insert on response to evaluation_portal;
grant update (amended_at, region_code, enterprise_name, industry, enterprise_size, draft_hash) on response to evaluation_portal;
grant select, insert, delete on answer, answer_text to evaluation_portal;           -- an amended answer replaces them
grant select, insert, update, delete on response_draft to evaluation_portal;
grant select, insert, delete on captcha_use to evaluation_portal;                   -- spent solutions, purged after expiry
grant insert on outbox_mail to evaluation_portal;                                   -- the receipt e-mail
grant insert on audit_log to evaluation_portal;
grant select, insert on data_protection_key to evaluation_portal;

-- The mail worker: reads the mailbox into opinions, sends the outbox.
grant select on decision, department, region, consultation, questionnaire to evaluation_mail;
grant update (opinion_count, data_version) on consultation to evaluation_mail;
grant select, insert, update on inbound_mail, outbox_mail to evaluation_mail;
grant select, insert on inbound_mail_attachment, opinion, opinion_source, attachment, opinion_attachment to evaluation_mail;
grant insert on audit_log to evaluation_mail;
grant select, insert on data_protection_key to evaluation_mail;

-- The staff site (with the analysis and the retention job): the work of staff on every table, within the scopes
-- its code applies. It deletes only where the work removes a row (plan items, keyword lists, consultation links,
-- stale drafts and spent captcha rows); it never deletes an opinion, a response or an audit row.
grant select, insert, update on
    analysis_exclusion, annual_plan, annual_plan_item, answer, answer_text, answer_text_feature, api_token, attachment,
    consultation, criterion, criterion_keyword, data_request, decision, department, evaluation_necessity,
    evaluation_project, executive_decision, findings_cache, follow_up_action, follow_up_update, inbound_mail,
    inbound_mail_attachment, legality_review,
    opinion, opinion_attachment, opinion_coding, opinion_disposition, opinion_source,
    opinion_text_feature, outbox_mail, project_attachment, project_consultation, project_member, project_method,
    project_plan_version, question, question_item, question_option, questionnaire, questionnaire_invitation,
    questionnaire_version, region, report_expert_review, report_recommendation, report_version, response,
    response_draft, results_publication, staff_user
    to evaluation_admin;
grant delete on annual_plan_item, criterion_keyword, project_consultation, response_draft to evaluation_admin;
grant select, insert, delete on captcha_use to evaluation_admin;
grant select, insert on audit_log to evaluation_admin;
grant select, insert on data_protection_key to evaluation_admin;
