using Npgsql;

namespace Evaluation.Shared.Data;

/// <summary>
/// Least privilege (issue 13): each site connects as a login role of its own, a member of its group role
/// (evaluation_portal, evaluation_admin, evaluation_mail; migration 0405 creates them, 0406 and later scripts grant
/// to them). The login roles are neither superuser nor owner: they cannot alter a table, disable a trigger, change
/// an audit row or leave their grants. Migrations and the CLI's setup commands connect as the owner.
/// </summary>
public static class SiteRoles
{
    public static readonly IReadOnlyList<string> Sites = ["portal", "admin", "mail"];

    public static string GroupRole(string site) => $"evaluation_{site}";
    public static string LoginRole(string site) => $"evaluation_{site}_user";

    /// <summary>Creates the site's login role if missing (or sets its password), member of its group role only.</summary>
    public static async Task EnsureLoginAsync(string ownerConnectionString, string site, string? password)
    {
        if (!Sites.Contains(site)) throw new ArgumentException($"unknown site {site}", nameof(site));
        await using var conn = new NpgsqlConnection(ownerConnectionString);
        await conn.OpenAsync();
        var login = LoginRole(site);
        // Role names are fixed words (no user input); the password goes through quote_literal on the server.
        await using var cmd = new NpgsqlCommand(
            $"""
            do $$
            begin
                if not exists (select from pg_roles where rolname = '{login}') then
                    create role {login} login;
                end if;
            end
            $$;
            alter role {login} login nosuperuser nocreatedb nocreaterole inherit nobypassrls;
            grant {GroupRole(site)} to {login};
            """, conn);
        await cmd.ExecuteNonQueryAsync();
        if (password is not null)
        {
            await using var set = new NpgsqlCommand($"select format('alter role {login} password %L', @password)", conn);
            set.Parameters.AddWithValue("password", password);
            var sql = (string)(await set.ExecuteScalarAsync())!;
            await using var alter = new NpgsqlCommand(sql, conn);
            await alter.ExecuteNonQueryAsync();
        }
    }

    /// <summary>The owner's connection string with the site's login role (and its password) instead.</summary>
    public static string ConnectionString(string ownerConnectionString, string site, string? password) =>
        new NpgsqlConnectionStringBuilder(ownerConnectionString) { Username = LoginRole(site), Password = password }.ConnectionString;
}
