using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Evaluation.Portal.Captcha;

public sealed class RecaptchaOptions
{
    public string? SiteKey { get; set; }
    public string? SecretKey { get; set; }
    /// <summary>2 (the checkbox) or 3 (invisible, scored).</summary>
    public int Version { get; set; } = 2;
    /// <summary>www.recaptcha.net is the host reachable from mainland China; www.google.com elsewhere.</summary>
    public string VerifyUrl { get; set; } = "https://www.recaptcha.net/recaptcha/api/siteverify";
    public string ScriptUrl { get; set; } = "https://www.recaptcha.net/recaptcha/api.js";
    /// <summary>v3: the lowest score accepted, unless the action has its own in Scores.</summary>
    public double MinimumScore { get; set; } = 0.5;
    /// <summary>v3: the lowest score per action (opinion, ...).</summary>
    public Dictionary<string, double> Scores { get; set; } = [];

    public bool IsComplete() => !string.IsNullOrEmpty(SiteKey) && !string.IsNullOrEmpty(SecretKey)
                                && Uri.TryCreate(VerifyUrl, UriKind.Absolute, out _) && Uri.TryCreate(ScriptUrl, UriKind.Absolute, out _)
                                && Version is 2 or 3;

    public double ScoreFor(string action) => Scores.TryGetValue(action, out var s) ? s : MinimumScore;
}

/// <summary>Google reCAPTCHA v2 or v3, verified server to server with the siteverify API.</summary>
public sealed class Recaptcha(HttpClient http, IOptions<CaptchaOptions> options, ILogger<Recaptcha> log) : ICaptcha
{
    private readonly RecaptchaOptions _options = options.Value.Recaptcha;

    public string FieldName => "g-recaptcha-response";

    private sealed record Answer(
        [property: JsonPropertyName("success")] bool Success,
        [property: JsonPropertyName("score")] double? Score,
        [property: JsonPropertyName("action")] string? Action,
        [property: JsonPropertyName("error-codes")] string[]? ErrorCodes);

    public async Task<CaptchaCheck> VerifyAsync(string? solution, string action, string? clientAddress, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(solution)) return new(CaptchaOutcome.Missing);
        var form = new Dictionary<string, string> { ["secret"] = _options.SecretKey!, ["response"] = solution.Trim() };
        // No remoteip: the client's address is not Google's to have (PIPL: no transfer beyond what the widget itself needs).
        Answer? answer;
        try
        {
            using var response = await http.PostAsync(_options.VerifyUrl, new FormUrlEncodedContent(form), cancellationToken);
            response.EnsureSuccessStatusCode();
            answer = await response.Content.ReadFromJsonAsync<Answer>(cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            log.LogWarning("reCAPTCHA siteverify unreachable: {Error}", e.Message);
            return new(CaptchaOutcome.Unavailable);
        }
        if (answer is null) return new(CaptchaOutcome.Unavailable);
        if (!answer.Success)
            return new(answer.ErrorCodes?.Contains("timeout-or-duplicate") == true ? CaptchaOutcome.Expired : CaptchaOutcome.Invalid);
        if (_options.Version == 3)
        {
            // A token made for another action (another form) does not count here.
            if (answer.Action != action || (answer.Score ?? 0) < _options.ScoreFor(action)) return new(CaptchaOutcome.Invalid);
        }
        return CaptchaCheck.Passed;
    }
}
