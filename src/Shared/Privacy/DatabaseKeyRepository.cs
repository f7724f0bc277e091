using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Evaluation.Shared.Privacy;

/// <summary>
/// The Data Protection key ring in the data_protection_key table, so that every site and instance on the same
/// database shares the keys: personal data Portal encrypts, Admin can read. The interface is synchronous; keys are
/// read rarely (at start and when the ring is refreshed, about once a day).
/// </summary>
public sealed class DatabaseKeyRepository(NpgsqlDataSource db) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var conn = db.OpenConnection();
        return conn.Query<string>("select xml from data_protection_key order by id").Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var conn = db.OpenConnection();
        // Two instances starting together may both create a key; both are kept (the ring may hold several).
        conn.Execute(
            """
            insert into data_protection_key (friendly_name, xml) values (@friendlyName, @xml)
            on conflict (friendly_name) do nothing
            """, new { friendlyName, xml = element.ToString(SaveOptions.DisableFormatting) });
    }
}
