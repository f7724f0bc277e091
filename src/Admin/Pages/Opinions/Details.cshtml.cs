using Dapper;
using Evaluation.Analysis;
using Evaluation.Analysis.Text;
using Evaluation.Shared.Data;
using Evaluation.Shared.Decisions;
using Evaluation.Shared.Input;
using Evaluation.Shared.Opinions;
using Evaluation.Shared.Privacy;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.Opinions;

/// <summary>One opinion in full, with its reply: what the respondent later sees by the receipt number. Name and contact
/// are masked; the roles that answer respondents may show them in full, and each time that is audited.</summary>
public sealed class DetailsModel(NpgsqlDataSource db, TimeProvider clock, PersonalData personalData,
    IStringLocalizer<Texts> texts, Shared.Mail.MailTexts mailTexts) : PageModel
{
    public sealed record View(long Id, long ConsultationId, string ConsultationTitle, string ReceiptNumber, string Channel,
        string RespondentType, string? Name, string? Contact, string RegionName, string Body, DateTime? ConsentAt,
        string Status, string? Reply, DateTime? RepliedAt, DateTime CreatedAt, DateTime? PersonalDataRemovedAt,
        string DecisionKind);

    /// <summary>The criterion staff confirmed or chose (null: no criterion applies), who and when.</summary>
    public sealed record Coding(string? Criterion, string CodedBy, DateTime CodedAt);

    /// <summary>The value of the coding form for "no criterion applies".</summary>
    public const string NoCriterion = "none";

    public View Opinion { get; private set; } = null!;

    [BindProperty] public string? ReplyText { get; set; }

    [BindProperty] public string? Criterion { get; set; }

    public Coding? Coded { get; private set; }
    public CriterionSuggestion? Suggestion { get; private set; }
    public IReadOnlyList<string> CriteriaAvailable => Criteria.For(Opinion.DecisionKind);

    /// <summary>True after the audited "show" action: name and contact in full.</summary>
    public bool Revealed { get; private set; }
    public bool HasPersonalData => Opinion.Name is not null || Opinion.Contact is not null;
    public string? ShownName => Revealed ? personalData.Unprotect(Opinion.Name) : PersonalData.MaskName(personalData.Unprotect(Opinion.Name));
    public string? ShownContact => Revealed ? personalData.Unprotect(Opinion.Contact) : PersonalData.MaskContact(personalData.Unprotect(Opinion.Contact));

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        ReplyText = Opinion.Reply;
        return Page();
    }

    /// <summary>Shows name and contact in full, for this response only; who looked, and when, goes to the audit log.</summary>
    public async Task<IActionResult> OnPostRevealAsync(long id)
    {
        if (!User.CanSeePersonalData()) return this.Refuse(Refusal.Who.Managers, Refusal.Act.PersonalData);
        if (!await LoadAsync(id)) return NotFound();
        ReplyText = Opinion.Reply;
        if (HasPersonalData)
        {
            await using var conn = await db.OpenConnectionAsync();
            await conn.WriteAsync(null, User.Actor(), AuditActions.ViewPersonalData, AuditEntities.Opinion, id);
            Revealed = true;
        }
        return Page();
    }

    /// <summary>Marks the opinion as being handled.</summary>
    public async Task<IActionResult> OnPostInReviewAsync(long id)
    {
        if (!User.CanManage()) return this.Refuse(Refusal.Who.Managers, Refusal.Act.Opinion);
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var before = await conn.QuerySingleOrDefaultAsync<string>(
            """
            select o.status from opinion o join consultation c on c.id = o.consultation_id
            where o.id = @id and c.decision_id in (select decision_id from staff_decisions(@staff))
            for update of o
            """, new { id, staff = User.StaffId() }, tx);
        if (before is null) return NotFound();
        if (before == OpinionStatuses.Received)
        {
            await conn.ExecuteAsync($"update opinion set status = '{OpinionStatuses.InReview}' where id = @id", new { id }, tx);
            await conn.WriteAsync(tx, User.Actor(), AuditActions.InReview, AuditEntities.Opinion, id, new { status = before }, new { status = OpinionStatuses.InReview });
        }
        await tx.CommitAsync();
        return RedirectToPage(new { id });
    }

    /// <summary>Saves the reply; the respondent sees it by the receipt number.</summary>
    public async Task<IActionResult> OnPostReplyAsync(long id)
    {
        if (!User.CanManage()) return this.Refuse(Refusal.Who.Managers, Refusal.Act.Opinion);
        if (!await LoadAsync(id)) return NotFound();
        var reply = PlainText.Clean(ReplyText);
        if (reply is null)
            ModelState.AddModelError(nameof(ReplyText), texts["Opinion.Reply.Required"]);
        else if (PlainText.Length(reply) > OpinionRules.MaxReplyLength)
            ModelState.AddModelError(nameof(ReplyText), texts["Opinion.Reply.TooLong", OpinionRules.MaxReplyLength]);
        if (!ModelState.IsValid) return Page();

        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var before = await conn.QuerySingleAsync<(string Status, string? Reply)>(
            "select status, reply from opinion where id = @id for update", new { id }, tx);
        await conn.ExecuteAsync($"update opinion set status = '{OpinionStatuses.Replied}', reply = @reply, replied_at = @now where id = @id",
            new { id, reply, now }, tx);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.Reply, AuditEntities.Opinion, id,
            new { status = before.Status, reply = before.Reply }, new { status = OpinionStatuses.Replied, reply });
        // An opinion that came by e-mail is answered by e-mail too, through the outbox, in this transaction.
        var mailed = await Shared.Mail.Outbox.QueueReplyAsync(conn, tx, personalData, mailTexts, id, reply!);
        await tx.CommitAsync();
        TempData.Flash(texts[mailed ? "Opinion.RepliedByMail" : "Opinion.Replied"].Value);
        return RedirectToPage(new { id });
    }

    /// <summary>
    /// Coding: staff confirm the suggested criterion or choose another (or none). Stored with who and when, audited
    /// with before and after; the findings count coded opinions apart from merely suggested ones.
    /// </summary>
    public async Task<IActionResult> OnPostCodeAsync(long id)
    {
        if (!User.CanManage()) return this.Refuse(Refusal.Who.Managers, Refusal.Act.Opinion);
        if (!await LoadAsync(id)) return NotFound();
        string? criterion = Criterion == NoCriterion ? null : Criterion;
        if (string.IsNullOrEmpty(Criterion))
            ModelState.AddModelError(nameof(Criterion), texts["Coding.Required"]);
        else if (criterion is not null && !CriteriaAvailable.Contains(criterion))
            ModelState.AddModelError(nameof(Criterion), texts["Coding.NotForThisDecision"]);
        if (!ModelState.IsValid)
        {
            ReplyText = Opinion.Reply;
            return Page();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var actor = User.Actor();
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var before = await conn.QuerySingleOrDefaultAsync<(string? Criterion, long CodedBy)?>(
            "select criterion, coded_by from opinion_coding where opinion_id = @id for update", new { id }, tx);
        await conn.ExecuteAsync(
            """
            insert into opinion_coding (opinion_id, criterion, coded_by, coded_at) values (@id, @criterion, @by, @now)
            on conflict (opinion_id) do update set criterion = excluded.criterion, coded_by = excluded.coded_by, coded_at = excluded.coded_at
            """, new { id, criterion, by = actor.Id, now }, tx);
        await conn.RaiseAsync(tx, Opinion.ConsultationId);
        await conn.WriteAsync(tx, actor, AuditActions.Code, AuditEntities.Opinion, id,
            before is { } b ? new { criterion = b.Criterion } : null,
            new { criterion, suggested = Suggestion?.Criterion });
        await tx.CommitAsync();
        TempData.Flash(texts["Coding.Saved"].Value);
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        var view = await conn.QuerySingleOrDefaultAsync<View>(
            """
            select o.id, o.consultation_id, c.title as consultation_title, o.receipt_number, o.channel, o.respondent_type,
                   o.name, o.contact, r.name as region_name, o.body, o.consent_at, o.status, o.reply, o.replied_at, o.created_at,
                   o.personal_data_removed_at, d.kind as decision_kind
            from opinion o join consultation c on c.id = o.consultation_id join region r on r.code = o.region_code
            join decision d on d.id = c.decision_id
            where o.id = @id and d.id in (select decision_id from staff_decisions(@staff))
            """, new { id, staff = User.StaffId() });
        if (view is null) return false;
        Opinion = view;
        Exclusion = await Exclusions.StandingAsync(db, ExclusionSubject.Opinion(id));
        Coded = await conn.QuerySingleOrDefaultAsync<Coding>(
            """
            select k.criterion, s.display_name as coded_by, k.coded_at
            from opinion_coding k join staff_user s on s.id = k.coded_by where k.opinion_id = @id
            """, new { id });
        Suggestion = await CriterionKeywords.SuggestForOpinionAsync(conn, id);
        Criterion ??= Coded is { } c ? c.Criterion ?? NoCriterion : Suggestion?.Criterion;
        return true;
    }

    public (string Reason, string By, DateTime At)? Exclusion { get; private set; }
    [BindProperty] public string? Reason { get; set; }

    /// <summary>Leaves the opinion out of the analysis, with the reason the findings will show (Art. 6).</summary>
    public async Task<IActionResult> OnPostExcludeAsync(long id)
    {
        if (!User.CanManage()) return this.Refuse(Refusal.Who.Managers, Refusal.Act.Opinion);
        if (!await LoadAsync(id)) return NotFound();
        if (await Exclusions.ExcludeAsync(db, ExclusionSubject.Opinion(id), Reason, User.Actor()) == ExclusionOutcome.ReasonInvalid)
        {
            ModelState.AddModelError(nameof(Reason), texts["Findings.ReasonRequired", Exclusions.MaxReasonLength]);
            return Page();
        }
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostLiftAsync(long id)
    {
        if (!User.CanManage()) return this.Refuse(Refusal.Who.Managers, Refusal.Act.Opinion);
        if (!await LoadAsync(id)) return NotFound();
        await Exclusions.LiftAsync(db, ExclusionSubject.Opinion(id), User.Actor());
        return RedirectToPage(new { id });
    }
}
