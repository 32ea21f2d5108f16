using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace LockAnalyzers.Runtime.Postgres.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL cluster of our own: initdb into a temporary directory (once per run, then copied), pg_ctl on a
/// free port on 127.0.0.1 with Unix sockets off, run as the unprivileged "postgres" user when the tests run as root
/// (postgres refuses root). Debian's package cluster on 5432 is never touched. Stopped and deleted in Dispose.
/// The role "app" (LOGIN, not superuser) owns the database "leases"; the tests' superuser is "lockadmin".
/// </summary>
public sealed class PostgresServer : IDisposable
{
    public const string Superuser = "lockadmin";
    public const string AppRole = "app";
    public const string Database = "leases";

    private static readonly Lazy<string> Template = new(CreateTemplate);
    private readonly string root;
    private bool disposed;

    private PostgresServer(string root, string dataDir)
    {
        this.root = root;
        DataDir = dataDir;
        Port = FreePort();
        LogFile = Path.Combine(root, "server.log");
    }

    public string DataDir { get; }

    public int Port { get; }

    public string LogFile { get; }

    public string AppConnectionString => $"Host=127.0.0.1;Port={Port};Username={AppRole};Database={Database};Timeout=15;Command Timeout=30";

    // A session-level setting overrides ALTER SYSTEM, so the admin can undo a read-only database it made.
    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username={Superuser};Database={Database};Timeout=5;Command Timeout=30;Pooling=false;Options=-c default_transaction_read_only=off";

    /// <summary>The directory of initdb and pg_ctl: PG_BIN, else the newest /usr/lib/postgresql/N/bin.</summary>
    public static string? BinDir
    {
        get
        {
            var overridden = Environment.GetEnvironmentVariable("PG_BIN");
            if (!string.IsNullOrEmpty(overridden))
            {
                return overridden;
            }

            if (!Directory.Exists("/usr/lib/postgresql"))
            {
                return null;
            }

            return Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault();
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>Starts a fresh cluster whose data directory is <paramref name="dataDir"/> (created, or an existing empty
    /// mount point), or a temporary one.</summary>
    public static PostgresServer Start(string? dataDir = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "lockpg", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        OpenUp(Path.GetDirectoryName(root)!);
        OpenUp(root);
        dataDir ??= Path.Combine(root, "data");
        Directory.CreateDirectory(dataDir);
        var server = new PostgresServer(root, dataDir);
        try
        {
            Run("cp", "-a", Template.Value + "/.", dataDir);
            OwnByServerUser(dataDir);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(dataDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            server.Ctl("start");
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Deletes the initdb template, when one was made.</summary>
    public static void DeleteTemplate()
    {
        if (!Template.IsValueCreated)
        {
            return;
        }

        try
        {
            Directory.Delete(Template.Value, recursive: true);
            File.Delete(Template.Value + ".log");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // left for the OS's tmp cleanup
        }
    }

    /// <summary>pg_ctl restart -m immediate: every backend is killed without a checkpoint; the server recovers from WAL.</summary>
    public void RestartImmediate() => Ctl("restart", "-m", "immediate");

    public void StopImmediate() => Ctl("stop", "-m", "immediate");

    public void StartAgain() => Ctl("start");

    public async Task<object?> AdminScalarAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = p });
        }

        return await command.ExecuteScalarAsync();
    }

    public Task AdminAsync(string sql, params object[] parameters) => AdminScalarAsync(sql, parameters);

    public string Log => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "(no server log)";

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (File.Exists(Path.Combine(DataDir, "postmaster.pid")))
        {
            RunAsServer(Tool("pg_ctl"), "stop", "-D", DataDir, "-m", "immediate", "-w", "-t", "20");
        }

        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a mount point under root (the disk-full test) is removed by its Scratch
        }
    }

    private void Ctl(string action, params string[] extra)
    {
        var options = $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200 -c shared_buffers=16MB";
        var args = new List<string> { action, "-D", DataDir, "-w", "-t", "60", "-l", LogFile, "-o", options };
        args.AddRange(extra);
        var (code, output) = RunAsServer(Tool("pg_ctl"), args.ToArray());
        if (code != 0)
        {
            throw new InvalidOperationException($"pg_ctl {action} failed (exit {code}): {output.Trim()}\n{Log}");
        }
    }

    private static string CreateTemplate()
    {
        var bin = BinDir ?? throw new InvalidOperationException("PostgreSQL is not installed (no /usr/lib/postgresql/N/bin/pg_ctl; apt-get install postgresql, or set PG_BIN)");
        if (IsRoot && RunProcess("id", "-u", "postgres").Code != 0)
        {
            throw new InvalidOperationException("running as root, but there is no 'postgres' user to run the server as");
        }

        var dir = Path.Combine(Path.GetTempPath(), "lockpg", "template-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(dir);
        OpenUp(Path.GetDirectoryName(dir)!);
        OwnByServerUser(dir);
        var (code, output) = RunAsServer(Path.Combine(bin, "initdb"), "-D", dir, "-U", Superuser, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync");
        if (code != 0)
        {
            throw new InvalidOperationException($"initdb failed (exit {code}): {output.Trim()}");
        }

        // Create the app role and database once in the template, on a throwaway start.
        var port = FreePort();
        var log = dir + ".log";
        (code, output) = RunAsServer(Path.Combine(bin, "pg_ctl"), "start", "-D", dir, "-w", "-t", "60", "-l", log, "-o", $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''");
        if (code != 0)
        {
            throw new InvalidOperationException($"pg_ctl start of the template failed (exit {code}): {output.Trim()}");
        }

        try
        {
            using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username={Superuser};Database=postgres;Pooling=false");
            connection.Open();
            foreach (var sql in new[] { $"CREATE ROLE {AppRole} LOGIN", $"CREATE DATABASE {Database} OWNER {AppRole}" })
            {
                using var command = new NpgsqlCommand(sql, connection);
                command.ExecuteNonQuery();
            }
        }
        finally
        {
            RunAsServer(Path.Combine(bin, "pg_ctl"), "stop", "-D", dir, "-m", "fast", "-w");
        }

        return dir;
    }

    private static string Tool(string name) => Path.Combine(BinDir ?? throw new InvalidOperationException("PostgreSQL is not installed"), name);

    private static (int Code, string Output) RunAsServer(string file, params string[] args) =>
        IsRoot ? RunProcess("runuser", ["-u", "postgres", "--", file, .. args]) : RunProcess(file, args);

    private static void Run(string file, params string[] args)
    {
        var (code, output) = RunProcess(file, args);
        if (code != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed (exit {code}): {output.Trim()}");
        }
    }

    /// <summary>Runs a tool to its end (at most 2 minutes) and returns its exit code and its output.</summary>
    private static (int Code, string Output) RunProcess(string file, params string[] arguments)
    {
        // The temp directory as the working directory: the postgres user may not be able to enter the clone (/root/...).
        var psi = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetTempPath() };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120000))
        {
            process.Kill();
            return (-1, $"{file} {string.Join(' ', arguments)}: timed out");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static void OwnByServerUser(string dir)
    {
        if (IsRoot)
        {
            Run("chown", "-R", "postgres:postgres", dir);
        }
    }

    private static void OpenUp(string dir)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherExecute | UnixFileMode.OtherWrite | UnixFileMode.GroupWrite | UnixFileMode.StickyBit);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
