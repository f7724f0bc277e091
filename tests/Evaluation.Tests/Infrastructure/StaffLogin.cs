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

    /// <summary>An account of a commissioned institution (Art. 18), as the administrator creates it, signed in.</summary>
    public static async Task<(HttpClient Client, long Id)> InstitutionStaffAsync(this SitesFixture sites, string institution)
    {
        var n = Interlocked.Increment(ref _users);
        var userName = $"jigou{n}";
        const string password = "correct horse battery";
        await using (var conn = await sites.DataSource.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await Evaluation.Shared.Staff.StaffAccounts.CreateAsync(conn, tx, new Evaluation.Shared.Data.Audit.Actor(null, "test"), userName, $"机构人员{n}",
                Evaluation.Shared.Staff.StaffRoles.InstitutionStaff, null, password, institution: institution);
            await tx.CommitAsync();
        }
        var id = await sites.DataSource.ScalarAsync<long>("select id from staff_user where user_name = @userName", new { userName });
        var client = sites.Admin.Browser();
        var login = await client.SubmitAsync("/Account/Login", new Dictionary<string, string?> { ["UserName"] = userName, ["Password"] = password });
        Assert.Equal("/", login.RequestMessage!.RequestUri!.AbsolutePath);
        return (client, id);
    }
}
