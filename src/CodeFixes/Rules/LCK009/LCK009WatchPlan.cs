using LockAnalyzers.CodeFixes.Infrastructure;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Host;
using Microsoft.CodeAnalysis.Operations;
using LockAnalyzers.Rules.LCK009;

namespace LockAnalyzers.CodeFixes.Rules.LCK009
{
    /// <summary>One LCK009 rewrite: the watch field, the start after the acquisition, the stops before each release.
    /// Null (no fix) whenever one of them cannot be placed with certainty.</summary>
    internal sealed class LCK009WatchPlan
    {
        private static readonly HashSet<string> ReleaseNames = new HashSet<string> { "Dispose", "Close", "DisposeAsync" };
        private static readonly HashSet<string> RepeatablePathCalls = new HashSet<string> { "Combine", "GetFullPath", "Join" };

        private readonly ExpressionStatementSyntax _acquire;
        private readonly string _startText;
        private readonly FieldDeclarationSyntax? _fieldAnchor;
        private readonly string _fieldText;
        private readonly string _stopText;
        private readonly List<BaseMethodDeclarationSyntax> _releases;

        private LCK009WatchPlan(ExpressionStatementSyntax acquire, string startText, FieldDeclarationSyntax? fieldAnchor, string fieldText, string stopText, List<BaseMethodDeclarationSyntax> releases)
        {
            _acquire = acquire;
            _startText = startText;
            _fieldAnchor = fieldAnchor;
            _fieldText = fieldText;
            _stopText = stopText;
            _releases = releases;
        }

        public static LCK009WatchPlan? TryCreate(SemanticModel model, SyntaxNode target, LossAction action, CancellationToken cancellationToken)
        {
            var symbols = KnownSymbols.TryCreate(model.Compilation);
            var operation = symbols == null ? null : model.GetOperation(target, cancellationToken);
            if (symbols == null || operation == null ||
                !LCK009HandleLockPathNotWatched.TryGetHandleLock(operation, symbols, out var path) || path == null ||
                !(LCK009HandleLockPathNotWatched.KeptIn(operation) is IFieldSymbol field) || !IsWatchableHandle(field.Type, symbols, model.Compilation))
            {
                return null;
            }

            var value = target;
            while (value.Parent is ParenthesizedExpressionSyntax || value.Parent is CastExpressionSyntax)
            {
                value = value.Parent;
            }

            if (!(value.Parent is AssignmentExpressionSyntax assignment) || assignment.Right != value ||
                !(assignment.Parent is ExpressionStatementSyntax acquire) || !(acquire.Parent is BlockSyntax))
            {
                return null;
            }

            var viaThis = assignment.Left is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax };
            if (!(assignment.Left is IdentifierNameSyntax) && !viaThis)
            {
                return null;
            }

            var pathText = PathText(operation, path, symbols);
            var fieldDeclaration = DeclarationInTree(field, target.SyntaxTree, cancellationToken);
            if (pathText == null || fieldDeclaration == null || !IsClass(fieldDeclaration.Parent))
            {
                return null;
            }

            var watchName = field.Name + "Watch";
            var existing = field.ContainingType.GetMembers(watchName);
            var reuse = existing.Length == 1 && existing[0] is IFieldSymbol watchField && watchField.Type.Name == "LockPathWatch" && watchField.IsStatic == field.IsStatic;
            if (existing.Length > 0 && !reuse)
            {
                return null;
            }

            var acquiringMember = acquire.FirstAncestorOrSelf<BaseMethodDeclarationSyntax>();
            var releases = new List<BaseMethodDeclarationSyntax>();
            foreach (var reference in field.ContainingType.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree != target.SyntaxTree || !(reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax type))
                {
                    continue;
                }

                foreach (var member in type.Members.OfType<BaseMethodDeclarationSyntax>())
                {
                    if (member == acquiringMember || !Releases(member, field, pathText, model, cancellationToken))
                    {
                        continue;
                    }

                    if (member.Body == null && !(member.ExpressionBody != null && ReturnsVoid(member)))
                    {
                        return null; // a release we cannot put the stop in front of: no fix rather than a watch that kills a normal shutdown
                    }

                    releases.Add(member);
                }
            }

            var prefix = viaThis ? "this." : "";
            var watchTarget = prefix + watchName;
            var handle = assignment.Left.WithoutTrivia().ToString();
            var startText = action == LossAction.ExitProcess
                ? "// The lock is on the inode, not the path: if the path is removed or re-created, another holder may run; end this process then." +
                  "|" + watchTarget + " = LockPathWatch.Start(" + handle + ", " + pathText + ", LockLossAction.ExitProcess);"
                : "// The lock is on the inode, not the path: stop the protected work when " + watchName + ".Lost is cancelled." +
                  "|" + watchTarget + " = LockPathWatch.Start(" + handle + ", " + pathText + ", LockLossAction.Report);";
            var nullable = model.GetNullableContext(fieldDeclaration.SpanStart).AnnotationsEnabled() ? "?" : "";
            var fieldText = "private " + (field.IsStatic ? "static " : "") + "LockPathWatch" + nullable + " " + watchName + ";";
            return new LCK009WatchPlan(acquire, startText, reuse ? null : fieldDeclaration, fieldText, watchTarget + "?.Dispose();", releases);
        }

        public SyntaxNode Apply(SyntaxNode root, SolutionServices services)
        {
            var endOfLine = Layout.EndOfLine(root);
            var editor = new SyntaxEditor(root, services);

            var indentation = Layout.Indentation(_acquire);
            var lines = _startText.Split('|');
            var start = SyntaxFactory.ParseStatement(lines[1])
                .WithLeadingTrivia(indentation.Add(SyntaxFactory.Comment(lines[0])).Add(endOfLine).AddRange(indentation))
                .WithTrailingTrivia(endOfLine);
            editor.InsertAfter(_acquire, start);

            if (_fieldAnchor != null)
            {
                var field = SyntaxFactory.ParseMemberDeclaration(_fieldText)!
                    .WithLeadingTrivia(Layout.Indentation(_fieldAnchor))
                    .WithTrailingTrivia(endOfLine);
                editor.InsertAfter(_fieldAnchor, field);
            }

            foreach (var member in _releases)
            {
                if (member.Body != null)
                {
                    var first = member.Body.Statements.FirstOrDefault();
                    if (first == null || first.WithoutTrivia().ToString() == _stopText)
                    {
                        continue;
                    }

                    var stop = SyntaxFactory.ParseStatement(_stopText).WithLeadingTrivia(Layout.Indentation(first)).WithTrailingTrivia(endOfLine);
                    editor.InsertBefore(first, stop);
                }
                else if (member.ExpressionBody != null)
                {
                    // `void M() => expr;` becomes a block; built with the member's own indentation (one level deeper inside).
                    var outer = Layout.Indentation(member);
                    var inner = SyntaxFactory.Whitespace(outer.ToFullString() + Layout.IndentUnit(member).ToFullString());
                    var body = SyntaxFactory.Block(
                            SyntaxFactory.ParseStatement(_stopText).WithLeadingTrivia(inner).WithTrailingTrivia(endOfLine),
                            SyntaxFactory.ExpressionStatement(member.ExpressionBody.Expression.WithoutTrivia()).WithLeadingTrivia(inner).WithTrailingTrivia(endOfLine))
                        .WithOpenBraceToken(SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(outer).WithTrailingTrivia(endOfLine))
                        .WithCloseBraceToken(SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(outer).WithTrailingTrivia(member.SemicolonToken.TrailingTrivia));
                    var converted = member.WithExpressionBody(null).WithSemicolonToken(default);
                    var beforeBody = converted.GetLastToken();
                    converted = converted.ReplaceToken(beforeBody, beforeBody.WithTrailingTrivia(endOfLine)).WithBody(body);
                    editor.ReplaceNode(member, converted);
                }
            }

            return editor.GetChangedRoot();
        }

        /// <summary>The path as text that can be evaluated once more after the open: names, literals, Path.Combine of those.
        /// For <c>fileInfo.Open(...)</c>, the FileInfo's FullName.</summary>
        private static string? PathText(IOperation operation, IOperation path, KnownSymbols symbols)
        {
            if (operation is IInvocationOperation invocation && invocation.Instance != null && KnownSymbols.InheritsFromOrIs(invocation.Instance.Type, symbols.FileInfo))
            {
                var instance = invocation.Instance.Syntax;
                return instance is IdentifierNameSyntax || instance is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or IdentifierNameSyntax }
                    ? instance.WithoutTrivia().ToString() + ".FullName"
                    : null;
            }

            var syntax = path.Syntax;
            foreach (var node in syntax.DescendantNodesAndSelf())
            {
                switch (node)
                {
                    case IdentifierNameSyntax _:
                    case MemberAccessExpressionSyntax _:
                    case ThisExpressionSyntax _:
                    case LiteralExpressionSyntax _:
                    case InterpolatedStringExpressionSyntax _:
                    case InterpolatedStringTextSyntax _:
                    case InterpolationSyntax _:
                    case ParenthesizedExpressionSyntax _:
                    case ArgumentListSyntax _:
                    case ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.None, NameColon: null }:
                    case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression }:
                    case InvocationExpressionSyntax call when SyntaxFilter.InvokedName(call) is string name && RepeatablePathCalls.Contains(name):
                        continue;
                    default:
                        return null;
                }
            }

            return syntax.WithoutTrivia().ToString();
        }

        private static bool IsWatchableHandle(ITypeSymbol type, KnownSymbols symbols, Compilation compilation) =>
            KnownSymbols.InheritsFromOrIs(type, symbols.FileStream) ||
            KnownSymbols.InheritsFromOrIs(type, compilation.GetTypeByMetadataName("Microsoft.Win32.SafeHandles.SafeFileHandle"));

        private static FieldDeclarationSyntax? DeclarationInTree(IFieldSymbol field, SyntaxTree tree, CancellationToken cancellationToken)
        {
            if (field.DeclaringSyntaxReferences.Length != 1 || field.DeclaringSyntaxReferences[0].SyntaxTree != tree)
            {
                return null;
            }

            return field.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken).FirstAncestorOrSelf<FieldDeclarationSyntax>();
        }

        /// <summary>A member that closes the handle (Dispose/Close/DisposeAsync on the field) or deletes the lock path.</summary>
        private static bool Releases(BaseMethodDeclarationSyntax member, IFieldSymbol field, string pathText, SemanticModel model, CancellationToken cancellationToken)
        {
            SyntaxNode? body = (SyntaxNode?)member.Body ?? member.ExpressionBody;
            if (body == null)
            {
                return false;
            }

            foreach (var call in body.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                var name = SyntaxFilter.InvokedName(call);
                if (name == "Delete" && call.ArgumentList.Arguments.Count == 1 &&
                    Normalize(call.ArgumentList.Arguments[0].Expression.ToString()) == Normalize(pathText))
                {
                    return true;
                }

                if (name == null || !ReleaseNames.Contains(name))
                {
                    continue;
                }

                ExpressionSyntax? receiver = call.Expression switch
                {
                    MemberAccessExpressionSyntax access => access.Expression,
                    MemberBindingExpressionSyntax _ when call.Parent is ConditionalAccessExpressionSyntax conditional && conditional.WhenNotNull == call => conditional.Expression,
                    _ => null,
                };
                if (receiver != null && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(receiver, cancellationToken).Symbol, field))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsClass(SyntaxNode? type) =>
            type is ClassDeclarationSyntax || (type is RecordDeclarationSyntax record && !record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword));

        private static bool ReturnsVoid(BaseMethodDeclarationSyntax member) =>
            member is DestructorDeclarationSyntax ||
            (member is MethodDeclarationSyntax method && method.ReturnType is PredefinedTypeSyntax predefined && predefined.Keyword.IsKind(SyntaxKind.VoidKeyword));

        private static string Normalize(string text) => new string(text.Where(c => !char.IsWhiteSpace(c)).ToArray());
    }
}
