using Evaluation.Mail;

// The mail worker: reads the intake mailbox into opinions and sends the outbox (receipts, replies).
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddMailIntake(builder.Configuration);
builder.Services.AddHostedService<MailWorker>();
builder.Build().Run();
