using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Rules.LCK009
{
    /// <summary>What LCK009 recognizes: the handle-lock opens, where the handle is kept, and types that already watch.</summary>
    internal static class LCK009HandleLockPathNotWatched
    {
        /// <summary>Identifiers that show the type checks its path's identity: the runtime's LockFile (its heartbeat
        /// checks the inode), a directory watcher, Windows file identity. LockPathWatch is looked at per handle.</summary>
        private static readonly ImmutableHashSet<string> WatchIdentifiers = ImmutableHashSet.Create(
            "LockFile", "FileSystemWatcher", "GetFileInformationByHandle", "SameFileAs");

        private static readonly ImmutableHashSet<string> WatchWords = ImmutableHashSet.Create(
            System.StringComparer.OrdinalIgnoreCase, "inode", "inodes", "ino", "fstat", "statx", "lstat", "stat");

        /// <summary><c>new FileStream(path, mode, access, FileShare.None, ...)</c>, <c>File.Open(path, mode, access,
        /// FileShare.None)</c>, <c>File.OpenHandle(path, mode, access, FileShare.None)</c> or
        /// <c>fileInfo.Open(mode, access, FileShare.None)</c>: an open whose handle is itself the lock.</summary>
        public static bool TryGetHandleLock(IOperation operation, KnownSymbols symbols, out IOperation? path)
        {
            path = null;
            switch (operation)
            {
                case IObjectCreationOperation creation when KnownSymbols.Is(creation.Type, symbols.FileStream):
                    if (creation.Constructor == null || creation.Constructor.Parameters.Length == 0 ||
                        creation.Constructor.Parameters[0].Type.SpecialType != SpecialType.System_String || !SharesNothing(creation.Arguments, symbols))
                    {
                        return false;
                    }

                    path = ArgumentAt(creation.Arguments, 0);
                    return path != null;

                case IInvocationOperation invocation when invocation.TargetMethod.Name == "Open" || invocation.TargetMethod.Name == "OpenHandle":
                    var method = invocation.TargetMethod;
                    if (!SharesNothing(invocation.Arguments, symbols))
                    {
                        return false;
                    }

                    if (KnownSymbols.Is(method.ContainingType, symbols.File) && method.Parameters.Length > 0 &&
                        method.Parameters[0].Type.SpecialType == SpecialType.System_String)
                    {
                        path = ArgumentAt(invocation.Arguments, 0);
                        return path != null;
                    }

                    if (method.Name == "Open" && invocation.Instance != null && KnownSymbols.InheritsFromOrIs(invocation.Instance.Type, symbols.FileInfo))
                    {
                        path = FileCalls.PathOfFileInfo(invocation.Instance, symbols);
                        return true;
                    }

                    return false;

                default:
                    return false;
            }
        }

        /// <summary>The field or property the handle is stored in (an assignment or a field initializer), so it is held
        /// beyond the member; null for a local, a using, an argument.</summary>
        public static ISymbol? KeptIn(IOperation operation)
        {
            var parent = operation.Parent;
            while (parent is IConversionOperation || parent is IParenthesizedOperation)
            {
                parent = parent.Parent;
            }

            switch (parent)
            {
                case ISimpleAssignmentOperation assignment when assignment.Parent is IExpressionStatementOperation:
                    switch (assignment.Target)
                    {
                        case IFieldReferenceOperation field when IsOwnInstanceOrStatic(field.Instance):
                            return field.Field;
                        case IPropertyReferenceOperation property when property.Arguments.Length == 0 && IsOwnInstanceOrStatic(property.Instance):
                            return property.Property;
                        default:
                            return null;
                    }

                case IFieldInitializerOperation initializer when initializer.InitializedFields.Length == 1:
                    return initializer.InitializedFields[0];
                case IPropertyInitializerOperation initializer when initializer.InitializedProperties.Length == 1:
                    return initializer.InitializedProperties[0];
                default:
                    return null;
            }
        }

        /// <summary>The member that stores the handle also closes it later (<c>_lock.Dispose()</c>, <c>_lock?.Close()</c>):
        /// the handle lives for that member only, like a <c>using</c>.</summary>
        public static bool ClosedLaterInSameMember(SyntaxNode open, ISymbol field)
        {
            var member = open.FirstAncestorOrSelf<Microsoft.CodeAnalysis.CSharp.Syntax.MemberDeclarationSyntax>();
            if (member == null)
            {
                return false;
            }

            foreach (var call in member.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax>())
            {
                if (call.SpanStart <= open.Span.End || !(SyntaxFilter.InvokedName(call) is "Dispose" or "Close" or "DisposeAsync"))
                {
                    continue;
                }

                var receiver = call.Expression switch
                {
                    Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax access => access.Expression,
                    Microsoft.CodeAnalysis.CSharp.Syntax.MemberBindingExpressionSyntax _ when call.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.ConditionalAccessExpressionSyntax conditional => conditional.Expression,
                    _ => null,
                };
                var name = receiver switch
                {
                    Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                    Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax { Expression: Microsoft.CodeAnalysis.CSharp.Syntax.ThisExpressionSyntax } access => access.Name.Identifier.ValueText,
                    _ => null,
                };
                if (name == field.Name)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsOwnInstanceOrStatic(IOperation? instance) =>
            instance == null || instance is IInstanceReferenceOperation;

        private static bool SharesNothing(ImmutableArray<IArgumentOperation> arguments, KnownSymbols symbols)
        {
            foreach (var argument in arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.DefaultValue || !KnownSymbols.Is(argument.Parameter?.Type, symbols.FileShare))
                {
                    continue;
                }

                var value = argument.Value.ConstantValue;
                return value.HasValue && value.Value is int share && share == KnownSymbols.FileShareNone;
            }

            return false;
        }

        private static IOperation? ArgumentAt(ImmutableArray<IArgumentOperation> arguments, int ordinal)
        {
            foreach (var argument in arguments)
            {
                if (argument.Parameter != null && argument.Parameter.Ordinal == ordinal)
                {
                    return argument.Value;
                }
            }

            return null;
        }

        /// <summary>Per compilation: does a type (or a type it is nested in) already check its lock path's identity?
        /// Read from syntax tokens only, once per type.</summary>
        internal sealed class TypeWatchCache
        {
            private readonly ConcurrentDictionary<INamedTypeSymbol, Evidence> _byType = new ConcurrentDictionary<INamedTypeSymbol, Evidence>(SymbolEqualityComparer.Default);
            private readonly Lazy<bool> _runtimeReferenced;

            /// <param name="runtimeReferenced">Whether LockAnalyzers.Runtime is referenced: without it, a <c>LockFile</c> in
            /// the code is the user's own type, not the runtime's watched lock.</param>
            public TypeWatchCache(Func<bool> runtimeReferenced)
            {
                // Asked only once a handle lock is found: resolving it at compilation start costs every build a type look-up.
                _runtimeReferenced = new Lazy<bool>(runtimeReferenced);
            }

            /// <summary>Whether the handle kept in <paramref name="field"/> is watched: the type compares identities in its
            /// own way, or passes that field to <c>LockPathWatch.Start</c>.</summary>
            public bool Watches(ISymbol field, CancellationToken cancellationToken)
            {
                for (var current = field.ContainingType; current != null; current = current.ContainingType)
                {
                    var evidence = _byType.GetOrAdd(current, t => Scan(t, _runtimeReferenced.Value, cancellationToken));
                    if (evidence.WholeType || evidence.WatchedHandles.Contains(field.Name))
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>Whether a type (or a type it is nested in) checks its lock path's identity anywhere.</summary>
            public bool WatchesType(INamedTypeSymbol type, CancellationToken cancellationToken)
            {
                for (var current = type; current != null; current = current.ContainingType)
                {
                    if (current.DeclaringSyntaxReferences.IsEmpty)
                    {
                        return false;
                    }

                    if (_byType.GetOrAdd(current, t => Scan(t, _runtimeReferenced.Value, cancellationToken)).WholeType)
                    {
                        return true;
                    }
                }

                return false;
            }

            private static Evidence Scan(INamedTypeSymbol type, bool runtimeReferenced, CancellationToken cancellationToken)
            {
                var watched = ImmutableHashSet.CreateBuilder<string>();
                var mentionsPathWatch = false;
                foreach (var reference in type.DeclaringSyntaxReferences)
                {
                    foreach (var token in TokenWalk.In(reference.GetSyntax(cancellationToken)))
                    {
                        if (!token.IsKind(SyntaxKind.IdentifierToken))
                        {
                            continue;
                        }

                        var text = token.ValueText;
                        if (text == "LockPathWatch")
                        {
                            mentionsPathWatch = true;
                            var started = StartedHandle(token);
                            if (started != null)
                            {
                                watched.Add(started);
                            }

                            continue;
                        }

                        if (WatchIdentifiers.Contains(text) && !IsStaticRelease(token) && (runtimeReferenced || text != "LockFile"))
                        {
                            return Evidence.All;
                        }

                        foreach (var word in IdentifierWords.Split(text))
                        {
                            if (WatchWords.Contains(word))
                            {
                                return Evidence.All;
                            }
                        }
                    }
                }

                // A LockPathWatch that is never started here (handed in, or made by a helper): trust the whole type.
                return mentionsPathWatch && watched.Count == 0 ? Evidence.All : new Evidence(false, watched.ToImmutable());
            }

            /// <summary><c>LockFile.Release(path, token)</c> (the LCK007 fix) is an owned delete, not a watch.</summary>
            private static bool IsStaticRelease(SyntaxToken token) =>
                token.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax name &&
                name.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax access && access.Expression == name &&
                access.Name.Identifier.ValueText == "Release";

            /// <summary>The handle name in <c>LockPathWatch.Start(handle, ...)</c> (<c>_lock</c>, <c>this._lock</c>), else null.</summary>
            private static string? StartedHandle(SyntaxToken token)
            {
                if (!(token.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax name) ||
                    !(name.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax access) || access.Expression != name ||
                    access.Name.Identifier.ValueText != "Start" ||
                    !(access.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax call) || call.ArgumentList.Arguments.Count == 0)
                {
                    return null;
                }

                switch (call.ArgumentList.Arguments[0].Expression)
                {
                    case Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax handle:
                        return handle.Identifier.ValueText;
                    case Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax member:
                        return member.Name.Identifier.ValueText;
                    default:
                        return null;
                }
            }

            private sealed class Evidence
            {
                public static readonly Evidence All = new Evidence(true, ImmutableHashSet<string>.Empty);

                public Evidence(bool wholeType, ImmutableHashSet<string> watchedHandles)
                {
                    WholeType = wholeType;
                    WatchedHandles = watchedHandles;
                }

                public bool WholeType { get; }

                public ImmutableHashSet<string> WatchedHandles { get; }
            }
        }
    }
}
