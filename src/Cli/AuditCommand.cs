using LockAnalyzers.Baseline;

namespace LockAnalyzers.Cli;

/// <summary>
/// <c>lockanalyzers audit</c>. Exit codes: 0 no findings (or none new against the baseline, or a baseline was
/// written), 1 findings, 2 bad arguments or nothing could be loaded, with a one-line reason and no stack trace.
/// </summary>
public static class AuditCommand
{
    public const int NoFindings = 0;
    public const int Findings = 1;
    public const int BadInput = 2;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var progress = new ProgressLine(error, enabled: !Console.IsErrorRedirected && ReferenceEquals(error, Console.Error));
        try
        {
            var options = AuditOptions.Parse(args);
            if (options == null)
            {
                output.WriteLine(AuditOptions.Usage);
                output.WriteLine("exit codes: 0 no findings (or none new against --baseline), 1 findings, 2 bad input");
                return args.Count == 0 ? BadInput : NoFindings;
            }

            return await AuditAsync(options, output, error, progress, cancellationToken);
        }
        catch (AuditException e)
        {
            progress.Clear();
            error.WriteLine("lockanalyzers: error: " + e.Message);
            return BadInput;
        }
        catch (OperationCanceledException)
        {
            progress.Clear();
            error.WriteLine("lockanalyzers: cancelled");
            return BadInput;
        }
        catch (Exception e)
        {
            // Anything unexpected is still one line; LOCKANALYZERS_DEBUG=1 shows where it came from.
            progress.Clear();
            error.WriteLine($"lockanalyzers: internal error: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
            if (Environment.GetEnvironmentVariable("LOCKANALYZERS_DEBUG") == "1")
            {
                error.WriteLine(e);
            }

            return BadInput;
        }
    }

    private static async Task<int> AuditAsync(AuditOptions options, TextWriter output, TextWriter error, ProgressLine progress, CancellationToken cancellationToken)
    {
        var baseline = options.Baseline != null ? ReadBaseline(options.Baseline) : null;
        CheckWritable(options.Sarif, "--sarif");
        CheckWritable(options.WriteBaseline, "--write-baseline");

        void Warn(string message)
        {
            progress.Clear();
            error.WriteLine("lockanalyzers: warning: " + message);
        }

        var codeBase = await CodeBaseLoader.LoadAsync(options.Path, Warn, progress, cancellationToken);
        var findings = await LockAudit.RunAsync(codeBase.Targets, options.Rules, Warn, progress, cancellationToken);
        progress.Clear();

        if (options.WriteBaseline != null)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(options.WriteBaseline))!;
            var document = BaselineDocument.From(findings.Select(f => f.KeyRelativeTo(directory)));
            File.WriteAllText(options.WriteBaseline, document.ToJson());
            if (options.Sarif != null)
            {
                SarifReport.Write(options.Sarif, findings, codeBase.Root, baselined: false);
            }

            output.WriteLine($"Wrote {options.WriteBaseline}: {ConsoleReport.Count(findings.Count, "finding")} accepted in {ConsoleReport.Count(document.Entries.Count, "entry", "entries")}.");
            return NoFindings;
        }

        var reported = findings;
        IReadOnlyList<BaselineEntry> fixedEntries = Array.Empty<BaselineEntry>();
        if (baseline != null)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(options.Baseline!))!;
            var match = BaselineMatcher.Match(baseline.Entries, findings, f => f.KeyRelativeTo(directory).Key);
            reported = match.Fresh;
            fixedEntries = match.Fixed;
        }

        ConsoleReport.Write(output, reported, LockAudit.FixableRules(), Environment.CurrentDirectory);
        ConsoleReport.WriteFixed(output, fixedEntries);
        if (options.Sarif != null)
        {
            SarifReport.Write(options.Sarif, reported, codeBase.Root, baselined: baseline != null);
        }

        var accepted = findings.Count - reported.Count;
        output.WriteLine(baseline == null
            ? $"{ConsoleReport.Count(reported.Count, "finding")} in {ConsoleReport.Count(codeBase.Targets.Sum(t => t.Compilation.SyntaxTrees.Count()), "file")}."
            : $"{ConsoleReport.Count(reported.Count, "new finding")}; {accepted} accepted by the baseline; {fixedEntries.Sum(e => e.Count)} fixed since it was written.");
        return reported.Count > 0 ? Findings : NoFindings;
    }

    private static BaselineDocument ReadBaseline(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AuditException($"cannot read baseline {path}: {e.Message}");
        }

        try
        {
            return BaselineDocument.Parse(text);
        }
        catch (BaselineFormatException e)
        {
            throw new AuditException($"baseline {path} is malformed: {e.Message}");
        }
    }

    private static void CheckWritable(string? file, string option)
    {
        if (file == null)
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(file));
        if (directory == null || !Directory.Exists(directory))
        {
            throw new AuditException($"{option} {file}: the folder {directory} does not exist");
        }

        if (Directory.Exists(file))
        {
            throw new AuditException($"{option} {file}: is a folder, not a file");
        }
    }
}
