using System.Globalization;
using Dapper;
using Evaluation.Shared.Web;

namespace Evaluation.Admin.Pages.Opinions;

/// <summary>The filters of the opinion list, shared by the list and its CSV export so both show the same rows.</summary>
public sealed class OpinionFilter
{
    public long ConsultationId { get; set; }
    public string? RespondentType { get; set; }
    public string? Region { get; set; }
    public string? Status { get; set; }
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }

    /// <summary>The where clause over `opinion o`, and its parameters. Dates are days in China Standard Time.</summary>
    public (string Where, DynamicParameters Parameters) ToSql()
    {
        var p = new DynamicParameters();
        var where = new List<string> { "o.consultation_id = @consultationId" };
        p.Add("consultationId", ConsultationId);
        if (!string.IsNullOrEmpty(RespondentType)) { where.Add("o.respondent_type = @respondentType"); p.Add("respondentType", RespondentType); }
        if (!string.IsNullOrEmpty(Region)) { where.Add("o.region_code = @region"); p.Add("region", Region); }
        if (!string.IsNullOrEmpty(Status)) { where.Add("o.status = @status"); p.Add("status", Status); }
        if (From is { } from)
        {
            where.Add("o.created_at >= @from");
            p.Add("from", Display.FromChinaTime(from.ToDateTime(TimeOnly.MinValue)));
        }
        if (To is { } to)
        {
            where.Add("o.created_at < @to");
            p.Add("to", Display.FromChinaTime(to.AddDays(1).ToDateTime(TimeOnly.MinValue)));
        }
        return (string.Join(" and ", where), p);
    }

    /// <summary>The filter as query-string values, for links to other pages of the list and to the export.</summary>
    public Dictionary<string, string> ToQuery(int? page = null)
    {
        var q = new Dictionary<string, string> { ["consultationId"] = ConsultationId.ToString(CultureInfo.InvariantCulture) };
        if (!string.IsNullOrEmpty(RespondentType)) q["respondentType"] = RespondentType;
        if (!string.IsNullOrEmpty(Region)) q["region"] = Region;
        if (!string.IsNullOrEmpty(Status)) q["status"] = Status;
        if (From is { } from) q["from"] = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (To is { } to) q["to"] = to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (page is { } n) q["p"] = n.ToString(CultureInfo.InvariantCulture);
        return q;
    }
}
