-- Art. 16 names symposia and hearings apart: opinions from a hearing's minutes get their own channel.
alter table opinion drop constraint opinion_channel_check;
alter table opinion add constraint opinion_channel_check
    check (channel in ('online', 'letter', 'telegram', 'fax', 'email', 'phone', 'meeting', 'hearing'));
