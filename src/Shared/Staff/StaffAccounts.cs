using System.Data;
using System.Security.Cryptography;
using Dapper;
using Evaluation.Shared.Data;
using Microsoft.AspNetCore.Identity;

namespace Evaluation.Shared.Staff;

public sealed record StaffUser(long Id, string UserName, string DisplayName, string Role, long? DepartmentId,
    string PasswordHash, bool IsActive, int FailedLoginCount, DateTime? LockedUntil);

/// <summary>Staff accounts: passwords hashed with ASP.NET Core Identity's PasswordHasher (PBKDF2, versioned).</summary>
public static class StaffAccounts
{
    private static readonly PasswordHasher<StaffUser> Hasher = new();
    public const int MinimumPasswordLength = 10;

    public static string Hash(string password) => Hasher.HashPassword(null!, password);

    public static PasswordVerificationResult Verify(StaffUser user, string password) =>
        Hasher.VerifyHashedPassword(user, user.PasswordHash, password);

    // A hash of nothing anyone knows, verified when the account is unknown or inactive, so that the answer takes as long
    // as for a real account: timing does not tell which user names exist.
    private static readonly string DummyHash = Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));

    /// <summary>Spends the time of a verification and fails: for a user name with no usable account.</summary>
    public static PasswordVerificationResult VerifyNobody(string password)
    {
        Hasher.VerifyHashedPassword(null!, DummyHash, password);
        return PasswordVerificationResult.Failed;
    }

    /// <summary>A password for a new account or a reset: 16 symbols, no look-alikes; shown once, never stored.</summary>
    public static string NewPassword()
    {
        const string symbols = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return RandomNumberGenerator.GetString(symbols, 16);
    }

    /// <summary>The account of a user name (any case), locked for the rest of the caller's transaction: the login and
    /// the password reset both change the row they read.</summary>
    public static Task<StaffUser?> FindAsync(this IDbConnection conn, string userName, IDbTransaction? tx = null) =>
        conn.QuerySingleOrDefaultAsync<StaffUser>(
            """
            select id, user_name, display_name, role, department_id, password_hash, is_active, failed_login_count, locked_until
            from staff_user where lower(user_name) = lower(@userName) for update
            """, new { userName = userName.Trim() }, tx);

    /// <summary>A new account; <paramref name="mustChangePassword"/> when the password was generated and shown to
    /// someone (Users/Create, ensure-admin): the holder then changes it at the first sign-in.</summary>
    public static async Task<long> CreateAsync(this IDbConnection conn, IDbTransaction tx, Audit.Actor actor,
        string userName, string displayName, string role, long? departmentId, string password, bool mustChangePassword = false,
        string? institution = null)
    {
        var id = await conn.ExecuteScalarAsync<long>(
            """
            insert into staff_user (user_name, display_name, role, department_id, password_hash, must_change_password, institution)
            values (@userName, @displayName, @role, @departmentId, @hash, @mustChangePassword, @institution)
            returning id
            """,
            new { userName, displayName, role, departmentId, hash = Hash(password), mustChangePassword, institution }, tx);
        await conn.WriteAsync(tx, actor, AuditActions.Create, AuditEntities.StaffUser, id,
            after: institution is null ? new { userName, displayName, role, departmentId } : (object)new { userName, displayName, role, departmentId, institution });
        return id;
    }
}
