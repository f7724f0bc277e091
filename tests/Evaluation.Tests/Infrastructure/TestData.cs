using Dapper;
using Evaluation.Shared.Data;
using Evaluation.Shared.Staff;
using Npgsql;

namespace Evaluation.Tests.Infrastructure;

/// <summary>Rows a test needs, written straight to its database.</summary>
public static class TestData
{
    /// <summary>A decision of a department (by name; the justice bureau, the default staff department of the tests).</summary>
    public static async Task<long> DecisionAsync(this NpgsqlDataSource db, string title = "测试决策", string? documentNumber = null,
        string department = "任丘市司法局")
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>(
            """
            insert into decision (title, document_number, kind, department_id, issuing_body, issued_on, effective_on, summary_html, full_text)
            values (@title, @documentNumber, 'normative_document', (select id from department where name = @department),
                    '任丘市人民政府办公室', date '2024-01-01', date '2024-02-01', '<p>摘要</p>', '全文')
            returning id
            """, new { title, documentNumber, department });
    }

    /// <summary>A consultation; by default open from an hour ago for thirty days.</summary>
    public static async Task<long> ConsultationAsync(this NpgsqlDataSource db, long? decisionId = null, string state = "open",
        DateTime? opensAt = null, DateTime? closesAt = null, string title = "测试征求意见")
    {
        decisionId ??= await db.DecisionAsync();
        await using var conn = await db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>(
            """
            insert into consultation (decision_id, title, description_html, opens_at, closes_at, state)
            values (@decisionId, @title, '<p>说明</p>', @opensAt, @closesAt, @state)
            returning id
            """,
            new
            {
                decisionId, title, state,
                opensAt = opensAt ?? DateTime.UtcNow.AddHours(-1),
                closesAt = closesAt ?? DateTime.UtcNow.AddDays(30),
            });
    }

    public static async Task<long> StaffAsync(this NpgsqlDataSource db, string userName, string password, string role,
        string? department = null)
    {
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        department ??= role switch
        {
            "evaluation_staff" or "legal_reviewer" => "任丘市司法局",
            "organizer" => "任丘市人民政府办公室",
            _ => null,
        };
        var departmentId = department is null ? null
            : await conn.ExecuteScalarAsync<long?>("select id from department where name = @department", new { department }, tx);
        var id = await conn.CreateAsync(tx, new Audit.Actor(null, "test"), userName, userName, role, departmentId, password);
        await tx.CommitAsync();
        return id;
    }

    public static async Task<T> ScalarAsync<T>(this NpgsqlDataSource db, string sql, object? args = null)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<T>(sql, args) ?? throw new InvalidOperationException($"null from {sql}");
    }
}
