using Dapper;
using Npgsql;

namespace Evaluation.Tests.Infrastructure;

/// <summary>Rows of the evaluation work (triggers, annual plans, projects) and staff of a chosen department.</summary>
public static class EvaluationData
{
    private static int _users;

    /// <summary>A new staff account of a department, and a client signed in as it.</summary>
    public static async Task<HttpClient> SignedInAsync(this SitesFixture sites, string role, string department)
    {
        var userName = $"{role.Replace("_", "")}d{Interlocked.Increment(ref _users)}";
        const string password = "correct horse battery";
        await sites.DataSource.StaffAsync(userName, password, role, department);
        var client = sites.Admin.Browser();
        var response = await client.SubmitAsync("/Account/Login",
            new Dictionary<string, string?> { ["UserName"] = userName, ["Password"] = password });
        Assert.Equal("/", response.RequestMessage!.RequestUri!.AbsolutePath);
        return client;
    }

    /// <summary>A POST a page offers no form for (another role's action, another department's row), with the
    /// client's antiforgery token taken from the layout's logout form.</summary>
    public static async Task<HttpResponseMessage> PostAsync(this HttpClient client, string url, IReadOnlyDictionary<string, string?> fields)
    {
        var page = await client.GetHtmlAsync("/");
        var token = page.QuerySelector("header form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var values = fields.Where(f => f.Value is not null).Select(f => new KeyValuePair<string, string>(f.Key, f.Value!))
            .Append(new("__RequestVerificationToken", token));
        return await client.PostAsync(url, new FormUrlEncodedContent(values));
    }

    public static async Task<long> DecisionValidUntilAsync(this NpgsqlDataSource db, string title, string department, DateOnly? validUntil)
    {
        var id = await db.DecisionAsync(title, department: department);
        await using var conn = await db.OpenConnectionAsync();
        await conn.ExecuteAsync("update decision set valid_until = @validUntil where id = @id", new { id, validUntil });
        return id;
    }

    /// <summary>Opinions on a consultation, received at the given times.</summary>
    public static async Task OpinionsAsync(this NpgsqlDataSource db, long consultationId, params DateTimeOffset[] receivedAt)
    {
        await using var conn = await db.OpenConnectionAsync();
        await conn.ExecuteAsync(
            """
            insert into opinion (consultation_id, receipt_number, channel, respondent_type, region_code, body, created_at)
            select @consultationId, 'T' || md5(random()::text || t::text), 'online', 'citizen', 'chuan', '意见', t
            from unnest(@times) as t
            """, new { consultationId, times = receivedAt.Select(t => t.UtcDateTime).ToArray() });
        await conn.ExecuteAsync("update consultation set opinion_count = opinion_count + @n where id = @consultationId",
            new { consultationId, n = receivedAt.Length });
    }

    /// <summary>A plan of a year in a state (an approved one with its approval recorded).</summary>
    public static Task<long> PlanAsync(this NpgsqlDataSource db, int year, string state = "draft") =>
        db.ScalarAsync<long>(
            """
            insert into annual_plan (year, state, submitted_at, approval_number, approved_on)
            values (@year, @state, case when @state <> 'draft' then now() end,
                    case when @state = 'approved' then '任政字〔' || @year || '〕1号' end,
                    case when @state = 'approved' then make_date(@year, 1, 15) end)
            returning id
            """, new { year, state });

    /// <summary>A whole-evaluation item of a plan, evaluated by the decision's own department.</summary>
    public static Task<long> PlanItemAsync(this NpgsqlDataSource db, long planId, long decisionId) =>
        db.ScalarAsync<long>(
            """
            insert into annual_plan_item (plan_id, decision_id, scope, agency_department_id, planned_start, planned_end)
            select @planId, @decisionId, 'whole', department_id, date '2030-03-01', date '2030-10-31' from decision where id = @decisionId
            returning id
            """, new { planId, decisionId });

    /// <summary>An evaluation project of a decision, outside any plan.</summary>
    public static Task<long> ProjectAsync(this NpgsqlDataSource db, long decisionId) =>
        db.ScalarAsync<long>(
            """
            insert into evaluation_project (decision_id, title, procedure, scope, agency_department_id)
            select id, title, 'standard', 'whole', department_id from decision where id = @decisionId
            returning id
            """, new { decisionId });
}
