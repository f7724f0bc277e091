-- What text analysis needs of each opinion and each free-text answer, computed once when it is first analysed
-- (or by `evaluation analyse-text`), never again per analysis run. `version` names the segmenter, word lists and
-- signature in force; rows of an older version are recomputed. The texts themselves stay where they are.
create table opinion_text_feature (
    opinion_id       bigint primary key references opinion (id),
    version          smallint not null,
    -- The words of the body less stop words, in order with repeats (TextSegmenter.Terms).
    terms            text[] not null,
    -- Letters and digits in the normalized body; campaigns only group texts long enough to be telling.
    text_length      integer not null,
    -- 64-bit hash of the normalized body: equal bodies up to spacing and punctuation.
    text_hash        bigint not null,
    -- MinHash of the body's 3-character shingles: 64 little-endian uint32 (TextSignature).
    minhash          bytea not null check (octet_length(minhash) = 256),
    computed_at      timestamptz not null default now()
);

create table answer_text_feature (
    response_id      bigint not null,
    item_id          bigint not null,
    version          smallint not null,
    terms            text[] not null,
    computed_at      timestamptz not null default now(),
    primary key (response_id, item_id),
    foreign key (response_id, item_id) references answer_text (response_id, item_id) on delete cascade
);
