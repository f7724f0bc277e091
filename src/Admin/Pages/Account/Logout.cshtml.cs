using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Evaluation.Admin.Pages.Account;

/// <summary>Logging out ends the session on the server too: a copy of the cookie no longer works anywhere.</summary>
public sealed class LogoutModel(NpgsqlDataSource db) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        await using (var conn = await db.OpenConnectionAsync())
            await conn.EndSessionsAsync(User.StaffId());
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return RedirectToPage("/Account/Login");
    }
}
