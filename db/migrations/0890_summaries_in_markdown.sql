-- Issue 23: the texts staff write for the public (a decision's summary, a consultation's description, a
-- questionnaire's introduction) are plain text or Markdown, rendered through Markdig with HTML off and then the one
-- sanitizing policy (Shared/Input/Markdown.cs), as the results summary already is. Staff no longer type HTML.
--
-- The columns are renamed to say what they hold, and the HTML they held (sanitized by RichText: only p, br, strong,
-- em, lists, h2-h4, blockquote, tables, a, hr, span ... and entities) is turned into the Markdown that renders the
-- same, so no row is shown as raw tags: paragraphs and headings stay blocks, bold and italics stay, links keep their
-- address, list items become "- " items (numbered lists too: the order stays, the numbers go), table cells become
-- text lines. The function is dropped after use: no page converts HTML any more.
create function pg_temp.html_to_markdown(html text) returns text language sql immutable as $$
    select btrim(regexp_replace(regexp_replace(regexp_replace(
        replace(replace(replace(replace(replace(replace(
        regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
        regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
            regexp_replace(html, '[\r\n\t ]+', ' ', 'g'),
            '<br\s*/?>', E'\n', 'gi'),
            '<h2[^>]*>', E'\n\n## ', 'gi'),
            '<h3[^>]*>', E'\n\n### ', 'gi'),
            '<h4[^>]*>', E'\n\n#### ', 'gi'),
            '<li[^>]*>', E'\n- ', 'gi'),
            '<blockquote[^>]*>', E'\n\n> ', 'gi'),
            '<hr[^>]*>', E'\n\n---\n\n', 'gi'),
            '</?(strong|b)(\s[^>]*)?>', '**', 'gi'),
            '</?(em|i)(\s[^>]*)?>', '*', 'gi'),
            '<a\s[^>]*href="([^"]*)"[^>]*>([^<]*)</a>', '[\2](\1)', 'gi'),
            '</?(p|ul|ol|table|thead|tbody|tr|h2|h3|h4|blockquote)(\s[^>]*)?>', E'\n\n', 'gi'),
            '</t[dh]>', ' ', 'gi'),
            '<[^>]*>', '', 'g'),
        '&nbsp;', ' '), '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#39;', ''''), '&amp;', '&'),
        '[ ]*\n[ ]*', E'\n', 'g'),
        '\n- \n', E'\n', 'g'),
        '\n{3,}', E'\n\n', 'g'), E' \n');
$$;

alter table decision rename column summary_html to summary_md;
alter table consultation rename column description_html to description_md;
alter table questionnaire rename column intro_html to intro_md;

update decision set summary_md = pg_temp.html_to_markdown(summary_md) where summary_md like '%<%' or summary_md like '%&%';
update consultation set description_md = pg_temp.html_to_markdown(description_md)
where description_md like '%<%' or description_md like '%&%';
update questionnaire set intro_md = pg_temp.html_to_markdown(intro_md) where intro_md like '%<%' or intro_md like '%&%';

drop function pg_temp.html_to_markdown(text);
