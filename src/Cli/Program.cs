using Dapper;
using DbUp.Engine.Output;
using Evaluation.Analysis;
using Evaluation.Analysis.Text;
using Evaluation.Shared;
using Evaluation.Shared.Chain;
using Evaluation.Shared.Data;
using Evaluation.Shared.Privacy;
using Evaluation.Shared.Staff;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

// `evaluation <command>`: the explicit steps around the sites (migrations, demo data, first admin account, the
// removal of contact data past its retention period).
// Options are --name=value; positional arguments (an id, a path that may start with /) are read from args.
var configuration = new ConfigurationBuilder().AddEnvironmentVariables()
    .AddCommandLine(args.Skip(1).Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToArray()).Build();
var command = args.FirstOrDefault() ?? "help";
// The same core as the sites: the data source, the clock, the key ring. Built lazily: `help` needs no database.
var core = new Lazy<ServiceProvider>(() => new ServiceCollection().AddEvaluationCore(configuration).BuildServiceProvider());
NpgsqlDataSource Db() => core.Value.GetRequiredService<NpgsqlDataSource>();
TimeProvider Clock() => core.Value.GetRequiredService<TimeProvider>();

try
{
    return command switch
    {
        "migrate" => Migrate(),
        "seed-demo" => await SeedDemo(),
        "remove-demo" => await RemoveDemo(),
        "demo-consultation" => await DemoConsultation(),
        "ensure-admin" => await EnsureAdmin(),
        "reset-password" => await ResetPassword(args.ElementAtOrDefault(1)),
        "findings" => await ExportFindings(args.ElementAtOrDefault(1)),
        "purge-personal-data" => await PurgePersonalData(),
        "analyse-text" => await AnalyseText(),
        "site-logins" => await SiteLogins(args.ElementAtOrDefault(1)),
        "key-certificate" => KeyCertificate(args.ElementAtOrDefault(1)),
        "verify-chain" => await VerifyChain(),
        _ => Help(),
    };
}
catch (NpgsqlException e)
{
    Console.Error.WriteLine($"database error: {e.Message}");
    return 1;
}

// The sites' own login roles (issue 13): for each site a password file in the folder (made once, mode 0600) and a
// login role with that password, member of the site's group role. Run as the owner, after migrate.
async Task<int> SiteLogins(string? folder)
{
    if (string.IsNullOrEmpty(folder)) { Console.Error.WriteLine("usage: evaluation site-logins <folder for the password files>"); return 2; }
    Directory.CreateDirectory(folder);
    var owner = Database.ConnectionString(configuration);
    foreach (var site in SiteRoles.Sites)
    {
        var file = Path.Combine(folder, $"{site}-db-password");
        if (!File.Exists(file) || new FileInfo(file).Length == 0)
        {
            File.WriteAllText(file, Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        var password = File.ReadAllText(file).Trim();
        await SiteRoles.EnsureLoginAsync(owner, site, password);
        // For the script that starts the sites: each one's connection string (the secret stays in the folder's files).
        if (configuration.GetValue<bool>("print")) Console.WriteLine($"{site}\t{SiteRoles.ConnectionString(owner, site, password)}");
    }
    return 0;
}

// The certificate that encrypts the Data Protection keys (issue 13), made once; never replaced, the keys need it.
int KeyCertificate(string? path)
{
    if (string.IsNullOrEmpty(path)) { Console.Error.WriteLine("usage: evaluation key-certificate <path.pfx>"); return 2; }
    if (KeyRing.CreateCertificate(path, configuration["DataProtection:CertificatePassword"])) Console.WriteLine($"created {path}");
    return 0;
}

int Migrate()
{
    var result = Migrations.Migrate(Database.ConnectionString(configuration), new ConsoleUpgradeLog());
    if (!result.Successful) { Console.Error.WriteLine(result.Error); return 1; }
    return 0;
}

async Task<int> SeedDemo()
{
    var findingsOptions = new FindingsOptions();
    configuration.GetSection("Findings").Bind(findingsOptions);
    var seeded = await Evaluation.Cli.DemoSeed.RunAsync(Database.ConnectionString(configuration), Db(), core.Value.GetRequiredService<PersonalData>(),
        findingsOptions, Clock());
    Console.WriteLine(seeded switch
    {
        { Removed: true } => "demo data was removed from this database (remove-demo): not loaded again",
        { Changed: true } => $"demo data loaded in {seeded.Elapsed.TotalSeconds:0.0} s ({seeded.Published} questionnaires published"
                             + (seeded.Project ? ", demo evaluation project created" : "")
                             + (seeded.Results ? ", finished demo evaluation with published results" : "")
                             + (seeded.History is { } h ? $", closed consultation {h.ConsultationId} with {h.Opinions} opinions and {h.Responses} questionnaire responses" : "")
                             + ")",
        _ => "demo data already present",
    });
    return 0;
}

// For run.sh's "try this" list: the id of the demo's closed consultation (nothing, exit 1, when there is none).
async Task<int> DemoConsultation()
{
    await using var conn = await Db().OpenConnectionAsync();
    var id = (await Evaluation.Cli.DemoHistory.FindConsultationAsync(conn))?.Id;
    if (id is null) return 1;
    Console.WriteLine(id);
    return 0;
}

// Before real use: every demo row goes, in one transaction; the audit log records it and seed-demo loads nothing again.
async Task<int> RemoveDemo()
{
    var removed = await Evaluation.Cli.DemoRemoval.RemoveAsync(Db());
    Console.WriteLine($"demo data removed: {removed.Decisions} decisions, {removed.Consultations} consultations, {removed.Opinions} opinions, "
                      + $"{removed.Responses} responses, {removed.Projects} evaluation projects, {removed.Accounts} demo accounts"
                      + (removed.AccountsKept > 0 ? $" ({removed.AccountsKept} named in the audit log kept, inactive)" : "")
                      + "; seed-demo will not load it again");
    return 0;
}

// The first administrator: created with a generated password that is printed this once and never stored.
async Task<int> EnsureAdmin()
{
    await using var conn = await Db().OpenConnectionAsync();
    await using var tx = await conn.BeginTransactionAsync();
    await conn.ExecuteAsync("lock table staff_user in share row exclusive mode", transaction: tx);
    var admins = await conn.ExecuteScalarAsync<long>(
        $"select count(*) from staff_user where role = '{StaffRoles.Administrator}' and is_active", transaction: tx);
    if (admins > 0)
    {
        Console.WriteLine("admin account exists");
        return 0;
    }
    var userName = configuration["user"] ?? "admin";
    var password = StaffAccounts.NewPassword();
    await conn.CreateAsync(tx, new Audit.Actor(null, "system"), userName, "系统管理员", StaffRoles.Administrator, null, password,
        mustChangePassword: true);
    await tx.CommitAsync();
    Console.WriteLine($"admin account created: user name {userName}, password {password}");
    return 0;
}

async Task<int> ResetPassword(string? userName)
{
    if (string.IsNullOrWhiteSpace(userName)) return Help();
    await using var conn = await Db().OpenConnectionAsync();
    await using var tx = await conn.BeginTransactionAsync();
    var user = await conn.FindAsync(userName, tx);
    if (user is null) { Console.Error.WriteLine($"no staff user named {userName}"); return 1; }
    var password = StaffAccounts.NewPassword();
    await conn.ExecuteAsync(
        """
        update staff_user set password_hash = @hash, failed_login_count = 0, locked_until = null, must_change_password = true,
               updated_at = now()
        where id = @id
        """, new { hash = StaffAccounts.Hash(password), id = user.Id }, tx);
    await conn.WriteAsync(tx, new Audit.Actor(null, "system"), AuditActions.ResetPassword, AuditEntities.StaffUser, user.Id);
    await tx.CommitAsync();
    Console.WriteLine($"new password for {user.UserName}: {password} (to be changed at the next sign-in)");
    // A deactivated account stays deactivated: reactivating is an administrator's decision, made on the Users page.
    if (!user.IsActive) Console.WriteLine($"{user.UserName} is deactivated: an administrator must reactivate it before it can sign in");
    return 0;
}

// Admin does this every six hours by itself; this is for a scheduled job or an immediate run. Audited per consultation.
async Task<int> PurgePersonalData()
{
    var days = configuration.GetValue("days", configuration.GetValue("Retention:ContactDataDays", new RetentionOptions().ContactDataDays));
    if (days < 0) { Console.Error.WriteLine("--days must not be negative"); return 2; }
    var purged = await Db().PurgePersonalDataAsync(days, Clock().GetUtcNow().UtcDateTime);
    Console.WriteLine($"removed name and contact from {purged.Sum(p => p.Opinions)} opinions in {purged.Count} consultations closed more than {days} days ago");
    var draftDays = configuration.GetValue("Retention:DraftDays", new RetentionOptions().DraftDays);
    var drafts = await Db().PurgeStaleDraftsAsync(draftDays, Clock().GetUtcNow().UtcDateTime);
    Console.WriteLine($"deleted {drafts} questionnaire drafts untouched for more than {draftDays} days");
    return 0;
}

// Findings of a consultation (or, with --scope=decision, of a decision) for scheduled runs and the benchmark:
// computed (or taken from the cache while the data is unchanged) and written as JSON, XLSX or CSV.
async Task<int> ExportFindings(string? idText)
{
    if (!long.TryParse(idText, out var id)) return Help();
    if (FindingsScope.Parse(configuration["scope"] ?? "consultation", id) is not { } scope) return Help();
    var format = configuration["format"] ?? "json";
    var options = new FindingsOptions();
    configuration.GetSection("Findings").Bind(options);
    var watch = System.Diagnostics.Stopwatch.StartNew();
    var findings = await FindingsStore.GetAsync(Db(), scope, options, Clock());
    if (findings is null) { Console.Error.WriteLine($"no {scope.Name} {id}"); return 1; }
    static string Label(string key) => Evaluation.Shared.Resources.Texts.Neutral(key);
    await using var output = configuration["out"] is { Length: > 0 } path ? File.Create(path) : Console.OpenStandardOutput();
    switch (format)
    {
        case "xlsx":
            await FindingsExport.WriteXlsxAsync(output, FindingsExport.Tables(findings, Label));
            break;
        case "csv":
            await FindingsExport.WriteCsvAsync(output, FindingsExport.Tables(findings, Label));
            break;
        default:
            await using (var writer = new StreamWriter(output))
                await writer.WriteAsync(FindingsStore.ToJson(findings));
            break;
    }
    Console.Error.WriteLine($"findings of {scope.Name} {id} in {watch.ElapsedMilliseconds} ms");
    return 0;
}

// Segments and signs the texts that have no stored features yet (all, or one consultation's): a backfill after an
// import or an upgrade of the word lists. Analysis does the same for its own texts first, so this is never required.
async Task<int> AnalyseText()
{
    var consultation = configuration.GetValue<long?>("consultation");
    await using var conn = await Db().OpenConnectionAsync();
    var progress = await TextFeatures.ComputeMissingAsync(conn, consultation is { } id ? [id] : null);
    Console.WriteLine($"text features computed for {progress.Opinions} opinions and {progress.AnswerTexts} free-text answers in {progress.Elapsed.TotalSeconds:0.0} s");
    if (consultation is { } c && configuration.GetValue("findings", false))
    {
        // Twice: the first run of a process also loads the dictionary and compiles; the second is what a running site sees.
        foreach (var run in new[] { "first", "second" })
        {
            var findings = await TextFindings.ComputeAsync(conn, c);
            if (findings is null) { Console.Error.WriteLine($"no consultation {c}"); return 1; }
            Console.WriteLine($"text findings ({run} run) in {findings.Elapsed.TotalSeconds:0.00} s: {findings.Opinions} opinions, {findings.DistinctTexts} distinct texts, "
                              + $"{findings.Campaigns.Count} campaigns holding {findings.OpinionsInCampaigns} opinions (largest: "
                              + string.Join(", ", findings.Campaigns.Take(5).Select(k => $"{k.Size} with {k.DistinctTexts} texts"))
                              + "); keywords: "
                              + string.Join("、", findings.Keywords.Take(10).Select(k => k.Word)));
        }
    }
    return 0;
}

// The intake chain recomputed from the rows (IntakeChain): OK with the head and the count, or the first broken link.
// Exits 1 when broken, so a scheduled check can alert.
async Task<int> VerifyChain()
{
    await using (var conn = await Db().OpenConnectionAsync())
    {
        var status = await conn.StatusAsync();
        var lag = status.Lag(Clock().GetUtcNow().UtcDateTime);
        Console.WriteLine($"waiting to be chained: {status.Waiting} (oldest waiting {lag.TotalSeconds:0} s)");
    }
    switch (await Db().VerifyAsync())
    {
        case ChainCheck.Intact ok:
            Console.WriteLine($"chain OK: {ok.Links} links, head {Convert.ToHexStringLower(ok.Head)}");
            return 0;
        case ChainCheck.Broken broken:
            Console.WriteLine($"chain BROKEN at link {broken.Seq}: {broken.Kind.ToString().ToLowerInvariant()}"
                              + (broken.RowKind is { } kind ? $" ({kind} {broken.RowId})" : "") + $": {broken.Detail}");
            return 1;
        default:
            return 1;
    }
}

static int Help()
{
    Console.Error.WriteLine("""
        usage: evaluation <command>
          migrate                 apply db/migrations
          seed-demo               load db/demo once (nothing after remove-demo)
          demo-consultation       print the id of the demo's closed consultation (for its findings page)
          remove-demo             delete every demo row (decisions marked is_demo and all that hangs off them, the demo
                                  accounts) in one transaction, audited; seed-demo will not load the demo again
          key-certificate <path>  create the certificate that encrypts the key ring (PKCS#12, mode 0600) if missing
          site-logins <folder> [--print=true]  create the sites' login roles (portal, admin, mail), members of their
                                  group roles, with passwords kept in <folder>/<site>-db-password (made once, mode 0600);
                                  --print=true writes each site's connection string
          ensure-admin [--user=admin]  create the first administrator if there is none; prints its password once
          reset-password <user>   give a staff user a new password; prints it once
          findings <id> [--scope=consultation|decision] [--format=json|xlsx|csv] [--out=file]
                                  compute (or reuse) the findings and write them
          analyse-text [--consultation=ID] [--findings=true]  segment and sign the opinions and free-text answers
                                  that have no stored text features yet; with --findings, time the text findings
          purge-personal-data [--days=N]  remove name and contact from opinions of consultations closed more than
                                  N days ago (default Retention__ContactDataDays, else 180); the opinions stay
          verify-chain            recompute the intake chain from the rows: OK with head and count, or the first
                                  broken link (altered, inserted, deleted) and exit 1; prints what waits (the lag)
        The database is ConnectionStrings__Evaluation: for these commands, the owner of the tables.
        """);
    return 2;
}
