using System;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace LockAnalyzers.Baseline
{
    /// <summary>
    /// Computes a finding's <see cref="FindingKey"/>: the one implementation used by the CLI when it writes or reads a
    /// baseline and by <see cref="BaselineSuppressor"/> in the build, so both agree on every entry.
    /// </summary>
    public static class FindingKeys
    {
        private const int MaxCodeLength = 160;

        /// <summary>The key of <paramref name="diagnostic"/>, and the normalized statement it was computed from.</summary>
        public static (FindingKey Key, string Code) Create(Diagnostic diagnostic, SemanticModel? model, string baselineDirectory)
        {
            var location = diagnostic.Location;
            var tree = location.SourceTree;
            var path = RelativePath(baselineDirectory, tree?.FilePath ?? location.GetLineSpan().Path ?? string.Empty);
            if (tree == null || !tree.TryGetRoot(out var root))
            {
                return (new FindingKey(diagnostic.Id, path, string.Empty, Hash(string.Empty)), string.Empty);
            }

            var node = root.FindNode(ClampedSpan(location.SourceSpan, root.FullSpan), findInsideTrivia: false, getInnermostNodeForTie: true);
            var statement = StatementText(node);
            var fingerprint = Hash(statement + " @" + FlaggedText(node, location.SourceSpan));
            return (new FindingKey(diagnostic.Id, path, MemberId(node, model), fingerprint), statement.Length <= MaxCodeLength ? statement : statement.Substring(0, MaxCodeLength));
        }

        /// <summary>
        /// The flagged statement's own tokens (its header, without the statements nested in it) joined by single
        /// spaces: whitespace, comments and edits inside nested blocks do not change it.
        /// </summary>
        public static string StatementText(SyntaxNode node)
        {
            var anchor = node.AncestorsAndSelf().FirstOrDefault(n => n is StatementSyntax && !(n is BlockSyntax))
                ?? node.AncestorsAndSelf().FirstOrDefault(n => n is MemberDeclarationSyntax)
                ?? node;
            return Join(anchor.DescendantTokens(n => n == anchor || !(n is StatementSyntax || n is MemberDeclarationSyntax)));
        }

        /// <summary>The tokens of the flagged span, which tell apart two findings in one statement.</summary>
        public static string FlaggedText(SyntaxNode node, TextSpan flagged) => Join(node.DescendantTokens(flagged));

        /// <summary>The documentation ID of the member holding <paramref name="node"/> ("M:Ns.Type.Method(System.String)"), or "" outside any member.</summary>
        public static string MemberId(SyntaxNode node, SemanticModel? model)
        {
            if (model == null)
            {
                return string.Empty;
            }

            foreach (var ancestor in node.AncestorsAndSelf())
            {
                if (ancestor is GlobalStatementSyntax)
                {
                    return "<top-level statements>";
                }

                var symbol = ancestor switch
                {
                    BaseFieldDeclarationSyntax field when field.Declaration.Variables.Count > 0 => model.GetDeclaredSymbol(field.Declaration.Variables[0]),
                    BaseMethodDeclarationSyntax or BasePropertyDeclarationSyntax or BaseTypeDeclarationSyntax or DelegateDeclarationSyntax => model.GetDeclaredSymbol(ancestor),
                    _ => null,
                };
                if (symbol != null)
                {
                    return DocumentationCommentId.CreateDeclarationId(symbol) ?? symbol.ToDisplayString();
                }
            }

            return string.Empty;
        }

        /// <summary><paramref name="path"/> relative to <paramref name="directory"/>, '/' separated ("../x.cs" when outside it).</summary>
        public static string RelativePath(string directory, string path)
        {
            var from = Segments(directory);
            var to = Segments(path);
            if (directory.Length == 0 || !IsRooted(path))
            {
                return Normalize(path);
            }

            var common = 0;
            while (common < from.Length && common < to.Length - 1 && string.Equals(from[common], to[common], StringComparison.Ordinal))
            {
                common++;
            }

            if (common == 0)
            {
                return Normalize(path);
            }

            var sb = new StringBuilder();
            for (var i = common; i < from.Length; i++)
            {
                sb.Append("../");
            }

            sb.Append(string.Join("/", to.Skip(common)));
            return sb.ToString();
        }

        /// <summary>A 64-bit FNV-1a of the UTF-16 text, as 16 hex digits: stable across runs, processes and platforms.</summary>
        public static string Hash(string text)
        {
            unchecked
            {
                var hash = 14695981039346656037UL;
                foreach (var c in text)
                {
                    hash = (hash ^ (byte)c) * 1099511628211UL;
                    hash = (hash ^ (byte)(c >> 8)) * 1099511628211UL;
                }

                return hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        private static string Join(System.Collections.Generic.IEnumerable<SyntaxToken> tokens)
        {
            var sb = new StringBuilder();
            foreach (var token in tokens)
            {
                if (token.Text.Length == 0)
                {
                    continue;
                }

                if (sb.Length > 0)
                {
                    sb.Append(' ');
                }

                sb.Append(token.Text);
            }

            return sb.ToString();
        }

        private static TextSpan ClampedSpan(TextSpan span, TextSpan full)
        {
            var start = Math.Min(Math.Max(span.Start, full.Start), full.End);
            var end = Math.Min(Math.Max(span.End, start), full.End);
            return TextSpan.FromBounds(start, end);
        }

        private static string Normalize(string path) => path.Replace('\\', '/');

        /// <summary>
        /// The path's segments with "." and ".." resolved: an AdditionalFiles item included as "..\\x.json" reaches
        /// the analyzer as "/repo/App/../x.json".
        /// </summary>
        private static string[] Segments(string path)
        {
            var result = new System.Collections.Generic.List<string>();
            var parts = Normalize(path).Split('/');
            for (var i = 0; i < parts.Length; i++)
            {
                var part = parts[i];
                if (part == "." || (part.Length == 0 && i > 0))
                {
                    continue;
                }

                if (part == ".." && result.Count > 1)
                {
                    result.RemoveAt(result.Count - 1);
                    continue;
                }

                result.Add(part);
            }

            return result.ToArray();
        }

        private static bool IsRooted(string path) => path.StartsWith("/", StringComparison.Ordinal) || path.StartsWith("\\", StringComparison.Ordinal) || (path.Length >= 2 && path[1] == ':');
    }
}
