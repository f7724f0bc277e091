-- Tracking feedback (Art. 9, 11): besides the consultation windows staff open, every decision in force has one
-- standing consultation that takes the public's feedback for as long as the decision is in force. It shares the
-- opinions' intake, receipts and findings; the Portal shows it on the decision's page (决策库), never as a window.
alter table consultation add column kind text not null default 'window' check (kind in ('window', 'standing'));
create unique index consultation_standing_key on consultation (decision_id) where kind = 'standing';
