using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Account;

/// <summary>
/// Sessions end on the server: a copied cookie stops working at logout, at a password reset or a deactivation, after
/// the idle time and after the absolute lifetime. Its own class: the tests move the fixture's clock.
/// </summary>
public class SessionTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private static int _users;

    /// <summary>A signed-in client and a second client holding a copy of its cookie (as a thief would).</summary>
    private async Task<(HttpClient Client, HttpClient Copy, long Id)> SignedInWithCopyAsync()
    {
        var userName = $"session{Interlocked.Increment(ref _users)}";
        var id = await sites.DataSource.StaffAsync(userName, "a long password", "organizer");
        var client = sites.Admin.Browser();
        var login = await client.SubmitAsync("/Account/Login", new Dictionary<string, string?> { ["UserName"] = userName, ["Password"] = "a long password" });
        Assert.Equal("/", login.RequestMessage!.RequestUri!.AbsolutePath);
        var cookie = login.RequestMessage.Headers.GetValues("Cookie").Single();
        var copy = sites.Admin.NoRedirects();
        copy.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await copy.GetAsync("/Decisions")).StatusCode);
        return (client, copy, id);
    }

    private static async Task AssertSignedOutAsync(HttpClient client)
    {
        var response = await client.GetAsync("/Decisions");
        // The copy shows the redirect, the browser-like client follows it.
        Assert.StartsWith("/Account/Login", response.Headers.Location?.AbsolutePath ?? response.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task After_logout_a_copied_cookie_no_longer_works()
    {
        var (client, copy, _) = await SignedInWithCopyAsync();
        await client.SubmitAsync("/", new Dictionary<string, string?>(), "header form[action$='/Account/Logout']");
        await AssertSignedOutAsync(copy);
    }

    [Fact]
    public async Task A_reset_or_a_deactivation_ends_the_session_and_a_password_change_ends_the_others()
    {
        var (_, resetCopy, resetId) = await SignedInWithCopyAsync();
        var (admin, _) = await sites.SignedInAsync("administrator");
        await admin.SubmitAsync($"/Users/Edit/{resetId}", new Dictionary<string, string?>(), "form[action$='handler=ResetPassword']");
        await AssertSignedOutAsync(resetCopy);

        var (_, deactivatedCopy, deactivatedId) = await SignedInWithCopyAsync();
        await sites.DataSource.ScalarAsync<long>("update staff_user set is_active = false where id = @deactivatedId returning id", new { deactivatedId });
        await AssertSignedOutAsync(deactivatedCopy);

        var (own, ownCopy, _) = await SignedInWithCopyAsync();
        var changed = await own.SubmitAsync("/Account/ChangePassword", new Dictionary<string, string?>
            { ["Current"] = "a long password", ["NewPassword"] = "a new long password", ["Confirm"] = "a new long password" });
        Assert.Equal("/", changed.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal("/Decisions", (await own.GetAsync("/Decisions")).RequestMessage!.RequestUri!.AbsolutePath);
        await AssertSignedOutAsync(ownCopy);
    }

    [Fact]
    public async Task A_session_ends_when_idle_and_after_twelve_hours_of_activity()
    {
        var (_, idle, _) = await SignedInWithCopyAsync();
        sites.Clock.Advance(TimeSpan.FromMinutes(31));
        await AssertSignedOutAsync(idle);

        // The signed-in client itself keeps its cookie renewed (sliding past half the idle time).
        var (busy, _, _) = await SignedInWithCopyAsync();
        for (var minutes = 20; minutes < 12 * 60; minutes += 20)
        {
            sites.Clock.Advance(TimeSpan.FromMinutes(20));
            Assert.Equal("/Decisions", (await busy.GetAsync("/Decisions")).RequestMessage!.RequestUri!.AbsolutePath);
        }
        // 12 h 5 min after signing in, 25 min after the last request: within the idle time, past the absolute lifetime.
        sites.Clock.Advance(TimeSpan.FromMinutes(25));
        await AssertSignedOutAsync(busy);
    }
}
