using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace Evaluation.Admin;

/// <summary>
/// Issue 23: every refusal says in Chinese who may do it and what is missing. A handler that refuses a user in scope
/// but without the role names the act and who may take it; the refusal still goes through <c>Forbid()</c>, so it is
/// audited as before (<see cref="StaffAccess"/>), and the access-denied page says the sentence. Ids out of the user's
/// scope stay 404. The keys travel in the address and are shown only when they are among those below.
/// </summary>
public static class Refusal
{
    private const string ItemKey = "Evaluation.Refusal";

    /// <summary>Who may act: the texts of the stage transitions (Shared/Projects) and a few more.</summary>
    public static class Who
    {
        public const string Managers = "Transition.Who.Managers";
        public const string Organizer = "Transition.Who.Organizer";
        public const string LegalReviewer = "Transition.Who.LegalReviewer";
        public const string Recorders = "Refusal.Who.Recorders";
        public const string Necessity = "Refusal.Who.Necessity";
        public const string RequestedDepartment = "Refusal.Who.RequestedDepartment";
    }

    /// <summary>What the user tried to do (besides the transitions' own "Act.*" texts).</summary>
    public static class Act
    {
        public const string Consultation = "Refusal.Act.Consultation";
        public const string Questionnaire = "Refusal.Act.Questionnaire";
        public const string Opinion = "Refusal.Act.Opinion";
        public const string PersonalData = "Refusal.Act.PersonalData";
        public const string Record = "Refusal.Act.Record";
        public const string ManageProject = "Refusal.Act.ManageProject";
        public const string FinalizeReport = "Refusal.Act.FinalizeReport";
        public const string LegalityOpinion = "Refusal.Act.LegalityOpinion";
        public const string AnswerChanges = "Refusal.Act.AnswerChanges";
        public const string Necessity = "Refusal.Act.Necessity";
        public const string AddToPlan = "Refusal.Act.AddToPlan";
        public const string AnswerDataRequest = "Refusal.Act.AnswerDataRequest";
    }

    private static readonly HashSet<string> KnownWho =
        [Who.Managers, Who.Organizer, Who.LegalReviewer, Who.Recorders, Who.Necessity, Who.RequestedDepartment];

    private static readonly HashSet<string> KnownActs =
    [
        Act.Consultation, Act.Questionnaire, Act.Opinion, Act.PersonalData, Act.Record, Act.ManageProject,
        Act.FinalizeReport, Act.LegalityOpinion, Act.AnswerChanges, Act.Necessity, Act.AddToPlan, Act.AnswerDataRequest,
        .. Evaluation.Shared.Projects.Transitions.All.Select(t => $"Act.{t.Act}"),
    ];

    private sealed record Reason(string Who, string Act);

    /// <summary>Refuses the request (403, audited), saying that only <paramref name="who"/> may <paramref name="act"/>.</summary>
    public static IActionResult Refuse(this PageModel page, string who, string act)
    {
        page.HttpContext.Items[ItemKey] = new Reason(who, act);
        return page.Forbid();
    }

    /// <summary>The access-denied address with the refusal's reason, when the handler gave one.</summary>
    internal static string WithReason(HttpContext context, string redirectUri) =>
        context.Items[ItemKey] is Reason r
            ? QueryHelpers.AddQueryString(redirectUri, new Dictionary<string, string?> { ["who"] = r.Who, ["act"] = r.Act })
            : redirectUri;

    /// <summary>The reason's keys from the address, when both are known ones.</summary>
    public static (string Who, string Act)? Read(HttpRequest request) =>
        request.Query["who"].ToString() is var who && KnownWho.Contains(who)
        && request.Query["act"].ToString() is var act && KnownActs.Contains(act)
            ? (who, act) : null;
}
