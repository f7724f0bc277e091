-- Art. 27: an other decision matter is evaluated also by reading its documents and materials (文件资料审读, item 1)
-- and by cost-benefit statistics (成本效益统计, item 3); the methods log offers them beside Art. 16's methods.
alter table project_method drop constraint project_method_method_check,
    add constraint project_method_method_check
        check (method in ('sampling_survey', 'online_survey', 'questionnaire', 'field_research', 'symposium', 'hearing',
                          'expert_consultation', 'case_file_review', 'comparative_analysis', 'individual_interview',
                          'group_interview', 'document_review', 'cost_benefit_statistics'));
