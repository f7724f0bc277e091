using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using Evaluation.Analysis;
using Evaluation.Shared.Resources;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Portal;

/// <summary>
/// Art. 7: the published results as open data at stable addresses: the snapshot as JSON, and the dispositions ("you
/// said, we did") as CSV (UTF-8 with a byte order mark, so Excel reads the Chinese). /Results/{project}/data.json and
/// /opinions.csv are the current version; /Results/{project}/{version}/... a given one, which never changes.
/// </summary>
public static class ResultsData
{
    public static void MapResultsData(this WebApplication app)
    {
        app.MapGet("/Results/{projectId:long}/data.json", (long projectId, NpgsqlDataSource db) => JsonAsync(db, projectId, null));
        app.MapGet("/Results/{projectId:long}/{version:int}/data.json", (long projectId, int version, NpgsqlDataSource db) => JsonAsync(db, projectId, version));
        app.MapGet("/Results/{projectId:long}/opinions.csv", (long projectId, NpgsqlDataSource db, IStringLocalizer<Texts> texts) =>
            CsvAsync(db, texts, projectId, null));
        app.MapGet("/Results/{projectId:long}/{version:int}/opinions.csv", (long projectId, int version, NpgsqlDataSource db, IStringLocalizer<Texts> texts) =>
            CsvAsync(db, texts, projectId, version));
    }

    private static async Task<IResult> JsonAsync(NpgsqlDataSource db, long projectId, int? version)
    {
        if (await FindAsync(db, projectId, version) is not { } p) return Results.NotFound();
        // Art. 7, 30: a withdrawn version's data is gone; what remains public is that it was withdrawn, when and why.
        if (p.Withdrawn)
            return Results.Text(JsonSerializer.Serialize(new { p.ProjectId, p.Version, p.PublishedAt, p.WithdrawnAt, p.WithdrawalReason }, PublicResults.Json),
                "application/json; charset=utf-8", Encoding.UTF8, StatusCodes.Status410Gone);
        var body = new
        {
            p.ProjectId, p.Version, p.PublishedAt, p.SupersededAt, p.CurrentVersion, p.Snapshot,
        };
        return Results.Text(JsonSerializer.Serialize(body, PublicResults.Json), "application/json; charset=utf-8", Encoding.UTF8);
    }

    private static async Task<IResult> CsvAsync(NpgsqlDataSource db, IStringLocalizer<Texts> texts, long projectId, int? version)
    {
        if (await FindAsync(db, projectId, version) is not { } p) return Results.NotFound();
        if (p.Withdrawn) return Results.StatusCode(StatusCodes.Status410Gone);
        var output = new MemoryStream();
        await using (var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        // Opinions come from the public: a text starting with = + - @ must stay text, never become an Excel formula.
        await using (var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape }))
        {
            foreach (var header in new[] { "Results.Csv.Theme", "Results.Csv.Disposition", "Results.Csv.Reason", "Results.Csv.Text",
                         "Results.Csv.RespondentType", "Results.Csv.Region", "Results.Csv.ReceivedOn" })
                csv.WriteField(texts[header].Value);
            await csv.NextRecordAsync();
            foreach (var theme in p.Snapshot.Themes)
                foreach (var o in theme.Opinions)
                {
                    csv.WriteField(theme.Criterion is null ? texts["Results.OtherTheme"].Value : texts[$"Criterion.{theme.Criterion}"].Value);
                    csv.WriteField(texts[$"Disposition.{o.Disposition}"].Value);
                    csv.WriteField(o.Reason);
                    csv.WriteField(o.Text);
                    csv.WriteField(texts[$"RespondentType.{o.RespondentType}"].Value);
                    csv.WriteField(o.RegionName);
                    csv.WriteField(o.ReceivedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    await csv.NextRecordAsync();
                }
        }
        return Results.File(output.ToArray(), "text/csv; charset=utf-8",
            version is null ? $"results-{projectId}-opinions.csv" : $"results-{projectId}-v{version}-opinions.csv");
    }

    private static async Task<ResultsPublication?> FindAsync(NpgsqlDataSource db, long projectId, int? version)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await PublicResults.FindAsync(conn, projectId, version);
    }
}
