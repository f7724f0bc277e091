using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Evaluation.Shared.Data;
using Npgsql;

namespace Evaluation.Tests.Infrastructure;

/// <summary>
/// One throwaway PostgreSQL cluster for the whole test run, started with initdb and pg_ctl (as the postgres user
/// when the tests run as root) in a temporary folder on a free loopback port, and stopped when the run ends.
/// A template database is migrated once; every test class gets its own database cloned from it.
/// </summary>
public sealed class PostgresCluster
{
    private const string Template = "evaluation_template";
    private static readonly Lazy<Task<PostgresCluster>> Instance = new(StartAsync);
    private static readonly SemaphoreSlim CreateLock = new(1, 1);
    private static int _databases;

    private readonly string _bin;
    private readonly string _folder;
    public int Port { get; }

    private PostgresCluster(string bin, string folder, int port) => (_bin, _folder, Port) = (bin, folder, port);

    public static Task<PostgresCluster> GetAsync() => Instance.Value;

    public string ConnectionString(string database, bool pooling = true, string user = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Database={database};Username={user};Pooling={pooling};Include Error Detail=true;Timeout=30";

    /// <summary>A new database with every migration applied, for one test class.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{new string(prefix.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(40).ToArray())}_{Interlocked.Increment(ref _databases)}";
        await CreateLock.WaitAsync();
        try
        {
            await using var conn = new NpgsqlConnection(ConnectionString("postgres", pooling: false));
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"create database \"{name}\" template {Template}", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        finally
        {
            CreateLock.Release();
        }
        return ConnectionString(name);
    }

    private static async Task<PostgresCluster> StartAsync()
    {
        var bin = FindBinaries();
        var folder = Path.Combine(Path.GetTempPath(), $"evaluation-tests-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(folder);
        var asRoot = Environment.UserName == "root";
        if (asRoot) Run("chown", "postgres:", folder);

        var data = Path.Combine(folder, "data");
        RunAsOwner(asRoot, Path.Combine(bin, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync");
        var port = FreePort();
        // Durability settings off: this cluster lives for one test run.
        RunAsOwner(asRoot, Path.Combine(bin, "pg_ctl"), "-D", data, "-l", Path.Combine(folder, "postgres.log"), "-w", "-t", "60",
            "-o", $"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
            "start");
        var cluster = new PostgresCluster(bin, folder, port);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop(asRoot, data);

        var result = Migrations.Migrate(cluster.ConnectionString(Template, pooling: false));
        if (!result.Successful) throw new InvalidOperationException("Migrations failed on the test cluster", result.Error);
        // The sites connect as their own login roles, as ./run.sh sets them up (the cluster trusts loopback: no passwords).
        foreach (var site in SiteRoles.Sites) await SiteRoles.EnsureLoginAsync(cluster.ConnectionString("postgres", pooling: false), site, null);
        return cluster;
    }

    private void Stop(bool asRoot, string data)
    {
        try
        {
            NpgsqlConnection.ClearAllPools();
            RunAsOwner(asRoot, Path.Combine(_bin, "pg_ctl"), "-D", data, "-m", "immediate", "stop");
            Directory.Delete(_folder, recursive: true);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"Stopping the test cluster in {_folder} failed: {e.Message}");
        }
    }

    private static string FindBinaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault() ?? throw new InvalidOperationException("No PostgreSQL server under /usr/lib/postgresql: apt-get install postgresql")
            : throw new InvalidOperationException("No PostgreSQL server under /usr/lib/postgresql: apt-get install postgresql");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void RunAsOwner(bool asRoot, string program, params string[] args)
    {
        if (asRoot) Run("runuser", ["-u", "postgres", "--", program, .. args]);
        else Run(program, args);
    }

    private static void Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {stderr} {stdout.Result}");
    }
}
