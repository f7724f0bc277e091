using Evaluation.Shared.Chain;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Evaluation.Portal.Pages.Chain;

/// <summary>证据链 (Art. 4, 6): the heads published each day and how a citizen uses them with a receipt.</summary>
public sealed class IndexModel(NpgsqlDataSource db) : PageModel
{
    public ChainStatus Status { get; private set; } = new(0, null, null, 0, null);
    public IReadOnlyList<ChainDay> Days { get; private set; } = [];

    public async Task OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        Status = await conn.StatusAsync();
        Days = await conn.DaysAsync();
    }
}
