using Evaluation.Mail;

// The mail worker: reads the intake mailbox into opinions and sends the outbox (receipts, replies).
var builder = Host.CreateApplicationBuilder(args);
Evaluation.Shared.Privacy.KeyRing.CheckProtection(builder.Configuration, builder.Environment.IsProduction());
builder.Services.AddMailIntake(builder.Configuration);
builder.Services.AddHostedService<MailWorker>();
builder.Build().Run();
