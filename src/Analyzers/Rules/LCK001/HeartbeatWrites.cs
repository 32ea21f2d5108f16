using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace LockAnalyzers.Rules.LCK001
{
    /// <summary>
    /// Recognises heartbeat writes (mtime/atime set to now, or content written to a lock file) and heartbeat-like
    /// member names. The syntactic name checks run before any semantic model call.
    /// </summary>
    internal static class HeartbeatWrites
    {
        public static readonly ImmutableHashSet<string> TimeSetterMethods = ImmutableHashSet.Create(
            StringComparer.Ordinal, "SetLastWriteTime", "SetLastWriteTimeUtc", "SetLastAccessTime", "SetLastAccessTimeUtc");

        public static readonly ImmutableHashSet<string> TimeProperties = ImmutableHashSet.Create(
            StringComparer.Ordinal, "LastWriteTime", "LastWriteTimeUtc", "LastAccessTime", "LastAccessTimeUtc");

        public static readonly ImmutableHashSet<string> FileContentMethods = ImmutableHashSet.Create(
            StringComparer.Ordinal,
            "WriteAllText", "WriteAllTextAsync", "WriteAllBytes", "WriteAllBytesAsync", "WriteAllLines", "WriteAllLinesAsync",
            "AppendAllText", "AppendAllTextAsync", "AppendAllLines", "AppendAllLinesAsync");

        public static readonly ImmutableHashSet<string> StreamWriteMethods = ImmutableHashSet.Create(
            StringComparer.Ordinal, "Write", "WriteAsync", "WriteLine", "WriteLineAsync", "WriteByte");

        private static readonly ImmutableHashSet<string> StrongHeartbeatWords = ImmutableHashSet.Create(
            StringComparer.Ordinal, "heartbeat", "heartbeats", "beat", "keepalive", "lease", "leases");

        private static readonly ImmutableHashSet<string> HeartbeatWords = ImmutableHashSet.Create(
            StringComparer.Ordinal, "refresh", "renew", "touch", "ping", "extend");

        /// <summary>Subjects that make a refresh/touch name about something other than a lock (cache entries, tokens, views).</summary>
        private static readonly ImmutableHashSet<string> NonLockSubjects = ImmutableHashSet.Create(
            StringComparer.Ordinal, "cache", "caches", "cached", "thumbnail", "thumbnails", "token", "tokens", "index", "ui", "view", "views");

        private static readonly ImmutableHashSet<string> FileOpeners = ImmutableHashSet.Create(
            StringComparer.Ordinal, "Open", "OpenWrite", "Create", "CreateText", "AppendText");

        /// <summary>Cheap first test on syntax: could this node be a heartbeat write at all?</summary>
        public static bool IsCandidateSyntax(SyntaxNode node, out bool isContentWrite)
        {
            isContentWrite = false;
            switch (node)
            {
                case InvocationExpressionSyntax invocation:
                    var name = InvokedName(invocation.Expression);
                    if (name == null)
                    {
                        return false;
                    }

                    // Runs on every call in the compilation: a switch on the name, not hash-set lookups.
                    switch (name)
                    {
                        case "SetLastWriteTime":
                        case "SetLastWriteTimeUtc":
                        case "SetLastAccessTime":
                        case "SetLastAccessTimeUtc":
                            return true;
                        case "WriteAllText":
                        case "WriteAllTextAsync":
                        case "WriteAllBytes":
                        case "WriteAllBytesAsync":
                        case "WriteAllLines":
                        case "WriteAllLinesAsync":
                        case "AppendAllText":
                        case "AppendAllTextAsync":
                        case "AppendAllLines":
                        case "AppendAllLinesAsync":
                        case "Write":
                        case "WriteAsync":
                        case "WriteLine":
                        case "WriteLineAsync":
                        case "WriteByte":
                            isContentWrite = true;
                            return true;
                        default:
                            return false;
                    }

                case AssignmentExpressionSyntax assignment when assignment.IsKind(SyntaxKind.SimpleAssignmentExpression):
                    var target = assignment.Left switch
                    {
                        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                        _ => null,
                    };
                    switch (target)
                    {
                        case "LastWriteTime":
                        case "LastWriteTimeUtc":
                        case "LastAccessTime":
                        case "LastAccessTimeUtc":
                            return true;
                        default:
                            return false;
                    }

                default:
                    return false;
            }
        }

        public static string? InvokedName(ExpressionSyntax expression) => expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            GenericNameSyntax generic => generic.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            _ => null,
        };

        /// <summary>Semantic test: the write's target, path and kind, or null when it is not a heartbeat-shaped write.</summary>
        public static HeartbeatWrite? Recognize(IOperation? operation, KnownSymbols symbols)
        {
            switch (operation)
            {
                case IInvocationOperation invocation:
                    return RecognizeInvocation(invocation, symbols);

                case ISimpleAssignmentOperation assignment when assignment.Target is IPropertyReferenceOperation property &&
                                                               TimeProperties.Contains(property.Property.Name) &&
                                                               KnownSymbols.InheritsFromOrIs(property.Property.ContainingType, symbols.FileSystemInfo) &&
                                                               IsNow(assignment.Value, symbols, out var exact):
                    var instance = property.Instance is IInstanceReferenceOperation receiver && receiver.ReferenceKind == InstanceReferenceKind.ImplicitReceiver
                        ? FindInitializedObject(assignment)
                        : property.Instance;
                    if (instance == null)
                    {
                        return null;
                    }

                    var kind = property.Property.Name.StartsWith("LastWrite", StringComparison.Ordinal) ? HeartbeatWriteKind.WriteTime : HeartbeatWriteKind.AccessTime;
                    return new HeartbeatWrite(assignment, instance, kind, exact, needsAwait: false);

                default:
                    return null;
            }
        }

        private static HeartbeatWrite? RecognizeInvocation(IInvocationOperation invocation, KnownSymbols symbols)
        {
            var method = invocation.TargetMethod;
            if (invocation.Arguments.Length == 0)
            {
                return null;
            }

            if (KnownSymbols.Is(method.ContainingType, symbols.File))
            {
                if (TimeSetterMethods.Contains(method.Name))
                {
                    if (invocation.Arguments.Length < 2 || !IsNow(ArgumentFor(invocation, 1), symbols, out var exact))
                    {
                        return null;
                    }

                    var kind = method.Name.StartsWith("SetLastWrite", StringComparison.Ordinal) ? HeartbeatWriteKind.WriteTime : HeartbeatWriteKind.AccessTime;
                    return new HeartbeatWrite(invocation, ArgumentFor(invocation, 0)!, kind, exact, needsAwait: false);
                }

                if (FileContentMethods.Contains(method.Name))
                {
                    return new HeartbeatWrite(invocation, ArgumentFor(invocation, 0)!, HeartbeatWriteKind.Content, exactlyNow: false, needsAwait: method.Name.EndsWith("Async", StringComparison.Ordinal));
                }

                return null;
            }

            if (StreamWriteMethods.Contains(method.Name) && invocation.Instance != null &&
                (KnownSymbols.InheritsFromOrIs(invocation.Instance.Type, symbols.FileStream) ||
                 KnownSymbols.InheritsFromOrIs(invocation.Instance.Type, symbols.StreamWriter)))
            {
                return new HeartbeatWrite(invocation, invocation.Instance, HeartbeatWriteKind.Content, exactlyNow: false, needsAwait: method.Name.EndsWith("Async", StringComparison.Ordinal));
            }

            return null;
        }

        /// <summary>The argument bound to the parameter at <paramref name="ordinal"/>, whatever order the call names them in.</summary>
        private static IOperation? ArgumentFor(IInvocationOperation invocation, int ordinal)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter != null && argument.Parameter.Ordinal == ordinal)
                {
                    return argument.Value;
                }
            }

            return ordinal < invocation.Arguments.Length ? invocation.Arguments[ordinal].Value : null;
        }

        /// <summary><c>new FileInfo(p) { LastWriteTimeUtc = DateTime.UtcNow }</c>: the setter's instance is the object being created.</summary>
        private static IOperation? FindInitializedObject(IOperation assignment)
        {
            for (var current = assignment.Parent; current != null; current = current.Parent)
            {
                if (current is IObjectOrCollectionInitializerOperation && current.Parent is IObjectCreationOperation creation)
                {
                    return creation;
                }
            }

            return null;
        }

        /// <summary>
        /// The time is "now": DateTime.Now/UtcNow, DateTimeOffset.Now/UtcNow (.UtcDateTime, .DateTime, .LocalDateTime),
        /// TimeProvider.GetUtcNow(), a local initialised from one of them, or now plus an offset (a lease extended ahead).
        /// <paramref name="exact"/> is false for the offset forms, which LockHeartbeat.Refresh would not reproduce.
        /// </summary>
        internal static bool IsNow(IOperation? value, KnownSymbols symbols, out bool exact)
        {
            exact = true;
            for (var depth = 0; value != null && depth < 6; depth++)
            {
                value = IOperationExtensions.Unwrap(value);
                switch (value)
                {
                    case IPropertyReferenceOperation property when property.Instance == null &&
                                                                   (property.Property.Name == "Now" || property.Property.Name == "UtcNow") &&
                                                                   (KnownSymbols.Is(property.Property.ContainingType, symbols.DateTime) ||
                                                                    KnownSymbols.Is(property.Property.ContainingType, symbols.DateTimeOffset)):
                        return true;

                    case IPropertyReferenceOperation property when property.Instance != null &&
                                                                   (property.Property.Name == "UtcDateTime" || property.Property.Name == "DateTime" || property.Property.Name == "LocalDateTime") &&
                                                                   KnownSymbols.Is(property.Property.ContainingType, symbols.DateTimeOffset):
                        value = property.Instance;
                        continue;

                    case IInvocationOperation call when (call.TargetMethod.Name == "GetUtcNow" || call.TargetMethod.Name == "GetLocalNow") &&
                                                        KnownSymbols.InheritsFromOrIs(call.TargetMethod.ContainingType, symbols.TimeProvider):
                        return true;

                    case IInvocationOperation call when call.Instance != null &&
                                                        (call.TargetMethod.Name == "ToUniversalTime" || call.TargetMethod.Name == "ToLocalTime"):
                        value = call.Instance;
                        continue;

                    case IInvocationOperation call when call.Instance != null && call.TargetMethod.Name.StartsWith("Add", StringComparison.Ordinal) &&
                                                        (KnownSymbols.Is(call.TargetMethod.ContainingType, symbols.DateTime) ||
                                                         KnownSymbols.Is(call.TargetMethod.ContainingType, symbols.DateTimeOffset)):
                        exact = false;
                        value = call.Instance;
                        continue;

                    case IBinaryOperation binary when binary.OperatorKind == BinaryOperatorKind.Add || binary.OperatorKind == BinaryOperatorKind.Subtract:
                        exact = false;
                        value = binary.LeftOperand;
                        continue;

                    case ILocalReferenceOperation local:
                        value = LocalInitializer(local);
                        exact = false;
                        continue;

                    default:
                        return false;
                }
            }

            return false;
        }

        /// <summary>A local's initializer, when the local is never assigned again (so the value at the write is the initial one).</summary>
        private static IOperation? LocalInitializer(ILocalReferenceOperation reference)
        {
            if (reference.Local.DeclaringSyntaxReferences.Length != 1 ||
                !(reference.Local.DeclaringSyntaxReferences[0].GetSyntax() is VariableDeclaratorSyntax declarator) ||
                declarator.Initializer == null)
            {
                return null;
            }

            return MemberPathIndex.Of(reference).UnchangedInitializer(reference.Local);
        }

        /// <summary>
        /// Whether the path is a lock path: the shared recognizer, plus a stream opened on a lock path with File.Open/Create/... .
        /// </summary>
        public static bool IsLockTarget(IOperation path, LockPathRecognizer recognizer, KnownSymbols symbols)
        {
            if (recognizer.IsLockPath(path))
            {
                return true;
            }

            var unwrapped = IOperationExtensions.Unwrap(path);
            IOperation? source = unwrapped;
            if (unwrapped is ILocalReferenceOperation local && local.Local.DeclaringSyntaxReferences.Length == 1)
            {
                source = null;
                foreach (var descendant in IOperationExtensions.DescendantsOf(IOperationExtensions.MemberRoot(path)))
                {
                    if (descendant is IVariableDeclaratorOperation d && SymbolEqualityComparer.Default.Equals(d.Symbol, local.Local))
                    {
                        source = d.Initializer?.Value;
                        break;
                    }
                }
            }

            if (source != null)
            {
                source = IOperationExtensions.Unwrap(source);
            }

            if (source is IInvocationOperation opener && FileOpeners.Contains(opener.TargetMethod.Name) &&
                KnownSymbols.Is(opener.TargetMethod.ContainingType, symbols.File) && opener.Arguments.Length > 0)
            {
                return recognizer.IsLockPath(opener.Arguments[0].Value);
            }

            return false;
        }

        /// <summary>A member name that says "heartbeat": heartbeat, beat, keep-alive, refresh, renew, touch, ping, lease, extend — unless it is about a cache, token or view.</summary>
        public static bool IsHeartbeatName(string? name) => NameStrength(name) != HeartbeatNameStrength.None;

        /// <summary>
        /// Heartbeat, beat, keep-alive and lease say "heartbeat" on their own. Refresh, renew, touch, ping and extend are
        /// also what build tools and caches do to files, so they count only in a type that holds a lock.
        /// </summary>
        internal static HeartbeatNameStrength NameStrength(string? name)
        {
            if (string.IsNullOrEmpty(name))
            {
                return HeartbeatNameStrength.None;
            }

            if (!MayNameHeartbeat(name!))
            {
                return HeartbeatNameStrength.None;
            }

            var words = IdentifierWords.Split(name!);
            var strength = HeartbeatNameStrength.None;
            for (var i = 0; i < words.Count; i++)
            {
                if (NonLockSubjects.Contains(words[i]))
                {
                    return HeartbeatNameStrength.None;
                }

                if (StrongHeartbeatWords.Contains(words[i]) || (words[i] == "keep" && i + 1 < words.Count && words[i + 1] == "alive"))
                {
                    strength = HeartbeatNameStrength.Strong;
                }
                else if (HeartbeatWords.Contains(words[i]) && strength == HeartbeatNameStrength.None)
                {
                    strength = HeartbeatNameStrength.Weak;
                }
            }

            return strength;
        }

        /// <summary>
        /// Allocation-free pre-test for <see cref="NameStrength"/>: every heartbeat word (and "keep" of keep-alive)
        /// contains one of these stems, so a name without any of them has no such word. Non-ASCII names go the long way
        /// (lower-casing there is not a plain ASCII compare).
        /// </summary>
        private static bool MayNameHeartbeat(string name)
        {
            foreach (var c in name)
            {
                if (c > 0x7F)
                {
                    return true;
                }
            }

            return name.IndexOf("beat", StringComparison.OrdinalIgnoreCase) >= 0 ||
                   name.IndexOf("keep", StringComparison.OrdinalIgnoreCase) >= 0 ||
                   name.IndexOf("lease", StringComparison.OrdinalIgnoreCase) >= 0 ||
                   name.IndexOf("refresh", StringComparison.OrdinalIgnoreCase) >= 0 ||
                   name.IndexOf("renew", StringComparison.OrdinalIgnoreCase) >= 0 ||
                   name.IndexOf("touch", StringComparison.OrdinalIgnoreCase) >= 0 ||
                   name.IndexOf("ping", StringComparison.OrdinalIgnoreCase) >= 0 ||
                   name.IndexOf("extend", StringComparison.OrdinalIgnoreCase) >= 0;
        }

        private static readonly string[] HeartbeatPieces = { "beat", "keep", "lease", "refresh", "renew", "touch", "ping", "extend" };

        /// <summary>
        /// Block-level pre-filter for content writes: whether the text of the member declaration holding this code block
        /// (every name <see cref="HolderNames"/> can yield lies in it) has a piece <see cref="MayNameHeartbeat"/> looks
        /// for, or any non-ASCII character (which that test accepts).
        /// </summary>
        public static bool MemberMayNameHeartbeat(SyntaxNode block)
        {
            var holder = block.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? block;
            return TextHits.Of(holder.SyntaxTree).SpanMayContain(holder.Span, HeartbeatPieces);
        }

        /// <summary>
        /// Whether a member that holds <paramref name="node"/> is heartbeat-like by name: an enclosing method, local
        /// function, property or field, or the variable/member a holding lambda (timer callback) is assigned to.
        /// Syntax only.
        /// </summary>
        public static bool IsInHeartbeatMember(SyntaxNode node, LockPathRecognizer recognizer)
        {
            var weak = false;
            foreach (var name in HolderNames(node))
            {
                switch (NameStrength(name))
                {
                    case HeartbeatNameStrength.Strong:
                        return true;
                    case HeartbeatNameStrength.Weak:
                        weak = true;
                        break;
                }
            }

            return weak && TypeHoldsALock(node, recognizer);
        }

        /// <summary>The containing type's name, or one of its fields or properties, names a lock or a heartbeat.</summary>
        private static bool TypeHoldsALock(SyntaxNode node, LockPathRecognizer recognizer)
        {
            var type = node.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (type == null)
            {
                return false;
            }

            if (IsLockish(type.Identifier.ValueText, recognizer))
            {
                return true;
            }

            foreach (var member in type.Members)
            {
                switch (member)
                {
                    case FieldDeclarationSyntax field when field.Declaration.Variables.Any(v => IsLockish(v.Identifier.ValueText, recognizer)):
                    case PropertyDeclarationSyntax property when IsLockish(property.Identifier.ValueText, recognizer):
                        return true;
                }
            }

            return false;
        }

        private static bool IsLockish(string name, LockPathRecognizer recognizer) =>
            recognizer.IsLockName(name) || NameStrength(name) == HeartbeatNameStrength.Strong;

        private static IEnumerable<string> HolderNames(SyntaxNode node)
        {
            for (var current = node; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case LocalFunctionStatementSyntax local:
                        yield return local.Identifier.ValueText;
                        break;
                    case MethodDeclarationSyntax method:
                        yield return method.Identifier.ValueText;
                        yield break;
                    case PropertyDeclarationSyntax property:
                        yield return property.Identifier.ValueText;
                        yield break;
                    case EventDeclarationSyntax @event:
                        yield return @event.Identifier.ValueText;
                        yield break;
                    case VariableDeclaratorSyntax declarator:
                        yield return declarator.Identifier.ValueText;
                        break;
                    case AssignmentExpressionSyntax assignment:
                        var assigned = assignment.Left switch
                        {
                            IdentifierNameSyntax id => id.Identifier.ValueText,
                            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                            _ => null,
                        };
                        if (assigned != null)
                        {
                            yield return assigned;
                        }

                        break;
                    case BaseTypeDeclarationSyntax _:
                        yield break;
                }
            }
        }
    }
}
