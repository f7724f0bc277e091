using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Evaluation.Shared.Data;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Evaluation.Portal.Captcha;

public sealed class ProofOfWorkOptions
{
    /// <summary>The secret that signs challenges. Every instance of the Portal needs the same one; when empty, each
    /// process makes its own at start (fine for one instance).</summary>
    public string? HmacKey { get; set; }
    /// <summary>The secret number is drawn from 0 to this: the browser tries on average half of them (about a second
    /// at 50,000 on a desktop, a few on an old phone), a bot pays the same for every submission.</summary>
    public int MaxNumber { get; set; } = 50_000;
    /// <summary>How long a challenge may be solved and used.</summary>
    public int ExpiresSeconds { get; set; } = 1200;
}

/// <summary>A challenge in the ALTCHA protocol (v1), as the altcha widget fetches it.</summary>
public sealed record AltchaChallenge(
    [property: JsonPropertyName("algorithm")] string Algorithm,
    [property: JsonPropertyName("challenge")] string Challenge,
    [property: JsonPropertyName("maxnumber")] int MaxNumber,
    [property: JsonPropertyName("salt")] string Salt,
    [property: JsonPropertyName("signature")] string Signature);

/// <summary>
/// Self-hosted proof of work, compatible with ALTCHA: challenge = SHA-256(salt + secret number), signed with
/// HMAC-SHA256; the browser finds the number. Needs no third party, so it works on an intranet and in mainland China.
/// The expiry travels in the salt (salt?expires=unix seconds&amp;), covered by the hash and so by the signature. The
/// salt ends with '&amp;' so that no digit of the number can be moved into the expiry (salt + number is what is hashed),
/// and an expiry further off than a challenge lives is refused: a solution cannot be stockpiled. A solution is spent in the transaction that stores the submission (table captcha_use), so it protects one only.
/// </summary>
public sealed class ProofOfWork : ICaptcha
{
    public const string ChallengePath = "/captcha/challenge";
    private const string Algorithm = "SHA-256";
    private readonly byte[] _key;
    private readonly ProofOfWorkOptions _options;
    private readonly TimeProvider _clock;

    public ProofOfWork(IOptions<CaptchaOptions> options, TimeProvider clock, ILogger<ProofOfWork> log)
    {
        _options = options.Value.ProofOfWork;
        _clock = clock;
        if (string.IsNullOrEmpty(_options.HmacKey))
        {
            log.LogWarning("Captcha:ProofOfWork:HmacKey is not set: this process signs with its own key; set it when several instances serve the Portal");
            _key = RandomNumberGenerator.GetBytes(32);
        }
        else _key = Encoding.UTF8.GetBytes(_options.HmacKey);
    }

    public string FieldName => "altcha";

    public AltchaChallenge NewChallenge()
    {
        var expires = _clock.GetUtcNow().AddSeconds(_options.ExpiresSeconds).ToUnixTimeSeconds();
        var salt = $"{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}?expires={expires}&";
        var number = RandomNumberGenerator.GetInt32(_options.MaxNumber + 1);
        var challenge = Sha256Hex(salt + number.ToString(CultureInfo.InvariantCulture));
        return new AltchaChallenge(Algorithm, challenge, _options.MaxNumber, salt, Sign(challenge));
    }

    public Task<CaptchaCheck> VerifyAsync(string? solution, string action, string? clientAddress, CancellationToken cancellationToken) =>
        Task.FromResult(Verify(solution));

    public CaptchaCheck Verify(string? solution)
    {
        if (string.IsNullOrWhiteSpace(solution)) return new(CaptchaOutcome.Missing);
        if (Read(solution) is not { } p) return new(CaptchaOutcome.Invalid);
        // The signature first: it proves the challenge (and through it salt and expiry) came from us.
        if (p.Algorithm != Algorithm
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(p.Challenge)), Encoding.ASCII.GetBytes(p.Signature.ToLowerInvariant()))
            || Sha256Hex(p.Salt + p.Number.ToString(CultureInfo.InvariantCulture)) != p.Challenge.ToLowerInvariant())
            return new(CaptchaOutcome.Invalid);
        var now = _clock.GetUtcNow();
        // Beyond the lifetime (plus a minute for the clocks of several instances) no challenge of ours expires.
        if (Expiry(p.Salt, now.AddSeconds(_options.ExpiresSeconds + 60)) is not { } expires) return new(CaptchaOutcome.Invalid);
        if (expires <= now) return new(CaptchaOutcome.Expired);
        return new(CaptchaOutcome.Passed, new CaptchaProof(p.Challenge.ToLowerInvariant(), expires.UtcDateTime));
    }

    private sealed record Payload(string Algorithm, string Challenge, long Number, string Salt, string Signature);

    /// <summary>The widget posts base64(JSON {algorithm, challenge, number, salt, signature, took}).</summary>
    private static Payload? Read(string solution)
    {
        try
        {
            using var json = JsonDocument.Parse(Convert.FromBase64String(solution.Trim()));
            var root = json.RootElement;
            return new Payload(root.GetProperty("algorithm").GetString()!, root.GetProperty("challenge").GetString()!,
                root.GetProperty("number").GetInt64(), root.GetProperty("salt").GetString()!, root.GetProperty("signature").GetString()!);
        }
        catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or InvalidOperationException or NullReferenceException)
        {
            return null;
        }
    }

    /// <summary>The expiry of a salt that ends its parameters with '&amp;', if it is no later than <paramref name="latest"/>.</summary>
    private static DateTimeOffset? Expiry(string salt, DateTimeOffset latest)
    {
        var query = salt.IndexOf('?');
        if (query < 0 || !salt.EndsWith('&')) return null;
        foreach (var pair in salt[(query + 1)..^1].Split('&'))
            if (pair.StartsWith("expires=", StringComparison.Ordinal)
                && long.TryParse(pair["expires=".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var unix))
                return unix <= latest.ToUnixTimeSeconds() ? DateTimeOffset.FromUnixTimeSeconds(unix) : null;
        return null;
    }

    private string Sign(string challenge) => Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(challenge.ToLowerInvariant())));

    private static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary>Spent solutions past their expiry are refused by the expiry check anyway: their rows are removed hourly.</summary>
public sealed class CaptchaUsePurge(NpgsqlDataSource db, TimeProvider clock, ILogger<CaptchaUsePurge> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        do
        {
            try
            {
                await using var conn = await db.OpenConnectionAsync(stoppingToken);
                await conn.PurgeExpiredAsync(clock.GetUtcNow().UtcDateTime);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                log.LogWarning(e, "Purging spent captcha solutions failed; the next run tries again");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
