using Dapper;
using Evaluation.Shared.Data;
using Evaluation.Shared.Opinions;
using Evaluation.Shared.Respondents;
using Evaluation.Shared.Staff;
using Npgsql;

namespace Evaluation.Tests.Infrastructure;

/// <summary>Rows a test needs, written straight to its database. What depends on the time is made by the fixture,
/// at its clock's time.</summary>
public static class TestData
{
    /// <summary>A decision of a department (by name; the justice bureau, the default staff department of the tests).</summary>
    public static async Task<long> DecisionAsync(this NpgsqlDataSource db, string title = "测试决策", string? documentNumber = null,
        string department = "任丘市司法局")
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>(
            """
            insert into decision (title, document_number, kind, department_id, issuing_body, issued_on, effective_on, summary_md, full_text)
            values (@title, @documentNumber, 'normative_document', (select id from department where name = @department),
                    '任丘市人民政府办公室', date '2024-01-01', date '2024-02-01', '摘要', '全文')
            returning id
            """, new { title, documentNumber, department });
    }

    /// <summary>A consultation; by default open from an hour ago (on the fixture's clock) for thirty days.</summary>
    public static async Task<long> ConsultationAsync(this DatabaseFixture fixture, long? decisionId = null, string state = "open",
        DateTime? opensAt = null, DateTime? closesAt = null, string title = "测试征求意见")
    {
        decisionId ??= await fixture.DataSource.DecisionAsync();
        await using var conn = await fixture.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>(
            """
            insert into consultation (decision_id, title, description_md, opens_at, closes_at, state)
            values (@decisionId, @title, '说明', @opensAt, @closesAt, @state)
            returning id
            """,
            new
            {
                decisionId, title, state,
                opensAt = opensAt ?? fixture.Now.AddHours(-1),
                closesAt = closesAt ?? fixture.Now.AddDays(30),
            });
    }

    /// <summary>An opinion written straight to the table, by default at the fixture's time.</summary>
    public static async Task<long> OpinionAsync(this DatabaseFixture fixture, long consultationId, string body, DateTime? at = null)
    {
        await using var conn = await fixture.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>(
            """
            insert into opinion (consultation_id, receipt_number, channel, respondent_type, region_code, body, created_at)
            values (@consultationId, @receipt, 'online', 'citizen', 'xinhualu', @body, @at) returning id
            """, new { consultationId, receipt = Receipt.NewNumber(), body, at = at ?? fixture.Now });
    }

    /// <summary>An opinion taken in as the Portal takes it (the intake's rules and transaction), at the fixture's time.</summary>
    public static async Task<SubmitResult.Accepted> AcceptedOpinionAsync(this DatabaseFixture fixture, NewOpinion opinion) =>
        Assert.IsType<SubmitResult.Accepted>(await fixture.DataSource.SubmitAsync(fixture.PersonalData, opinion, fixture.Now));

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

    public static async Task<int> ExecuteAsync(this NpgsqlDataSource db, string sql, object? args = null)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.ExecuteAsync(sql, args);
    }
}
