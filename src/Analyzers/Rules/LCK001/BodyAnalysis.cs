using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Rules.LCK001
{
    /// <summary>
    /// What a catch body does with the failure. Logging alone is swallowing; any other call, a throw, state that
    /// outlives the block, or a returned value is handling. Precision first: when in doubt, it handles.
    /// </summary>
    internal static class BodyAnalysis
    {
        public static CatchBody Classify(CatchClauseSyntax clause, SemanticModel model, KnownSymbols symbols, ISymbol? exceptionLocal, CancellationToken cancellation)
        {
            var rethrows = false;
            var thrown = new List<ITypeSymbol>();
            var root = model.GetOperation(clause.Block, cancellation);
            if (root == null)
            {
                return new CatchBody(CatchBodyKind.Handles, false, thrown);
            }

            var stack = new Stack<IOperation>();
            stack.Push(root);
            while (stack.Count > 0)
            {
                var operation = stack.Pop();
                switch (operation)
                {
                    case IThrowOperation @throw:
                        var exception = @throw.Exception == null ? null : IOperationExtensions.Unwrap(@throw.Exception);
                        if (exception == null || exception is ILocalReferenceOperation local && SymbolEqualityComparer.Default.Equals(local.Local, exceptionLocal))
                        {
                            rethrows = true;
                        }
                        else if (exception.Type != null && exception.Type.TypeKind != TypeKind.Error)
                        {
                            thrown.Add(exception.Type);
                        }
                        else
                        {
                            return Handles();
                        }

                        break;

                    case IInvocationOperation invocation:
                        if (IsLogging(invocation, symbols))
                        {
                            // What a log call computes for its message does not handle the failure.
                            continue;
                        }

                        if (!IsNeutral(invocation, symbols))
                        {
                            return Handles();
                        }

                        break;

                    case IDynamicInvocationOperation _:
                    case IFunctionPointerInvocationOperation _:
                    case IEventAssignmentOperation _:
                    case IInvalidOperation _:
                        return Handles();

                    case IAssignmentOperation assignment when Outlives(assignment.Target, clause, exceptionLocal):
                        return Handles();

                    case IIncrementOrDecrementOperation increment when Outlives(increment.Target, clause, exceptionLocal):
                        return Handles();

                    case IReturnOperation ret when ret.ReturnedValue != null || ret.Kind == OperationKind.YieldReturn:
                        return Handles();

                    case IObjectCreationOperation creation when creation.Constructor != null && creation.Constructor.DeclaringSyntaxReferences.Length > 0:
                        // A constructor in this code base may do anything (register, signal): count it as handling.
                        return Handles();
                }

                foreach (var child in operation.ChildOperations)
                {
                    stack.Push(child);
                }
            }

            return new CatchBody(rethrows || thrown.Count > 0 ? CatchBodyKind.OnlyThrows : CatchBodyKind.Swallows, rethrows, thrown);

            CatchBody Handles() => new CatchBody(CatchBodyKind.Handles, false, thrown);
        }

        /// <summary>Assigning it is visible after the catch: anything but a local declared in the catch, the catch variable, a by-value parameter or a discard.</summary>
        private static bool Outlives(IOperation target, CatchClauseSyntax clause, ISymbol? exceptionLocal)
        {
            switch (IOperationExtensions.Unwrap(target))
            {
                case IDiscardOperation _:
                    return false;
                case ILocalReferenceOperation local:
                    if (SymbolEqualityComparer.Default.Equals(local.Local, exceptionLocal))
                    {
                        return false;
                    }

                    return !local.Local.DeclaringSyntaxReferences.Any(r => clause.Block.Span.Contains(r.Span));
                case IParameterReferenceOperation parameter:
                    return parameter.Parameter.RefKind != RefKind.None;
                case ITupleOperation tuple:
                    return tuple.Elements.Any(e => Outlives(e, clause, exceptionLocal));
                case IDeclarationExpressionOperation _:
                    return false;
                default:
                    return true;
            }
        }

        /// <summary>
        /// ILogger and LoggerExtensions, Console, Debug, Trace, and methods whose first word is Log/Warn/Error/Info/Debug/Trace/Write on any receiver.
        /// </summary>
        internal static bool IsLogging(IInvocationOperation invocation, KnownSymbols symbols)
        {
            var method = invocation.TargetMethod;
            var type = method.ContainingType;
            if (KnownSymbols.Is(type, symbols.ILogger) || KnownSymbols.Is(type, symbols.LoggerExtensions) ||
                KnownSymbols.Is(type, symbols.Console) || KnownSymbols.Is(type, symbols.Debug) || KnownSymbols.Is(type, symbols.Trace))
            {
                return true;
            }

            if (symbols.ILogger != null && type != null && type.AllInterfaces.Any(i => KnownSymbols.Is(i, symbols.ILogger)))
            {
                return true;
            }

            var words = IdentifierWords.Split(method.Name);
            if (words.Count == 0)
            {
                return false;
            }

            switch (words[0])
            {
                case "log":
                case "warn":
                case "warning":
                case "error":
                case "info":
                case "information":
                case "debug":
                case "trace":
                case "write":
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>Calls that neither handle nor signal anything: formatting, time, waiting before the next attempt.</summary>
        private static bool IsNeutral(IInvocationOperation invocation, KnownSymbols symbols)
        {
            var method = invocation.TargetMethod;
            var type = method.ContainingType;
            if (type == null)
            {
                return false;
            }

            switch (type.SpecialType)
            {
                case SpecialType.System_String:
                case SpecialType.System_Object:
                    return true;
            }

            switch (method.Name)
            {
                case "ToString":
                case "GetType":
                case "GetHashCode":
                case "Equals":
                    return true;
            }

            if (KnownSymbols.InheritsFromOrIs(type, symbols.Exception) || KnownSymbols.Is(type, symbols.Path) ||
                KnownSymbols.Is(type, symbols.DateTime) || KnownSymbols.Is(type, symbols.DateTimeOffset) || KnownSymbols.Is(type, symbols.TimeSpan))
            {
                return true;
            }

            if (KnownSymbols.Is(type, symbols.Thread) && method.Name == "Sleep")
            {
                return true;
            }

            if ((KnownSymbols.Is(type, symbols.Task) && (method.Name == "Delay" || method.Name == "Yield" || method.Name == "ConfigureAwait")) ||
                (type.Name == "ValueTask" && method.Name == "ConfigureAwait"))
            {
                return true;
            }

            if (type.Name == "Math" && type.ContainingNamespace?.ToDisplayString() == "System")
            {
                return true;
            }

            return type.Name == "StringBuilder" && type.ContainingNamespace?.ToDisplayString() == "System.Text";
        }
    }
}
