using Evaluation.Portal;
using Evaluation.Portal.Captcha;
using Evaluation.Portal.Pages.Consultations;
using Evaluation.Shared.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddAppDefaults();
builder.AddCaptcha();
builder.Services.AddLocalizedRazorPages();
builder.Services.AddKeptConsultationPage();

var app = builder.Build();
app.UseSiteProtection();
if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/Error");
app.UseStatusCodePagesWithReExecute("/Status", "?code={0}");
app.UseAppDefaults();
app.UseKeptConsultationPage();
app.MapStaticAssets();
app.MapCaptcha();
app.MapResultsData();
app.MapChainData();
app.MapRazorPages().WithStaticAssets();
app.Run();
