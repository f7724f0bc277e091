using Dapper;
using Evaluation.Shared.Attachments;
using Evaluation.Shared.Data;
using Evaluation.Shared.Projects;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.InfoItems;

/// <summary>信息资料: the information items of one decision (Art. 9, 10), and a form to add one with its files.</summary>
public sealed class IndexModel(NpgsqlDataSource db, TimeProvider clock, IStringLocalizer<Texts> texts) : PageModel
{
    public sealed record Row(long Id, string Kind, string Title, string Source, DateOnly OccurredOn, string? CriterionName,
        string Confidentiality, long? ImportId, int Attachments);

    public sealed class ItemForm
    {
        public string? Kind { get; set; }
        public string? Title { get; set; }
        public string? Source { get; set; }
        public string? OccurredOn { get; set; }
        public string? Body { get; set; }
        public string? Criterion { get; set; }
        public string? Confidentiality { get; set; }
    }

    [BindProperty(SupportsGet = true)] public long DecisionId { get; set; }
    [BindProperty] public ItemForm Input { get; set; } = new();
    [BindProperty] public List<IFormFile> Files { get; set; } = [];

    public string DecisionTitle { get; private set; } = "";
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<(string Code, string Name)> Criteria { get; private set; } = [];
    /// <summary>An item belongs to the decision; its findings are recorded within a project of it (Art. 16, 27).</summary>
    public sealed record ItemFinding(long Id, long ItemId, long ProjectId, string Direction, string Statement, int? Numerator, int? Denominator);
    public ILookup<long, ItemFinding> Findings { get; private set; } = Array.Empty<ItemFinding>().ToLookup(f => f.ItemId);
    /// <summary>The decision's projects in the user's scope whose data is open: where findings can be recorded.</summary>
    public IReadOnlyList<(long Id, string Title)> OpenProjects { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync()) return NotFound();
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        var values = new Dictionary<string, string>
        {
            ["Kind"] = Input.Kind ?? "", ["Title"] = Input.Title ?? "", ["Source"] = Input.Source ?? "",
            ["OccurredOn"] = Input.OccurredOn ?? "", ["Body"] = Input.Body ?? "", ["Criterion"] = Input.Criterion ?? "",
            ["Confidentiality"] = Input.Confidentiality ?? "",
        };
        var (item, errors) = InformationItems.Check(values, (_, code) => code, await conn.CriteriaAsync(DecisionId));
        foreach (var (column, key, args) in errors)
            ModelState.AddModelError($"{nameof(Input)}.{column}", texts[key, args]);
        var (files, refused) = await Attachments.CheckUploadsAsync(Files, Attachments.Scans, cancellationToken);
        foreach (var r in refused) ModelState.AddModelError(nameof(Files), texts[r.MessageKey, r.FileName, Attachments.MaxBytes / 1024 / 1024]);
        if (item is null || !ModelState.IsValid) return Page();

        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var id = await conn.AddAsync(tx, DecisionId, item, User.StaffId(), clock.GetUtcNow().UtcDateTime);
        foreach (var file in files)
        {
            var attachment = await conn.StoreAsync(tx, file);
            await conn.ExecuteAsync("insert into information_item_attachment (information_item_id, attachment_id) values (@id, @attachment)",
                new { id, attachment }, tx);
        }
        await conn.WriteAsync(tx, User.Actor(), AuditActions.Create, AuditEntities.InformationItem, id,
            after: new { DecisionId, item.Kind, item.Title, item.Confidentiality, files = files.Count });
        await tx.CommitAsync(cancellationToken);
        TempData.Flash(texts["InfoItem.Added"]);
        return RedirectToPage(new { DecisionId });
    }

    private async Task<bool> LoadAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        var title = await conn.ExecuteScalarAsync<string>(
            "select title from decision where id = @DecisionId and id in (select decision_id from staff_decisions(@staff))",
            new { DecisionId, staff = User.StaffId() });
        if (title is null) return false;
        DecisionTitle = title;
        Rows = (await conn.QueryAsync<Row>(
            """
            select i.id, i.kind, i.title, i.source, i.occurred_on, c.name as criterion_name, i.confidentiality, i.import_id,
                   (select count(*)::int from information_item_attachment a where a.information_item_id = i.id) as attachments
            from information_item i left join criterion c on c.code = i.criterion
            where i.decision_id = @DecisionId order by i.occurred_on desc, i.id desc
            """, new { DecisionId })).ToList();
        Findings = (await conn.QueryAsync<ItemFinding>(
            """
            select f.id, f.information_item_id as item_id, f.project_id, f.direction, f.statement, f.numerator, f.denominator
            from evidence_finding f join information_item i on i.id = f.information_item_id
            where i.decision_id = @DecisionId and f.project_id in (select project_id from staff_projects(@staff))
            order by f.id
            """, new { DecisionId, staff = User.StaffId() })).ToLookup(f => f.ItemId);
        OpenProjects = User.CanManage()
            ? (await conn.QueryAsync<(long Id, string Title, string Stage)>(
                """
                select p.id, p.title, p.stage from evaluation_project p
                where p.decision_id = @DecisionId and p.id in (select project_id from staff_projects(@staff))
                order by p.id
                """, new { DecisionId, staff = User.StaffId() })).Where(p => Locks.Data(p.Stage)).Select(p => (p.Id, p.Title)).ToList()
            : [];
        Criteria = (await conn.QueryAsync<(string, string)>(
            "select c.code, c.name from criterion c join decision d on d.kind = c.decision_kind where d.id = @DecisionId order by c.sort_order",
            new { DecisionId })).ToList();
        return true;
    }
}
