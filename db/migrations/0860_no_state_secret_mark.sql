-- Art. 7: the evaluation keeps commercial secrets and personal privacy out of what is published; state secrets it
-- must never hold at all: classified material is handled under the secrecy rules, off any networked system like this
-- one. So 国家秘密 is no mark a file or an information item can carry. Rows already marked so are not deleted (the
-- record of what was uploaded stays, and removing the material is the secrecy officer's act, not a migration's); they
-- become 'internal', the strictest mark left, so nothing of them can ever be published. The checks refuse the mark.
update project_attachment set confidentiality = 'internal' where confidentiality = 'state_secret';
update information_item set confidentiality = 'internal' where confidentiality = 'state_secret';

alter table project_attachment drop constraint project_attachment_confidentiality_check,
    add constraint project_attachment_confidentiality_check
        check (confidentiality in ('public', 'internal', 'commercial_secret', 'personal'));
alter table information_item drop constraint information_item_confidentiality_check,
    add constraint information_item_confidentiality_check
        check (confidentiality in ('public', 'internal', 'commercial_secret', 'personal'));
