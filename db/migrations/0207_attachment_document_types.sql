-- Project materials (methods log, data requests) may also be Word and Excel files (Office Open XML) and plain text;
-- the application recognises each type by its content.
alter table attachment drop constraint attachment_content_type_check;
alter table attachment add constraint attachment_content_type_check check (content_type in (
    'application/pdf', 'image/png', 'image/jpeg',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'text/plain'));
