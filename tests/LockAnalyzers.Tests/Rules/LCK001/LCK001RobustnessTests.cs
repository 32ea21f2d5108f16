using System.Collections.Immutable;
using LockAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using LockAnalyzers.Rules.LCK001;

namespace LockAnalyzers.Tests.Rules.LCK001;

/// <summary>LCK001 never throws: code as typed in an editor (every truncation, every missing line), error types, missing references.</summary>
public class LCK001RobustnessTests
{
    private const string Sample = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Logging;

        class Holder
        {
            private readonly string _lockPath = "/var/run/app.lock";
            private readonly ILogger _logger = null!;
            private Timer? _timer;

            void Touch() => File.SetLastWriteTimeUtc(_lockPath, DateTime.UtcNow);

            void Start()
            {
                _timer = new Timer(_ =>
                {
                    try { new FileInfo(_lockPath) { LastWriteTimeUtc = DateTime.UtcNow }; Touch(); }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException && Log(ex))
                    {
                        _logger.LogWarning(ex, "heartbeat failed");
                    }
                }, null, 0, 1000);
            }

            static bool Log(Exception e) => false;

            async Task<bool> RenewAsync(CancellationToken token)
            {
                while (true)
                {
                    try
                    {
                        try { await File.WriteAllTextAsync(_lockPath, "x", token).ConfigureAwait(false); }
                        catch (FileNotFoundException) { throw; }
                        await Task.Run(() => File.SetLastAccessTimeUtc(_lockPath, DateTimeOffset.UtcNow.UtcDateTime));
                    }
                    catch (IOException e) { Console.WriteLine(e); continue; }
                    finally { File.SetLastWriteTime(_lockPath, DateTime.Now.AddSeconds(1)); }
                    return true;
                }
            }
        }
        """;

    private static readonly MetadataReference[] References = BuildReferences();

    private static MetadataReference[] BuildReferences()
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToList();
        paths.Add(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location);
        return paths.Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
    }

    private static async Task<List<string>> Crashes(string source, IEnumerable<MetadataReference>? references = null) =>
        (await Analyze(source, references ?? References)).Crashes;

    private static async Task<(List<string> Crashes, List<Diagnostic> Reported)> Analyze(string source, IEnumerable<MetadataReference> references)
    {
        var crashes = new List<string>();
        var compilation = CSharpCompilation.Create(
            "Typed",
            new[] { CSharpSyntaxTree.ParseText(source) },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (ex, analyzer, diagnostic) => crashes.Add(ex.ToString()),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new LCK001HeartbeatFailureSwallowedAnalyzer()), options);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        crashes.AddRange(diagnostics.Where(d => d.Id == "AD0001").Select(d => d.GetMessage()));
        return (crashes, diagnostics.Where(d => d.Id == "LCK001").ToList());
    }

    [Fact]
    public async Task The_sample_itself_is_analyzed()
    {
        var (crashes, reported) = await Analyze(Sample, References);
        Assert.Empty(crashes);

        // The awaited content write and the awaited Task.Run touch in RenewAsync; the timer's filter never catches.
        Assert.Equal(2, reported.Count);
    }

    [Fact]
    public async Task Every_truncation_of_the_sample_is_analyzed_without_an_exception()
    {
        var failures = new List<string>();
        for (var length = 0; length <= Sample.Length; length += 5)
        {
            foreach (var crash in await Crashes(Sample.Substring(0, length)))
            {
                failures.Add($"length {length}: {crash}");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task Every_sample_with_one_line_missing_is_analyzed_without_an_exception()
    {
        var lines = Sample.Split('\n');
        var failures = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var source = string.Join("\n", lines.Where((_, index) => index != i));
            foreach (var crash in await Crashes(source))
            {
                failures.Add($"without line {i + 1}: {crash}");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task Missing_references_do_not_crash()
    {
        var corlibOnly = new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) };
        Assert.Empty(await Crashes(Sample, corlibOnly));
        Assert.Empty(await Crashes(Sample, Array.Empty<MetadataReference>()));
    }

    [Fact]
    public async Task Error_types_in_catches_and_paths_do_not_report_or_crash()
    {
        const string source = """
            using System;
            using System.IO;

            class Holder
            {
                void Heartbeat()
                {
                    try { File.SetLastWriteTimeUtc(missingPath, DateTime.UtcNow); }
                    catch (MissingException) { }
                    try { File.SetLastWriteTimeUtc("a.lock", Clock.Now); }
                    catch { }
                    try { File.SetLastWriteTimeUtc("a.lock"); }
                    catch { }
                    try { new FileInfo("a.lock").LastWriteTimeUtc = ; }
                    catch { }
                }
            }
            """;
        var (crashes, reported) = await Analyze(source, References);
        Assert.Empty(crashes);
        Assert.Empty(reported);
    }
}
