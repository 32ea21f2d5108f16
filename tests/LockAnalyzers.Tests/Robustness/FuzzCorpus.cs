using System.Text;
using System.Text.RegularExpressions;
using LockAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LockAnalyzers.Tests.Robustness;

/// <summary>
/// The inputs of the fuzz test: the C# sources inside every rule test (string literals that look like code, with
/// test markup removed), the sample project's files, and a few built-in shapes; and the broken variants of each
/// that an editor sees while someone types (truncated at a token boundary, tokens deleted).
/// </summary>
public static class FuzzCorpus
{
    public sealed record Input(string Origin, string Text);

    public sealed record Variant(string Origin, string Mutation, string Text);

    private static readonly Regex MarkupOpen = new Regex(@"\{\|(#\d+|[A-Za-z]+\d*)?:", RegexOptions.CultureInvariant);

    public static IReadOnlyList<Input> Load()
    {
        var inputs = new List<Input>();
        var root = RepositoryRoot.Path;

        var rulesDir = Path.Combine(root, "tests", "LockAnalyzers.Tests", "Rules");
        if (Directory.Exists(rulesDir))
        {
            foreach (var file in Directory.EnumerateFiles(rulesDir, "*.cs", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
            {
                var index = 0;
                foreach (var code in HarvestCodeLiterals(File.ReadAllText(file)))
                {
                    inputs.Add(new Input(Relative(root, file) + "#" + index++, code));
                }
            }
        }

        var samplesDir = Path.Combine(root, "samples", "LegacyLocks");
        if (Directory.Exists(samplesDir))
        {
            foreach (var file in Directory.EnumerateFiles(samplesDir, "*.cs", SearchOption.AllDirectories)
                         .Where(f => !IsBuildOutput(f))
                         .OrderBy(f => f, StringComparer.Ordinal))
            {
                inputs.Add(new Input(Relative(root, file), File.ReadAllText(file)));
            }
        }

        inputs.AddRange(BuiltInShapes.All.Select(s => new Input("built-in:" + s.Name, s.Text)));
        inputs.AddRange(RegressionInputs.All.Select(s => new Input("regression:" + s.Name, s.Text)));

        // Analyzer tests and fix tests often share the same source: fuzz each text once.
        return inputs.GroupBy(i => i.Text, StringComparer.Ordinal).Select(g => g.First()).ToList();
    }

    private const string StandardUsings = "using System;\nusing System.Diagnostics;\nusing System.IO;\nusing System.Threading;\nusing System.Threading.Tasks;\n\n";

    /// <summary>
    /// String literals (regular, verbatim, raw) and interpolated strings (holes left empty) that look like C# code,
    /// with test markup stripped. Tests often prepend a shared usings constant: code with no using directive gets
    /// the usual ones, so that File and friends bind.
    /// </summary>
    public static IEnumerable<string> HarvestCodeLiterals(string testFileText)
    {
        var tree = CSharpSyntaxTree.ParseText(testFileText, new CSharpParseOptions(LanguageVersion.Latest));
        foreach (var node in tree.GetRoot().DescendantNodes())
        {
            string? value = null;
            if (node is Microsoft.CodeAnalysis.CSharp.Syntax.LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression))
            {
                value = literal.Token.ValueText;
            }
            else if (node is Microsoft.CodeAnalysis.CSharp.Syntax.InterpolatedStringExpressionSyntax interpolated)
            {
                value = string.Concat(interpolated.Contents.OfType<Microsoft.CodeAnalysis.CSharp.Syntax.InterpolatedStringTextSyntax>().Select(t => t.TextToken.ValueText));
            }

            if (value != null && LooksLikeCode(value))
            {
                var code = StripMarkup(value);
                yield return code.Contains("using ", StringComparison.Ordinal) ? code : StandardUsings + code;
            }
        }
    }

    public static bool LooksLikeCode(string text) =>
        text.Length >= 20
        && text.Contains(';', StringComparison.Ordinal)
        && (text.Contains("class ", StringComparison.Ordinal) || text.Contains("namespace ", StringComparison.Ordinal)
            || text.Contains("using ", StringComparison.Ordinal) || text.Contains("void ", StringComparison.Ordinal));

    public static string StripMarkup(string text)
    {
        var stripped = MarkupOpen.Replace(text, string.Empty);
        return stripped.Replace("|}", string.Empty, StringComparison.Ordinal)
            .Replace("[|", string.Empty, StringComparison.Ordinal)
            .Replace("|]", string.Empty, StringComparison.Ordinal);
    }

    /// <summary>
    /// Broken variants of one input: truncation after every token when <paramref name="truncations"/> is null
    /// (otherwise that many boundaries, evenly spread, plus the first and last few), and
    /// <paramref name="deletions"/> variants each missing 1 to 3 random tokens. Seeded: the same run every time.
    /// </summary>
    public static IEnumerable<Variant> Mutate(Input input, int? truncations, int deletions, int seed)
    {
        var tree = CSharpSyntaxTree.ParseText(input.Text, AnalyzerHarness.ParseOptions);
        var tokens = tree.GetRoot().DescendantTokens(descendIntoTrivia: false).Where(t => !t.IsKind(SyntaxKind.EndOfFileToken)).ToList();
        if (tokens.Count == 0)
        {
            yield break;
        }

        var boundaries = Enumerable.Range(0, tokens.Count).ToList();
        if (truncations is int wanted && wanted < tokens.Count)
        {
            var step = (double)tokens.Count / wanted;
            boundaries = Enumerable.Range(0, wanted).Select(i => (int)(i * step))
                .Concat(Enumerable.Range(0, Math.Min(3, tokens.Count)))
                .Concat(Enumerable.Range(Math.Max(0, tokens.Count - 3), Math.Min(3, tokens.Count)))
                .Distinct().OrderBy(i => i).ToList();
        }

        foreach (var i in boundaries)
        {
            var end = tokens[i].Span.End;
            yield return new Variant(input.Origin, "truncated after token " + i + " '" + tokens[i].Text + "' (char " + end + ")", input.Text.Substring(0, end));
        }

        var random = new Random(seed ^ StableHash(input.Origin));
        for (var d = 0; d < deletions; d++)
        {
            var count = 1 + random.Next(3);
            var victims = Enumerable.Range(0, count).Select(_ => random.Next(tokens.Count)).Distinct().OrderByDescending(i => i).ToList();
            var sb = new StringBuilder(input.Text);
            foreach (var victim in victims)
            {
                sb.Remove(tokens[victim].SpanStart, tokens[victim].Span.Length);
            }

            yield return new Variant(input.Origin, "deleted tokens " + string.Join(",", victims.OrderBy(v => v).Select(v => v + " '" + tokens[v].Text + "'")), sb.ToString());
        }
    }

    private static int StableHash(string text)
    {
        unchecked
        {
            var hash = 17;
            foreach (var c in text)
            {
                hash = hash * 31 + c;
            }

            return hash;
        }
    }

    private static bool IsBuildOutput(string path) =>
        path.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Any(p => p is "bin" or "obj");

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');
}
