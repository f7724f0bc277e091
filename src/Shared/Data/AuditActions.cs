namespace Evaluation.Shared.Data;

/// <summary>The actions written to the audit log: one home for the words, so the log can be filtered and read.</summary>
public static class AuditActions
{
    public const string Create = "create";
    public const string RemoveDemo = "remove_demo";
    public const string Update = "update";
    public const string Open = "open";
    public const string Close = "close";
    public const string Reopen = "reopen";
    public const string Publish = "publish";
    public const string Invite = "invite";
    public const string InReview = "in_review";
    public const string Reply = "reply";
    public const string Code = "code";
    public const string Exclude = "exclude";
    public const string LiftExclusion = "lift_exclusion";
    public const string ViewPersonalData = "view_personal_data";
    public const string ViewAttachment = "view_attachment";
    public const string PurgePersonalData = "purge_personal_data";
    public const string ExportCsv = "export_csv";
    public const string ExportXlsx = "export_xlsx";
    public const string ExportCodebook = "export_codebook";
    public const string ExportFindingsCsv = "export_findings_csv";
    public const string ExportFindingsXlsx = "export_findings_xlsx";
    public const string ExportPerformance = "export_performance";
    public const string AccessDenied = "access_denied";
    public const string VoidResponse = "void_response";
    public const string GenerateEnterpriseCodes = "generate_enterprise_codes";
    public const string RequireEnterpriseCodes = "require_enterprise_codes";
    // PIPL arts. 45-47: a person's data found, exported, corrected or erased on request (DataSubjects).
    public const string SearchPersonalData = "search_personal_data";
    public const string ExportPersonalData = "export_personal_data";
    public const string CorrectPersonalData = "correct_personal_data";
    public const string ErasePersonalData = "erase_personal_data";
    public const string ApiRead = "api_read";
    public const string UpdateKeywords = "update_keywords";
    public const string IssueApiToken = "issue_api_token";
    public const string RevokeApiToken = "revoke_api_token";
    public const string Login = "login";
    public const string LoginFailed = "login_failed";
    public const string LoginLocked = "login_locked";
    public const string ChangePassword = "change_password";
    public const string ResetPassword = "reset_password";
    public const string Unlock = "unlock";
    public const string Deactivate = "deactivate";
    public const string Reactivate = "reactivate";

    // Evaluation projects (Art. 17-20): stages, team, plan, methods, data requests, conclusions.
    public const string AdvanceStage = "advance_stage";
    public const string ApproveInstitution = "approve_institution";
    public const string LinkConsultation = "link_consultation";
    public const string UnlinkConsultation = "unlink_consultation";
    public const string AddMember = "add_member";
    public const string RemoveMember = "remove_member";
    public const string SavePlan = "save_plan";
    public const string SaveSurveyOutline = "save_survey_outline";
    public const string RecordMethod = "record_method";
    public const string RequestData = "request_data";
    public const string AnswerDataRequest = "answer_data_request";
    public const string GenerateConclusions = "generate_conclusions";
    public const string ReviewConclusions = "review_conclusions";
    // Art. 16, 19(3), 27: findings of the other methods and the evaluator's judgement of a standard.
    public const string RecordFinding = "record_finding";
    public const string EditFinding = "edit_finding";
    public const string JudgeConclusion = "judge_conclusion";

    // Art. 25(2): the project's cost-benefit table, row by row.
    public const string RecordCostBenefit = "record_cost_benefit";
    public const string UpdateCostBenefit = "update_cost_benefit";
    public const string DeleteCostBenefit = "delete_cost_benefit";

    // The questionnaire builder's edits of a working copy.
    public const string AddSection = "add_section";
    public const string EditSection = "edit_section";
    public const string MoveSection = "move_section";
    public const string DeleteSection = "delete_section";
    public const string AddQuestion = "add_question";
    public const string EditQuestion = "edit_question";
    public const string MoveQuestion = "move_question";
    public const string DeleteQuestion = "delete_question";

    // Art. 12(2): a decision marked as necessary to evaluate, and the mark withdrawn.
    public const string MarkNecessary = "mark_necessary";
    public const string WithdrawNecessity = "withdraw_necessity";

    // Art. 13: the annual plan's states, and its items removed in draft or added after approval as an amendment.
    public const string SubmitPlan = "submit_plan";
    public const string ReturnPlan = "return_plan";
    public const string ApprovePlan = "approve_plan";
    public const string AmendPlan = "amend_plan";
    public const string RemovePlanItem = "remove_plan_item";

    // Art. 7: public results, "you said, we did".
    public const string SetDisposition = "set_disposition";
    public const string PublishResults = "publish_results";
    // Art. 7, 30: a draft prepared, its opinion texts confirmed by a person, the organizer's approval (publish_results),
    // a published version withdrawn with its reason.
    public const string PrepareResults = "prepare_results";
    public const string ConfirmResultsTexts = "confirm_results_texts";
    public const string WithdrawResults = "withdraw_results";

    // Art. 9, 10: information items kept by hand or imported from a file.
    public const string ImportInformation = "import_information";

    // Art. 20, 21, 28: the evaluation report (drafted, saved as a new version, reviewed by experts, finalized, downloaded).
    public const string DraftReport = "draft_report";
    public const string SaveReport = "save_report";
    public const string ReviewReport = "review_report";
    public const string FinalizeReport = "finalize_report";
    public const string ExportReport = "export_report";

    // Art. 24, 29-33: the legality review, the executive meeting's decision, the follow-up actions, closing the project.
    public const string SendToLegalityReview = "send_to_legality_review";
    public const string RecordLegalityReview = "record_legality_review";
    public const string ExportLegalityOpinion = "export_legality_opinion";
    public const string RecordExecutiveDecision = "record_executive_decision";
    public const string UpdateFollowUp = "update_follow_up";
    public const string CancelFollowUp = "cancel_follow_up";
    public const string ReportFollowUp = "report_follow_up";
    public const string AcceptFollowUp = "accept_follow_up";
    public const string ReturnFollowUp = "return_follow_up";
    public const string RequestFollowUpCancel = "request_follow_up_cancel";
    public const string RefuseFollowUpCancel = "refuse_follow_up_cancel";
    public const string CloseProject = "close_project";
    // Art. 24: the agency answers a change of a pass with changes, then forwards the revised report to deliberation.
    public const string AnswerLegalityChange = "answer_legality_change";
    public const string ReviseAfterLegalityReview = "revise_after_legality_review";

    // Art. 8: opinions entered by staff from letters, faxes and meetings, and the mailbox's messages sorted by hand.
    public const string RecordOffline = "record_offline";
    public const string AssignMail = "assign_mail";
    public const string DismissMail = "dismiss_mail";

    /// <summary>The export action of a format ("csv", "xlsx", "codebook").</summary>
    public static string Export(string format) => format switch { "xlsx" => ExportXlsx, "codebook" => ExportCodebook, _ => ExportCsv };

    public static string ExportFindings(string format) => format == "xlsx" ? ExportFindingsXlsx : ExportFindingsCsv;
}

/// <summary>The kinds of record the audit log speaks of: the table names.</summary>
public static class AuditEntities
{
    public const string Decision = "decision";
    public const string Consultation = "consultation";
    public const string Opinion = "opinion";
    public const string Questionnaire = "questionnaire";
    public const string Response = "response";
    public const string StaffUser = "staff_user";
    public const string CriterionKeyword = "criterion_keyword";
    public const string ApiToken = "api_token";
    public const string EvaluationProject = "evaluation_project";
    public const string ProjectMember = "project_member";
    public const string Department = "department";
    public const string EvaluationNecessity = "evaluation_necessity";
    public const string AnnualPlan = "annual_plan";
    public const string AnnualPlanItem = "annual_plan_item";
    public const string InformationItem = "information_item";
    public const string InformationImport = "information_import";
    public const string Performance = "performance";     // the id is the year exported (Art. 34)
    public const string Request = "request";             // a refused request: method and path in "after"
    public const string ReportVersion = "report_version";
    public const string LegalityReview = "legality_review";
    public static readonly string[] Filterable = [Decision, Consultation, Opinion, Questionnaire, EvaluationProject, AnnualPlan, StaffUser, Department];
}
