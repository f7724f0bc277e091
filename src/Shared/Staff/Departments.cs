using System.Data;
using Dapper;

namespace Evaluation.Shared.Staff;

public sealed record Department(long Id, string Name, string Kind, bool IsActive);

/// <summary>The kinds of department (Art. 3, 35).</summary>
public static class DepartmentKinds
{
    public const string CityOffice = "city_office";
    public const string JusticeBureau = "justice_bureau";
    public const string Bureau = "bureau";
    public const string Township = "township";
    public const string SubDistrict = "sub_district";
    public const string Zone = "zone";
    public static readonly string[] All = [CityOffice, JusticeBureau, Bureau, Township, SubDistrict, Zone];
}

/// <summary>The departments, read fresh each time: administrators change them in Admin.</summary>
public static class Departments
{
    public static async Task<IReadOnlyList<Department>> DepartmentsAsync(this IDbConnection conn, bool activeOnly = true) =>
        (await conn.QueryAsync<Department>(
            "select id, name, kind, is_active from department where is_active or not @activeOnly order by sort_order, name",
            new { activeOnly })).ToList();

    public static Task<Department?> DepartmentAsync(this IDbConnection conn, long id) =>
        conn.QuerySingleOrDefaultAsync<Department>("select id, name, kind, is_active from department where id = @id", new { id });

    public static Task<long> DepartmentIdAsync(this IDbConnection conn, string kind) =>
        conn.ExecuteScalarAsync<long>("select id from department where kind = @kind order by sort_order limit 1", new { kind });
}
