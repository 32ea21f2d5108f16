using System.Collections.Immutable;
using LockAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockAnalyzers.Tests.Rules.LCK004;

/// <summary>Helpers for the loop-family tests: usings every snippet needs, and the 1-based line of a marker.</summary>
internal static class LoopSource
{
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    /// <summary>The line (1-based) of the <paramref name="occurrence"/>th occurrence of <paramref name="marker"/> in the test source.</summary>
    public static string LineOf(string source, string marker, int occurrence = 1)
    {
        var index = -1;
        for (var i = 0; i < occurrence; i++)
        {
            index = source.IndexOf(marker, index + 1, StringComparison.Ordinal);
        }

        Assert.True(index >= 0, "marker not found: " + marker);
        return (source.Take(index).Count(c => c == '\n') + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs the analyzer over code that may not compile and fails if it crashed (AD0001).</summary>
    public static async Task AssertNoCrashAsync(DiagnosticAnalyzer analyzer, string source)
    {
        var compilation = SnippetCompilation.Create(source);
        var crashes = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, _, _) => { lock (crashes) { crashes.Add(exception); } },
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false);
        var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create(analyzer), options);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        Assert.Empty(crashes);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }

    /// <summary>Turns <c>{|#0:x|}</c> location markup into <c>[|x|]</c>, which expects the rule's diagnostic there without checking its arguments (fix tests).</summary>
    public static string Spans(string source) =>
        System.Text.RegularExpressions.Regex.Replace(source, @"\{\|#\d+:(.*?)\|\}", "[|$1|]");
}
