using Evaluation.Shared.Data;
using Evaluation.Shared.Mail;
using Evaluation.Shared.Privacy;

namespace Evaluation.Mail;

public static class MailServices
{
    /// <summary>What the worker needs, also for tests that drive its steps one at a time.</summary>
    public static IServiceCollection AddMailIntake(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddEvaluationDatabase(configuration);
        services.AddKeyRing(configuration);
        services.AddLocalization();
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<MailOptions>().BindConfiguration("Mail")
            .Validate(o => o.IntakeConfigured, "Mail:Imap:Host is not set: the mail worker has nothing to read")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Smtp.Host), "Mail:Smtp:Host is not set: receipts and replies cannot be sent")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Smtp.From ?? o.Address), "Mail:Smtp:From or Mail:Address is needed as the sender")
            .Validate(o => o.PerSenderPerDay > 0 && o.MaxMessageBytes > 0 && o.PollSeconds > 0 && o.Smtp.MaxAttempts > 0, "Mail limits must be positive")
            .ValidateOnStart();
        services.AddSingleton<MailTexts>();
        services.AddSingleton<MailIntake>();
        services.AddSingleton<OutboxSender>();
        return services;
    }
}
