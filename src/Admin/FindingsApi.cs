using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Dapper;
using Evaluation.Analysis;
using Evaluation.Shared.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Evaluation.Admin;

/// <summary>
/// The read-only JSON API for evaluators' own tools: GET /api/consultations/{id}/findings and
/// /api/decisions/{id}/findings, authenticated with a per-user token issued in Admin ("Authorization: Bearer ...").
/// A token acts as its staff user: it reads only what that user sees in Admin (anything else is not found).
/// </summary>
public static class FindingsApi
{
    public const string Scheme = "ApiToken";
    public const string Policy = "api";

    public static WebApplicationBuilder AddFindingsApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<FindingsOptions>().BindConfiguration("Findings")
            .Validate(o => o.IsValid(), "Findings: thresholds out of range").ValidateOnStart();
        builder.Services.AddSingleton<FindingsRefresher>();
        builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, TokenHandler>(Scheme, null);
        builder.Services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
        return builder;
    }

    public static void MapFindingsApi(this WebApplication app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(Policy);
        api.MapGet("/consultations/{id:long}/findings", (long id, ClaimsPrincipal user, NpgsqlDataSource db, [FromKeyedServices(Database.ReadMostly)] NpgsqlDataSource readMostly, IOptions<FindingsOptions> options, TimeProvider clock, CancellationToken ct) =>
            Serve(db, readMostly, user, FindingsScope.Consultation(id), options.Value, clock, ct));
        api.MapGet("/decisions/{id:long}/findings", (long id, ClaimsPrincipal user, NpgsqlDataSource db, [FromKeyedServices(Database.ReadMostly)] NpgsqlDataSource readMostly, IOptions<FindingsOptions> options, TimeProvider clock, CancellationToken ct) =>
            Serve(db, readMostly, user, FindingsScope.Decision(id), options.Value, clock, ct));
    }

    private static async Task<IResult> Serve(NpgsqlDataSource db, NpgsqlDataSource readMostly, ClaimsPrincipal user, FindingsScope scope, FindingsOptions options,
        TimeProvider clock, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await conn.SeesFindingsAsync(user, scope)) return Results.NotFound();
        if (await FindingsStore.GetAsync(db, scope, options, clock, ct, readMostly) is not { } findings) return Results.NotFound();
        // Every read through the API is audited: a token works unattended, so its use must show.
        await conn.WriteAsync(null, user.Actor(), AuditActions.ApiRead, scope.Name, scope.Id);
        return Results.Text(FindingsStore.ToJson(findings), "application/json; charset=utf-8");
    }

    /// <summary>A new token: shown once to its owner; only its SHA-256 is kept.</summary>
    public static string NewToken() => "ev_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private sealed class TokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
        NpgsqlDataSource db) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var header = Request.Headers.Authorization.ToString();
            if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
            await using var conn = await db.OpenConnectionAsync();
            var user = await conn.QuerySingleOrDefaultAsync<(long Id, string UserName, string DisplayName, string Role)?>(
                """
                update api_token t set last_used_at = now()
                from staff_user u
                where t.token_hash = @hash and t.revoked_at is null and u.id = t.staff_user_id and u.is_active
                returning u.id, u.user_name, u.display_name, u.role
                """, new { hash = Hash(header["Bearer ".Length..].Trim()) });
            if (user is not { } u) return AuthenticateResult.Fail("unknown or revoked token");
            var principal = StaffAccess.Principal(u.Id, u.UserName, u.DisplayName, u.Role);
            return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(principal.Claims, FindingsApi.Scheme)), FindingsApi.Scheme));
        }
    }
}
