using Evaluation.Admin;
using Evaluation.Shared.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddAppDefaults();
builder.AddStaffSignIn();
builder.Services.AddRetentionJob();
builder.Services.AddChainJob();
builder.Services.AddPortalLinks();
builder.AddFindingsApi();
builder.Services.AddTriggers();
builder.Services.AddLocalizedRazorPages(StaffAccess.Configure);

var app = builder.Build();
app.UseSiteProtection();
app.UseNoStore();
if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/Error");
app.UseStatusCodePagesWithReExecute("/Status", "?code={0}");
app.UseAppDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.UsePasswordChangeRequired();
app.MapStaticAssets().AllowAnonymous();
app.MapRazorPages().WithStaticAssets();
app.MapFindingsApi();
app.Lifetime.ApplicationStarted.Register(() => StaffAccess.WarnIfPlainHttp(app));
app.Run();
