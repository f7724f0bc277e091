-- Least privilege (0405, 0406) for the tables of this block: the public site adds suggestions with a decision's
-- feedback; staff keep the information collection.
grant select, insert on opinion_suggestion to evaluation_portal;
grant select, insert, update on opinion_suggestion, information_import, information_item, information_item_attachment
    to evaluation_admin;
