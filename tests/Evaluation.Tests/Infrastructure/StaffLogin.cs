namespace Evaluation.Tests.Infrastructure;

public static class StaffLogin
{
    private static int _users;

    /// <summary>A new staff account with the given role, and a client signed in as it.</summary>
    public static async Task<(HttpClient Client, string UserName)> SignedInAsync(this SitesFixture sites, string role)
    {
        var userName = $"{role.Replace("_", "")}{Interlocked.Increment(ref _users)}";
        const string password = "correct horse battery";
        await sites.DataSource.StaffAsync(userName, password, role);
        var client = sites.Admin.Browser();
        var response = await client.SubmitAsync("/Account/Login",
            new Dictionary<string, string?> { ["UserName"] = userName, ["Password"] = password });
        Assert.Equal("/", response.RequestMessage!.RequestUri!.AbsolutePath);
        return (client, userName);
    }
}
