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
public sealed class PostgresCluster : IDisposable
{
    private const string Template = "evaluation_template";
    private static readonly Lazy<Task<PostgresCluster>> Instance = new(StartAsync);
    private static readonly SemaphoreSlim CreateLock = new(1, 1);
    private static int _databases;

    private readonly string _bin;
    private readonly string _folder;
    private readonly string _data;
    private readonly bool _asRoot = Environment.UserName == "root";
    public int Port { get; }

    private PostgresCluster(string bin, string folder, int port, string? data = null) =>
        (_bin, _folder, Port, _data) = (bin, folder, port, data ?? Path.Combine(folder, "data"));

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
        var cluster = StartNew(300);
        var result = Migrations.Migrate(cluster.ConnectionString(Template, pooling: false));
        if (!result.Successful) throw new InvalidOperationException("Migrations failed on the test cluster", result.Error);
        // The sites connect as their own login roles, as ./run.sh sets them up (the cluster trusts loopback: no passwords).
        foreach (var site in SiteRoles.Sites) await SiteRoles.EnsureLoginAsync(cluster.ConnectionString("postgres", pooling: false), site, null);
        return cluster;
    }

    /// <summary>
    /// A small cluster of a test class's own, with one migrated database named <paramref name="database"/>: for tests
    /// that stop the server under a running site or make a replica of it, which the shared cluster must never see.
    /// Dispose stops it and deletes its folder (it is also stopped when the run ends).
    /// </summary>
    public static PostgresCluster StartPrivate(string database)
    {
        var cluster = StartNew(40);
        using (var conn = new NpgsqlConnection(cluster.ConnectionString("postgres", pooling: false)))
        {
            conn.Open();
            using var cmd = new NpgsqlCommand($"create database \"{database}\"", conn);
            cmd.ExecuteNonQuery();
        }
        var result = Migrations.Migrate(cluster.ConnectionString(database, pooling: false));
        if (!result.Successful) throw new InvalidOperationException("Migrations failed on a private test cluster", result.Error);
        foreach (var site in SiteRoles.Sites)
            SiteRoles.EnsureLoginAsync(cluster.ConnectionString("postgres", pooling: false), site, null).GetAwaiter().GetResult();
        return cluster;
    }

    private static PostgresCluster StartNew(int maxConnections)
    {
        var bin = FindBinaries();
        var folder = Path.Combine(Path.GetTempPath(), $"evaluation-tests-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(folder);
        var cluster = new PostgresCluster(bin, folder, FreePort());
        if (cluster._asRoot) Run("chown", "postgres:", folder);
        // initdb's pg_hba.conf trusts replication connections from loopback and wal_level is replica by default:
        // pg_basebackup works on it as it is (MakeReplica).
        cluster.RunAsOwner(Path.Combine(bin, "initdb"), "-D", cluster._data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync");
        File.AppendAllText(Path.Combine(cluster._data, "postgresql.conf"),
            // Durability settings off: this cluster lives for one test run.
            $"\nlisten_addresses = '127.0.0.1'\nport = {cluster.Port}\nunix_socket_directories = '{folder}'\nfsync = off\n" +
            $"synchronous_commit = off\nfull_page_writes = off\nmax_connections = {maxConnections}\n");
        cluster.StartServer();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop();
        return cluster;
    }

    /// <summary>Starts the server (again, after <see cref="StopServer"/>) on the same port and data.</summary>
    public void StartServer() =>
        RunAsOwner(Path.Combine(_bin, "pg_ctl"), "-D", _data, "-l", Path.Combine(_data, "..", $"{Path.GetFileName(_data)}.log"), "-w", "-t", "60", "start");

    /// <summary>Stops the server at once (open connections are cut), as a crash or a restart would. What was committed
    /// is made durable first: this cluster runs with synchronous_commit off, under which an immediate stop loses the
    /// last commits (up to wal_writer_delay), which a crash of a durably configured server never loses.</summary>
    public void StopServer()
    {
        RunAsOwner(Path.Combine(_bin, "psql"), "-h", "127.0.0.1", "-p", Port.ToString(), "-U", "postgres", "-d", "postgres", "-c", "checkpoint");
        RunAsOwner(Path.Combine(_bin, "pg_ctl"), "-D", _data, "-m", "immediate", "-w", "stop");
    }

    /// <summary>A streaming replica of this cluster made with pg_basebackup -R, started on a port of its own.</summary>
    public PostgresCluster MakeReplica()
    {
        var replica = new PostgresCluster(_bin, _folder, FreePort(), Path.Combine(_folder, $"data-replica-{Guid.NewGuid():N}"[..21]));
        RunAsOwner(Path.Combine(_bin, "pg_basebackup"), "-h", "127.0.0.1", "-p", Port.ToString(), "-U", "postgres", "-D", replica._data,
            "-R", "-X", "stream", "-c", "fast", "--no-sync");
        File.AppendAllText(Path.Combine(replica._data, "postgresql.conf"), $"\nport = {replica.Port}\n");
        replica.StartServer();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => replica.Stop();
        return replica;
    }

    /// <summary>Stops a private cluster and deletes its folder.</summary>
    public void Dispose() => Stop();

    private void Stop()
    {
        try
        {
            NpgsqlConnection.ClearAllPools();
            if (File.Exists(Path.Combine(_data, "postmaster.pid")))
                RunAsOwner(Path.Combine(_bin, "pg_ctl"), "-D", _data, "-m", "immediate", "stop");
            if (_data == Path.Combine(_folder, "data") && Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
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

    private void RunAsOwner(string program, params string[] args)
    {
        if (_asRoot) Run("runuser", ["-u", "postgres", "--", program, .. args]);
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
