using Evaluation.Shared.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddAppDefaults();
builder.Services.AddLocalizedRazorPages();

var app = builder.Build();
if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/Error");
app.UseStatusCodePagesWithReExecute("/Status", "?code={0}");
app.UseAppDefaults();
app.MapStaticAssets();
app.MapRazorPages().WithStaticAssets();
app.Run();
