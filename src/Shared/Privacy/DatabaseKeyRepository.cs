using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Evaluation.Shared.Privacy;

/// <summary>
/// One Data Protection key ring (see <see cref="KeyRing"/>) in the data_protection_key table, so that every site and
/// instance on the same database shares its keys. The interface is synchronous; keys are read rarely (at start and
/// when the ring is refreshed, about once a day). Row-level security keeps the Portal's role to the shared ring.
/// </summary>
public sealed class DatabaseKeyRepository(NpgsqlDataSource db, string ring) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var conn = db.OpenConnection();
        return conn.Query<string>("select xml from data_protection_key where ring = @ring order by id", new { ring })
            .Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var conn = db.OpenConnection();
        // Two instances starting together may both create a key; both are kept (the ring may hold several).
        conn.Execute(
            """
            insert into data_protection_key (ring, friendly_name, xml) values (@ring, @friendlyName, @xml)
            on conflict (ring, friendly_name) do nothing
            """, new { ring, friendlyName, xml = element.ToString(SaveOptions.DisableFormatting) });
    }
}
