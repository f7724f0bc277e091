using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Evaluation.Shared.Web;

/// <summary>
/// Who is asking, for the rate limits. X-Forwarded-For and X-Forwarded-Proto count only when the request comes
/// from a proxy named in configuration (ForwardedHeaders:KnownProxies, ForwardedHeaders:KnownNetworks); from anyone
/// else they are ignored, or any client could pick its own address and escape every limit.
/// </summary>
public static class ClientAddress
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("ForwardedHeaders");
        var proxies = section.GetSection("KnownProxies").Get<string[]>() ?? [];
        var networks = section.GetSection("KnownNetworks").Get<string[]>() ?? [];
        // Parsed here so that a typo stops the start instead of silently trusting nobody.
        var proxyAddresses = proxies.Select(p => IPAddress.TryParse(p, out var a) ? a
            : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies: '{p}' is not an IP address")).ToList();
        var networkRanges = networks.Select(n => System.Net.IPNetwork.TryParse(n, out var r) ? r
            : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks: '{n}' is not a network such as 10.0.0.0/8")).ToList();
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            // With no proxy named the headers are not read at all: the middleware trusts every sender when both
            // lists are empty.
            o.ForwardedHeaders = proxyAddresses.Count + networkRanges.Count == 0
                ? ForwardedHeaders.None
                : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = section.GetValue("ForwardLimit", 1);
            // The framework trusts loopback by default; here only what configuration names is trusted.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var a in proxyAddresses) o.KnownProxies.Add(a);
            foreach (var n in networkRanges) o.KnownIPNetworks.Add(n);
        });
        return services;
    }

    /// <summary>The key a client is counted under: its IPv4 address, or its IPv6 /64 network (one subscriber's share).</summary>
    public static string PartitionKey(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
