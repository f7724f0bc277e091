namespace Evaluation.Tests.Infrastructure;

/// <summary>Staff of a named department, signed in; and requests made outside a page's own forms (a forged or replayed
/// post), carrying the session's valid antiforgery token so that only the page's own checks decide.</summary>
public static class DepartmentStaff
{
    private static int _users;

    public static async Task<(HttpClient Client, string UserName, long Id)> StaffOfAsync(this SitesFixture sites, string department,
        string role = "evaluation_staff")
    {
        var userName = $"{role.Replace("_", "")}d{Interlocked.Increment(ref _users)}";
        const string password = "correct horse battery";
        var id = await sites.DataSource.StaffAsync(userName, password, role, department);
        var client = sites.Admin.Browser();
        var response = await client.SubmitAsync("/Account/Login",
            new Dictionary<string, string?> { ["UserName"] = userName, ["Password"] = password });
        Assert.Equal("/", response.RequestMessage!.RequestUri!.AbsolutePath);
        return (client, userName, id);
    }

    /// <summary>Posts the fields to any URL with the antiforgery token of the client's session (taken from a page every
    /// signed-in user has).</summary>
    public static async Task<HttpResponseMessage> PostWithTokenAsync(this HttpClient client, string url,
        Dictionary<string, string>? fields = null)
    {
        var page = await client.GetHtmlAsync("/Account/ChangePassword");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var values = new Dictionary<string, string>(fields ?? []) { ["__RequestVerificationToken"] = token };
        return await client.PostAsync(url, new FormUrlEncodedContent(values));
    }
}
