using Dapper;
using Evaluation.Shared.Decisions;
using Evaluation.Tests.Infrastructure;
using Npgsql;

namespace Evaluation.Tests.Domain;

/// <summary>The criteria have one list: the lookup table <c>criterion</c>, whose codes C# reads as constants.</summary>
public class CriteriaTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Theory]
    [InlineData(DecisionKinds.NormativeDocument, 6, "第十五条")]
    [InlineData(DecisionKinds.OtherMatter, 7, "第二十五条")]
    public async Task The_table_holds_the_same_codes_as_the_code_and_the_names_of_the_texts(string kind, int count, string article)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var rows = (await conn.QueryAsync<(string Code, string Name, string Article)>(
            "select code, name, article from criterion where decision_kind = @kind order by sort_order", new { kind })).ToList();

        Assert.Equal(count, rows.Count);
        Assert.Equal(Criteria.For(kind), rows.Select(r => r.Code));
        Assert.All(rows, r => Assert.Equal(Evaluation.Shared.Resources.Texts.Neutral($"Criterion.{r.Code}"), r.Name));
        Assert.All(rows, r => Assert.StartsWith(article, r.Article));
    }

    [Fact]
    public async Task A_criterion_outside_the_table_is_refused_by_the_database()
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var refused = await Assert.ThrowsAsync<PostgresException>(() =>
            conn.ExecuteAsync("insert into criterion_keyword (criterion, word) values ('popularity', '人气')"));
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, refused.SqlState);
        await conn.ExecuteAsync("insert into criterion_keyword (criterion, word) values ('legality', '于法有据')");
    }

    [Fact]
    public async Task A_consultation_ends_at_its_closing_time_or_earlier_when_staff_closed_it()
    {
        var closesAt = new DateTime(2030, 6, 1, 0, 0, 0, DateTimeKind.Utc);
        var planned = await db.ConsultationAsync(closesAt: closesAt);
        var closedEarly = await db.ConsultationAsync(closesAt: closesAt);
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var earlier = new DateTime(2030, 5, 1, 8, 0, 0, DateTimeKind.Utc);
        await conn.ExecuteAsync("update consultation set state = 'closed', closed_at = @earlier where id = @closedEarly", new { earlier, closedEarly });

        Assert.Equal(closesAt, await conn.ExecuteScalarAsync<DateTime>("select ends_at from consultation where id = @planned", new { planned }));
        Assert.Equal(earlier, await conn.ExecuteScalarAsync<DateTime>("select ends_at from consultation where id = @closedEarly", new { closedEarly }));
    }
}
