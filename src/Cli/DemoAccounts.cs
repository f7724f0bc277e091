using Dapper;
using Npgsql;

namespace Evaluation.Cli;

/// <summary>The authors of the demo records: an evaluator, the city government office and the justice bureau's reviewer.</summary>
internal static class DemoAccounts
{
    public sealed record Staff(long Evaluator, long Organizer, long Reviewer);

    /// <summary>The demo evaluator's user name: the name its records and audit rows carry.</summary>
    public const string EvaluatorName = "demo.pinggu";

    /// <summary>The demo accounts' user names (remove-demo deletes them). The demo's audit rows name them without
    /// pointing at them (actor_id null), so that they can go while the append-only log stays.</summary>
    public static readonly string[] UserNames = [EvaluatorName, "demo.zhengfuban", "demo.sifaju"];

    /// <summary>The demo's authors: accounts that cannot sign in (inactive, no usable password).</summary>
    public static async Task<Staff> EnsureAsync(NpgsqlConnection conn, NpgsqlTransaction tx)
    {
        async Task<long> AccountAsync(string userName, string displayName, string role, string kind) =>
            await conn.ExecuteScalarAsync<long>(
                """
                insert into staff_user (user_name, display_name, role, department_id, password_hash, is_active)
                values (@userName, @displayName, @role, (select id from department where kind = @kind order by sort_order limit 1),
                        'demo-account-cannot-sign-in', false)
                on conflict (lower(user_name)) do update set display_name = excluded.display_name
                returning id
                """, new { userName, displayName, role, kind }, tx);
        return new Staff(
            await AccountAsync(EvaluatorName, "演示评估员（示例）", "evaluation_staff", "city_office"),
            await AccountAsync("demo.zhengfuban", "演示市政府办公室（示例）", "organizer", "city_office"),
            await AccountAsync("demo.sifaju", "演示合法性审查员（示例）", "legal_reviewer", "justice_bureau"));
    }
}
