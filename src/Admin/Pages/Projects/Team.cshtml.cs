using Dapper;
using Evaluation.Shared.Data;
using Evaluation.Shared.Input;
using Evaluation.Shared.Privacy;
using Evaluation.Shared.Projects;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Respondents;
using Evaluation.Shared.Staff;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.Projects;

/// <summary>
/// The evaluation team (Art. 18): staff, and outside members — NPC deputies, CPPCC members, legal and industry experts —
/// whose name and contact are personal data: encrypted, shown masked, in full only by an audited action. The team is
/// made up by the agency (its evaluation staff) or the city government office, never by the person added (issue 23);
/// a commissioned institution's staff with an account join as staff members, so that they can review conclusions.
/// </summary>
public sealed class TeamModel(NpgsqlDataSource db, TimeProvider clock, PersonalData personalData, IStringLocalizer<Texts> texts) : PageModel
{
    public static readonly string[] OutsideKinds = ["npc_deputy", "cppcc_member", "legal_expert", "industry_expert", "institution_staff", "other"];
    public static readonly string[] TeamRoles = ["leader", "member", "expert"];

    public sealed record Member(long Id, long? StaffUserId, string? StaffName, string? StaffDepartment, string MemberKind, string TeamRole,
        string? Name, string? Contact, string? Affiliation, DateTime AddedAt, DateTime? PersonalDataRemovedAt);

    public ProjectHead Project { get; private set; } = null!;
    public IReadOnlyList<Member> Members { get; private set; } = [];
    public IReadOnlyList<(long Id, string Name, string? Department)> Staff { get; private set; } = [];
    /// <summary>The member whose name and contact are shown in full after the audited action.</summary>
    public long? Revealed { get; private set; }
    /// <summary>Who makes up the team (Art. 18): the organizer (and the administrator), or evaluation staff of the project's agency.</summary>
    public bool CanManageTeam { get; private set; }

    [BindProperty] public long? StaffUserId { get; set; }
    [BindProperty] public string? MemberKind { get; set; }
    [BindProperty] public string? TeamRole { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Contact { get; set; }
    [BindProperty] public string? Affiliation { get; set; }
    [BindProperty] public long? MemberId { get; set; }

    public string? Shown(Member m, string? stored, Func<string?, string?> mask) =>
        Revealed == m.Id ? personalData.Unprotect(stored) : mask(personalData.Unprotect(stored));

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAddStaffAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (!CanManageTeam) return Refuse("Team.WhoManages");
        if (!Locks.Team(Project.Stage)) return this.Locked(texts, Project.Stage);
        if (StaffUserId == User.StaffId()) return Refuse("Team.NotSelf");
        if (StaffUserId is null || Staff.All(s => s.Id != StaffUserId))
            ModelState.AddModelError(nameof(StaffUserId), texts["Team.Staff.Required"]);
        if (!TeamRoles.Contains(TeamRole)) ModelState.AddModelError(nameof(TeamRole), texts["Validation.Select"]);
        if (!ModelState.IsValid) return Page();
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var added = await conn.ExecuteScalarAsync<long?>(
            """
            insert into project_member (project_id, staff_user_id, member_kind, team_role) values (@id, @StaffUserId, 'staff', @TeamRole)
            on conflict do nothing returning id
            """, new { id, StaffUserId, TeamRole }, tx);
        if (added is null)
        {
            await tx.RollbackAsync();
            ModelState.AddModelError(nameof(StaffUserId), texts["Team.Staff.AlreadyMember"]);
            return Page();
        }
        await conn.WriteAsync(tx, User.Actor(), AuditActions.AddMember, AuditEntities.EvaluationProject, id,
            after: new { member = added, staff_user = StaffUserId, team_role = TeamRole });
        await conn.WithdrawInstitutionApprovalAsync(tx, id);
        await tx.CommitAsync();
        TempData.Flash(texts["Team.Added"].Value);
        return RedirectToPage(new { id });
    }

    /// <summary>An outside member: name required, contact optional (a mobile number or an e-mail address), both encrypted.</summary>
    public async Task<IActionResult> OnPostAddOutsideAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (!CanManageTeam) return Refuse("Team.WhoManages");
        if (!Locks.Team(Project.Stage)) return this.Locked(texts, Project.Stage);
        var name = PlainText.Clean(Name)?.Replace('\n', ' ');
        var affiliation = PlainText.Clean(Affiliation)?.Replace('\n', ' ');
        Contact? contact = null;
        if (!OutsideKinds.Contains(MemberKind)) ModelState.AddModelError(nameof(MemberKind), texts["Validation.Select"]);
        if (!TeamRoles.Contains(TeamRole)) ModelState.AddModelError(nameof(TeamRole), texts["Validation.Select"]);
        if (name is null) ModelState.AddModelError(nameof(Name), texts["Team.Name.Required"]);
        else if (PlainText.Length(name) > 50) ModelState.AddModelError(nameof(Name), texts["Validation.MaxLength", texts["Team.Name"], 50]);
        if (!string.IsNullOrWhiteSpace(Contact) && (contact = Evaluation.Shared.Respondents.Contact.Parse(PlainText.Clean(Contact))) is null)
            ModelState.AddModelError(nameof(Contact), texts["Opinion.Contact.Invalid"]);
        if (affiliation is not null && PlainText.Length(affiliation) > 200)
            ModelState.AddModelError(nameof(Affiliation), texts["Validation.MaxLength", texts["Team.Affiliation"], 200]);
        if (!ModelState.IsValid) return Page();
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var added = await conn.ExecuteScalarAsync<long>(
            """
            insert into project_member (project_id, member_kind, team_role, name, contact, affiliation)
            values (@id, @MemberKind, @TeamRole, @name, @contact, @affiliation) returning id
            """, new { id, MemberKind, TeamRole, name = personalData.Protect(name), contact = personalData.Protect(contact?.Value), affiliation }, tx);
        // The audit log records who was added by id and kind, never the name (it is personal data, PIPL).
        await conn.WriteAsync(tx, User.Actor(), AuditActions.AddMember, AuditEntities.EvaluationProject, id,
            after: new { member = added, member_kind = MemberKind, team_role = TeamRole });
        await conn.WithdrawInstitutionApprovalAsync(tx, id);
        await tx.CommitAsync();
        TempData.Flash(texts["Team.Added"].Value);
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostRemoveAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (!CanManageTeam) return Refuse("Team.WhoManages");
        if (!Locks.Team(Project.Stage)) return this.Locked(texts, Project.Stage);
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var removed = await conn.ExecuteAsync(
            // PIPL: an outside member's name and contact are kept only while the team needs them.
            """
            update project_member set removed_at = @now, name = null, contact = null,
                   personal_data_removed_at = case when staff_user_id is null then @now end
            where id = @MemberId and project_id = @id and removed_at is null
            """,
            new { id, MemberId, now = clock.GetUtcNow().UtcDateTime }, tx);
        if (removed == 1)
        {
            await conn.WriteAsync(tx, User.Actor(), AuditActions.RemoveMember, AuditEntities.EvaluationProject, id, before: new { member = MemberId });
            await conn.WithdrawInstitutionApprovalAsync(tx, id);
        }
        await tx.CommitAsync();
        return RedirectToPage(new { id });
    }

    /// <summary>Shows one outside member's name and contact in full; who looked, and when, goes to the audit log.</summary>
    public async Task<IActionResult> OnPostRevealAsync(long id)
    {
        if (!User.CanSeePersonalData()) return this.Refuse(Refusal.Who.Managers, Refusal.Act.PersonalData);
        if (!await LoadAsync(id)) return NotFound();
        if (Members.FirstOrDefault(m => m.Id == MemberId) is not { StaffUserId: null } member) return NotFound();
        await using var conn = await db.OpenConnectionAsync();
        await conn.WriteAsync(null, User.Actor(), AuditActions.ViewPersonalData, AuditEntities.ProjectMember, member.Id);
        Revealed = member.Id;
        return Page();
    }

    /// <summary>A refusal that names who may do it (the agency's evaluation staff or the city government office).</summary>
    private PageResult Refuse(string key)
    {
        ModelState.AddModelError("", texts[key, Project.AgencyName]);
        return Page();
    }


    private async Task<bool> LoadAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        var project = await conn.FindProjectAsync(id, User);
        if (project is null) return false;
        Project = project;
        CanManageTeam = User.ActsForEveryDepartment()
            || User.IsInRole(StaffRoles.EvaluationStaff) && await conn.DepartmentIdAsync(User) == project.AgencyDepartmentId;
        Members = (await conn.QueryAsync<Member>(
            """
            select m.id, m.staff_user_id, s.display_name as staff_name, coalesce(d.name, s.institution) as staff_department, m.member_kind, m.team_role,
                   m.name, m.contact, m.affiliation, m.added_at, m.personal_data_removed_at
            from project_member m left join staff_user s on s.id = m.staff_user_id left join department d on d.id = s.department_id
            where m.project_id = @id and m.removed_at is null order by m.team_role = 'leader' desc, m.id
            """, new { id })).ToList();
        // Agency and office staff, and the staff of the institution the project is commissioned to; never oneself.
        Staff = (await conn.QueryAsync<(long, string, string?)>(
            """
            select s.id, s.display_name, coalesce(d.name, s.institution) from staff_user s left join department d on d.id = s.department_id
            where s.is_active and s.id <> @me
              and (s.role in ('organizer', 'evaluation_staff')
                   or s.role = 'institution_staff' and btrim(s.institution) = @CommissionedInstitution)
            order by d.sort_order nulls first, s.display_name
            """, new { me = User.StaffId(), project.CommissionedInstitution })).ToList();
        return true;
    }
}
