using System.ComponentModel.DataAnnotations;
using Dapper;
using Evaluation.Shared.Data;
using Evaluation.Shared.Input;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Evaluation.Admin.Pages.Account;

/// <summary>A staff member's tokens for the findings API: issued here, shown once, revoked here.</summary>
public sealed class ApiTokensModel(NpgsqlDataSource db) : PageModel
{
    public sealed record Row(long Id, string Name, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt);

    [BindProperty, Display(Name = "ApiToken.Name"), Required(ErrorMessage = "Validation.Required"), StringLength(100, ErrorMessage = "Validation.MaxLength")]
    public string? Name { get; set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public string? NewToken { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }
        var token = FindingsApi.NewToken();
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var name = PlainText.Clean(Name)!;
        var id = await conn.ExecuteScalarAsync<long>(
            "insert into api_token (staff_user_id, name, token_hash) values (@user, @name, @hash) returning id",
            new { user = User.StaffId(), name, hash = FindingsApi.Hash(token) }, tx);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.IssueApiToken, AuditEntities.ApiToken, id, after: new { name });
        await tx.CommitAsync();
        NewToken = token;
        Name = null;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long tokenId)
    {
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var revoked = await conn.ExecuteAsync(
            "update api_token set revoked_at = now() where id = @tokenId and staff_user_id = @user and revoked_at is null",
            new { tokenId, user = User.StaffId() }, tx);
        if (revoked == 1) await conn.WriteAsync(tx, User.Actor(), AuditActions.RevokeApiToken, AuditEntities.ApiToken, tokenId);
        await tx.CommitAsync();
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        Rows = (await conn.QueryAsync<Row>(
            "select id, name, created_at, last_used_at, revoked_at from api_token where staff_user_id = @user order by id desc",
            new { user = User.StaffId() })).ToList();
    }
}
