using LockAnalyzers.CodeFixes.Infrastructure;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace LockAnalyzers.CodeFixes.Rules.LCK006
{
    /// <summary>
    /// LCK006: replaces the existence test with an exclusive create (FileMode.CreateNew writing the same content), so
    /// the branch the test used to choose now depends on who actually created the file. The member's own failure path
    /// (return false, wait and loop again) is kept: "already exists" becomes "not acquired".
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LCK006CheckThenCreateCodeFixProvider)), Shared]
    public sealed class LCK006CheckThenCreateCodeFixProvider : LockDocumentCodeFixProvider
    {
        public const string CreateNewKey = "LCK006.CreateNew";
        internal const string HelperName = "TryCreateLockFileExclusively";

        private const string Title = "Create the lock exclusively (FileMode.CreateNew)";

        public LCK006CheckThenCreateCodeFixProvider()
            : base(DiagnosticCatalogue.LCK006)
        {
        }

        private protected override void Register(CodeFixContext context, Diagnostic diagnostic, SyntaxNode root, SemanticModel model)
        {
            if (CheckThenCreatePlan.TryCreate(root, diagnostic) != null)
            {
                RegisterFix(context, diagnostic, Title, CreateNewKey);
            }
        }

        internal override string? FixAllTitle(string? equivalenceKey) => Title;

        internal override async Task<Document> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root == null)
            {
                return document;
            }

            var editor = new SyntaxEditor(root, document.Project.Solution.Services);
            var helpersAdded = new HashSet<(TypeDeclarationSyntax, bool)>();
            foreach (var diagnostic in diagnostics)
            {
                var plan = CheckThenCreatePlan.TryCreate(root, diagnostic);
                if (plan == null)
                {
                    continue;
                }

                plan.Apply(editor);
                if (!HasHelper(plan.Type, plan.Bytes) && helpersAdded.Add((plan.Type, plan.Bytes)))
                {
                    editor.AddMember(plan.Type, Helper(plan.Bytes, Layout.EndOfLine(root)));
                }
            }

            return document.WithSyntaxRoot(editor.GetChangedRoot());
        }

        private static bool HasHelper(TypeDeclarationSyntax type, bool bytes) =>
            type.Members.OfType<MethodDeclarationSyntax>().Any(m =>
                m.Identifier.ValueText == HelperName && m.ParameterList.Parameters.Count == 2 &&
                (m.ParameterList.Parameters[1].Type?.ToString() == "byte[]") == bytes);

        private static MemberDeclarationSyntax Helper(bool bytes, SyntaxTrivia endOfLine)
        {
            var contentType = bytes ? "byte[]" : "string";
            var write = bytes
                ? "            stream.Write(content, 0, content.Length);\n"
                : "            using (var writer = new System.IO.StreamWriter(stream))\n            {\n                writer.Write(content);\n            }\n";
            var text =
                "private static bool " + HelperName + "(string path, " + contentType + " content)\n" +
                "{\n" +
                "    // FileMode.CreateNew fails when the file exists, so exactly one contender creates the lock. FileShare.Read:\n" +
                "    // on Unix, FileShare.None's flock fails while another contender reads the new file, and leaves it empty.\n" +
                "    try\n" +
                "    {\n" +
                "        using (var stream = new System.IO.FileStream(path, System.IO.FileMode.CreateNew, System.IO.FileAccess.Write, System.IO.FileShare.Read))\n" +
                "        {\n" +
                write +
                "        }\n" +
                "\n" +
                "        return true;\n" +
                "    }\n" +
                "    catch (System.IO.IOException) when (System.IO.File.Exists(path))\n" +
                "    {\n" +
                "        return false;\n" +
                "    }\n" +
                "}\n";
            var member = SyntaxFactory.ParseMemberDeclaration(text.Replace("\n", endOfLine.ToFullString()))!;

            // A blank line between the helper and the member before it.
            return member.WithLeadingTrivia(endOfLine).WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation);
        }
    }
}
