using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace LockAnalyzers.Cli;

/// <summary>
/// Compiles every .cs file under a folder together against the running framework. Files that cannot be read as C#
/// text (no permission, binary content, not decodable) are skipped with a warning naming the file and the reason.
/// </summary>
internal static class FolderCompilation
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.None);

    public static AnalysisTarget Create(string folder, Action<string> warn, ProgressLine progress)
    {
        var files = FolderSources.Files(folder).ToList();
        if (files.Count == 0)
        {
            throw new AuditException($"{folder}: no C# files (*.cs) under this folder (bin/ and obj/ are skipped)");
        }

        var trees = new SyntaxTree[files.Count];
        var skipped = new string?[files.Count];
        var done = 0;
        Parallel.For(0, files.Count, i =>
        {
            var (tree, reason) = Parse(files[i]);
            trees[i] = tree!;
            skipped[i] = reason;
            var n = Interlocked.Increment(ref done);
            if (n % 50 == 0)
            {
                lock (progress)
                {
                    progress.Report($"parsing {n}/{files.Count} files");
                }
            }
        });

        var kept = new List<SyntaxTree>(files.Count);
        for (var i = 0; i < files.Count; i++)
        {
            if (skipped[i] != null)
            {
                warn($"skipped {Path.GetRelativePath(folder, files[i])}: {skipped[i]}");
            }
            else
            {
                kept.Add(trees[i]);
            }
        }

        if (kept.Count == 0)
        {
            throw new AuditException($"{folder}: none of its {files.Count} .cs files could be read");
        }

        var compilation = CSharpCompilation.Create(
            Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)),
            kept,
            FolderSources.FrameworkReferences(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, concurrentBuild: true, nullableContextOptions: NullableContextOptions.Enable));
        return new AnalysisTarget(folder, compilation, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty));
    }

    private static (SyntaxTree? Tree, string? SkipReason) Parse(string path)
    {
        SourceText text;
        try
        {
            using var stream = File.OpenRead(path);
            text = SourceText.From(stream, encoding: null, checksumAlgorithm: SourceHashAlgorithm.Sha256, throwIfBinaryDetected: true);
        }
        catch (UnauthorizedAccessException)
        {
            return (null, "permission denied");
        }
        catch (InvalidDataException)
        {
            return (null, "binary content, not C# text");
        }
        catch (DecoderFallbackException)
        {
            return (null, "not valid text in any encoding it could detect");
        }
        catch (IOException e)
        {
            return (null, e.Message);
        }

        return (CSharpSyntaxTree.ParseText(text, ParseOptions, path), null);
    }
}
