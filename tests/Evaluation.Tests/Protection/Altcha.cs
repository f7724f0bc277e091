using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Evaluation.Tests.Protection;

/// <summary>The client side of the ALTCHA protocol, written from its description rather than from our server code, so
/// that a test fails if the server drifts from the protocol the widget speaks.</summary>
public static class Altcha
{
    public sealed record Challenge(string algorithm, string challenge, int maxnumber, string salt, string signature);

    public static async Task<Challenge> FetchAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<Challenge>("/captcha/challenge"))!;

    /// <summary>Finds the number as the widget does, and returns the form value it would post.</summary>
    public static string Solve(Challenge c)
    {
        for (var n = 0; n <= c.maxnumber; n++)
            if (Hex(SHA256.HashData(Encoding.UTF8.GetBytes(c.salt + n))) == c.challenge)
                return Payload(c.algorithm, c.challenge, n, c.salt, c.signature);
        throw new InvalidOperationException("no solution up to maxnumber");
    }

    /// <summary>A challenge made and solved with the given key, as a forger would.</summary>
    public static string Forge(string hmacKey, DateTimeOffset expires, int number = 42) =>
        Forge(hmacKey, expires.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), number);

    /// <summary>The same with the expiry's digits as given (a value no clock can hold, say).</summary>
    public static string Forge(string hmacKey, string expires, int number = 42)
    {
        var salt = $"{Hex(RandomNumberGenerator.GetBytes(12))}?expires={expires}&";
        var challenge = Hex(SHA256.HashData(Encoding.UTF8.GetBytes(salt + number)));
        var signature = Hex(HMACSHA256.HashData(Encoding.UTF8.GetBytes(hmacKey), Encoding.UTF8.GetBytes(challenge)));
        return Payload("SHA-256", challenge, number, salt, signature);
    }

    public static string Payload(string algorithm, string challenge, int number, string salt, string signature) =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new { algorithm, challenge, number, salt, signature, took = 5 }));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
