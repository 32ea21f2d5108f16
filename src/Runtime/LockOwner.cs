using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LockAnalyzers.Runtime.Internal;

namespace LockAnalyzers.Runtime;

/// <summary>The owner record written into a lock file: enough to prove an owner dead, never to guess it.</summary>
/// <remarks>
/// The record is plain text. Its first line is the bare pid, so legacy tools that read a pid file
/// (<c>head -1 app.lock</c>) keep working; the other lines are <c>key=value</c>:
/// <code>
/// 12345
/// lockanalyzers-owner=1
/// host=build-07
/// boot=5b0f3c7e-...
/// pidns=pid:[4026531836]
/// start=8123456
/// token=3f2a...
/// acquired=2026-11-25T02:20:00.0000000+00:00
/// fence=1764037200000
/// </code>
/// <see cref="TryRead"/> also understands lock contents written by code that never used this library: a bare pid,
/// a pid followed by a timestamp line, <c>pid=</c>/<c>host=</c> lines, or JSON with a <c>pid</c> member. Such a record
/// is <see cref="IsLegacy"/>; legacy pid files are local by construction, so its host and boot are taken as ours.
/// </remarks>
public sealed class LockOwner
{
    private const string Marker = "lockanalyzers-owner";
    private const int MaxRecordBytes = 16 * 1024;

    public string Host { get; init; } = "";

    public string BootId { get; init; } = "";

    public int ProcessId { get; init; }

    /// <summary>Start time of the owning process in clock ticks since boot (/proc/PID/stat field 22); 0 when unknown.</summary>
    public long ProcessStartTicks { get; init; }

    /// <summary>The pid namespace (<c>readlink /proc/PID/ns/pid</c>): pids only mean something inside one namespace.</summary>
    public string PidNamespace { get; init; } = "";

    public string Token { get; init; } = "";

    public DateTimeOffset AcquiredAt { get; init; }

    /// <summary>The fencing token the owner was given at acquisition (0 when the record has none).</summary>
    public long FencingToken { get; init; }

    /// <summary>True when the record was not written by this library (bare pid, pid + timestamp, JSON, ...).</summary>
    public bool IsLegacy { get; init; }

    /// <summary>The lock file's status-change time (ctime) when the record was read. ctime cannot be set back by
    /// utimensat, so a process that started after it cannot have created the file (pid reuse).</summary>
    internal DateTime? RecordChangedAtUtc { get; init; }

    /// <summary>The text the record was parsed from.</summary>
    internal string Raw { get; init; } = "";

    /// <summary>A fresh record for this process: host, boot id, pid, exact start ticks, pid namespace, a new random
    /// token and the acquisition time now. Each read returns a new token.</summary>
    public static LockOwner Current => new()
    {
        Host = s_host.Value,
        BootId = ProcFs.BootId,
        ProcessId = Environment.ProcessId,
        ProcessStartTicks = s_startTicks.Value,
        PidNamespace = ProcFs.PidNamespace,
        Token = Guid.NewGuid().ToString("N"),
        AcquiredAt = DateTimeOffset.UtcNow,
    };

    private static readonly Lazy<long> s_startTicks = new(ProcFs.CurrentStartTicks);
    private static readonly Lazy<string> s_host = new(() => Environment.MachineName);

    /// <summary>Reads and parses the owner record of a lock file. Null when the file is missing, unreadable (for
    /// example held with FileShare.None, which is flock LOCK_EX on Linux), empty, or names no pid or token.</summary>
    public static LockOwner? TryRead(string lockPath)
    {
        var snapshot = LockRecordReader.TryRead(lockPath);
        return snapshot is { Error: null } ? snapshot.Owner : null;
    }

    /// <summary>Parses record text. Null when it names neither a pid nor a token.</summary>
    public static LockOwner? Parse(string text) => Parse(text, changedAtUtc: null);

    internal static LockOwner? Parse(string text, DateTime? changedAtUtc)
    {
        string trimmed = text.Trim('\0', ' ', '\t', '\r', '\n', '\uFEFF');
        if (trimmed.Length == 0)
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        int pid = 0;
        if (trimmed[0] == '{')
        {
            ParseJson(trimmed, values);
        }
        else
        {
            string[] lines = trimmed.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].Trim();
                int sep = line.IndexOfAny(new[] { '=', ':' });
                if (i == 0 && int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out int bare))
                {
                    pid = bare;
                }
                else if (sep > 0 && !line.StartsWith('['))
                {
                    values.TryAdd(line.Substring(0, sep).Trim().Trim('"'), line.Substring(sep + 1).Trim().Trim('"'));
                }
            }
        }

        if (pid == 0)
        {
            pid = FirstInt(values, "pid", "processid", "process_id", "ownerpid", "owner_pid");
        }

        string token = First(values, "token", "ownertoken", "owner_token", "id", "nonce");
        if (pid <= 0 && token.Length == 0)
        {
            return null;
        }

        bool ours = values.ContainsKey(Marker);
        string host = First(values, "host", "hostname", "machine", "machinename");
        string boot = First(values, "boot", "bootid", "boot_id");
        return new LockOwner
        {
            ProcessId = Math.Max(pid, 0),
            // Legacy pid files are local by construction: unless they name a host, they are taken as ours.
            Host = host.Length > 0 || ours ? host : Environment.MachineName,
            BootId = boot.Length > 0 || ours ? boot : ProcFs.BootId,
            PidNamespace = First(values, "pidns"),
            ProcessStartTicks = long.TryParse(First(values, "start"), NumberStyles.None, CultureInfo.InvariantCulture, out long st) ? st : 0,
            Token = token,
            AcquiredAt = DateTimeOffset.TryParse(First(values, "acquired", "acquiredat", "timestamp", "time", "created"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : default,
            FencingToken = long.TryParse(First(values, "fence"), NumberStyles.None, CultureInfo.InvariantCulture, out long f) ? f : 0,
            IsLegacy = !ours,
            RecordChangedAtUtc = changedAtUtc,
            Raw = text,
        };
    }

    /// <summary>The record text written into a lock file.</summary>
    public string ToRecord()
    {
        var sb = new StringBuilder(256);
        sb.Append(ProcessId.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append(Marker).Append("=1\n");
        sb.Append("host=").Append(Host).Append('\n');
        sb.Append("boot=").Append(BootId).Append('\n');
        sb.Append("pidns=").Append(PidNamespace).Append('\n');
        sb.Append("start=").Append(ProcessStartTicks.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("token=").Append(Token).Append('\n');
        sb.Append("acquired=").Append(AcquiredAt.ToString("O", CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("fence=").Append(FencingToken.ToString(CultureInfo.InvariantCulture)).Append('\n');
        return sb.ToString();
    }

    internal LockOwner WithFencingToken(long fence) => new()
    {
        Host = Host,
        BootId = BootId,
        ProcessId = ProcessId,
        ProcessStartTicks = ProcessStartTicks,
        PidNamespace = PidNamespace,
        Token = Token,
        AcquiredAt = AcquiredAt,
        FencingToken = fence,
        IsLegacy = IsLegacy,
        RecordChangedAtUtc = RecordChangedAtUtc,
        Raw = Raw,
    };

    /// <summary>True only on proof that the owner is gone: same host, same boot (and same pid namespace when
    /// recorded), and the pid no longer exists, is a zombie, or belongs to a process with another start time. For a
    /// legacy record (no start time) a process that started after the lock file's last status change cannot have
    /// created it, so it is pid reuse. A foreign host or boot, a missing /proc, or any doubt means alive.</summary>
    public bool IsDefinitelyDead()
    {
        if (!Native.IsLinux || ProcessId <= 0)
        {
            return false;
        }

        string bootId = ProcFs.BootId;
        if (!string.Equals(Host, Environment.MachineName, StringComparison.Ordinal) || bootId.Length == 0 ||
            !string.Equals(BootId, bootId, StringComparison.Ordinal))
        {
            return false;
        }

        if (PidNamespace.Length > 0 && !string.Equals(PidNamespace, ProcFs.PidNamespace, StringComparison.Ordinal))
        {
            return false;
        }

        switch (ProcFs.Inspect(ProcessId, out long startTicks))
        {
            case ProcFs.ProcessState.Gone:
            case ProcFs.ProcessState.Zombie:
                return true;
            case ProcFs.ProcessState.Running:
                if (ProcessStartTicks > 0)
                {
                    return startTicks != ProcessStartTicks;
                }

                // btime has 1 s resolution and start ticks are rounded: demand a clear 2 s gap.
                DateTime? started = ProcFs.StartTimeUtc(startTicks);
                return RecordChangedAtUtc is { } changed && started is { } s && s > changed.AddSeconds(2);
            default:
                return false;
        }
    }

    /// <summary>A short description for timeouts and logs: pid, host, token prefix, acquisition time.</summary>
    public string Describe()
    {
        var sb = new StringBuilder();
        sb.Append(ProcessId > 0 ? $"pid {ProcessId.ToString(CultureInfo.InvariantCulture)}" : "an unknown process");
        if (Host.Length > 0)
        {
            sb.Append(" on ").Append(Host);
        }

        if (IsLegacy)
        {
            sb.Append(" (legacy record)");
        }
        else
        {
            sb.Append(" (token ").Append(Token.Length > 8 ? Token.Substring(0, 8) : Token);
            if (AcquiredAt != default)
            {
                sb.Append(", acquired ").Append(AcquiredAt.ToString("O", CultureInfo.InvariantCulture));
            }

            sb.Append(')');
        }

        return sb.ToString();
    }

    public override string ToString() => Describe();

    internal static int MaxBytes => MaxRecordBytes;

    private static void ParseJson(string json, Dictionary<string, string> values)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            foreach (var p in doc.RootElement.EnumerateObject())
            {
                string v = p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString() ?? "",
                    JsonValueKind.Number => p.Value.GetRawText(),
                    _ => "",
                };
                if (v.Length > 0)
                {
                    values.TryAdd(p.Name, v);
                }
            }
        }
        catch (JsonException)
        {
            // Torn JSON (a writer died mid-write): keep the complete "key": value pairs it does have.
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(json, "\"(\\w+)\"\\s*:\\s*\"?([^\",}\\s]+)\"?\\s*[,}]"))
            {
                values.TryAdd(m.Groups[1].Value, m.Groups[2].Value);
            }
        }
    }

    private static string First(Dictionary<string, string> values, params string[] keys)
    {
        foreach (string k in keys)
        {
            if (values.TryGetValue(k, out string? v) && v.Length > 0)
            {
                return v;
            }
        }

        return "";
    }

    private static int FirstInt(Dictionary<string, string> values, params string[] keys) =>
        int.TryParse(First(values, keys), NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : 0;
}
