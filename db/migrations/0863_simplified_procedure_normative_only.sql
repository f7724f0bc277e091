-- Art. 22-23: the simplified procedure (symposium, online questionnaire or opinion solicitation, then a report) is in
-- chapter 2 and is granted "根据规范性文件跟踪反馈、后评估工作实际需要": for normative documents only. Chapter 3
-- (Art. 25-29) gives other decision matters no such procedure: their evaluation is always the standard one.
-- Projects already set up as simplified on an other decision matter become standard (their record of how they were
-- run is unchanged; only the procedure the measures allow is named), and a trigger refuses it from now on.
update evaluation_project p set procedure = 'standard'
from decision d
where d.id = p.decision_id and d.kind = 'other_matter' and p.procedure = 'simplified';

create function evaluation_project_simplified_normative_only() returns trigger language plpgsql as $$
begin
    if new.procedure = 'simplified' and (select kind from decision where id = new.decision_id) <> 'normative_document' then
        raise exception 'the simplified procedure (Art. 22-23) applies to normative documents only'
            using errcode = 'check_violation', constraint = 'evaluation_project_simplified_normative_only';
    end if;
    return new;
end $$;

create trigger evaluation_project_simplified_normative_only
    before insert or update of procedure, decision_id on evaluation_project
    for each row execute function evaluation_project_simplified_normative_only();
