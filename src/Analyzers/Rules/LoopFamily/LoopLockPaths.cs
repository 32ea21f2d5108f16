using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using LockAnalyzers.Infrastructure;
namespace LockAnalyzers.Rules.LoopFamily
{
    /// <summary>
    /// The lock path a retry loop waits for, for the loop family (LCK004, LCK005) and their fixes: the first lock path it touches, and its text when the fix can use it before the loop.
    /// </summary>
    internal static class LoopLockPaths
    {
        /// <summary>
        /// The text of a lock path that means the same before the loop as inside it (a parameter, a field, a property,
        /// a literal, or a local declared outside the loop), so a fix can hand it to <c>ThrowIfExpired</c>; else null.
        /// </summary>
        public static string? PortablePathText(IOperation? path, ILoopOperation loop)
        {
            if (path == null)
            {
                return null;
            }

            var value = IOperationExtensions.Unwrap(path);
            switch (value)
            {
                case ILocalReferenceOperation local:
                    {
                        var declared = local.Local.Locations.Length > 0 ? local.Local.Locations[0] : null;
                        return declared != null && declared.IsInSource && !loop.Syntax.Span.Contains(declared.SourceSpan) ? local.Local.Name : null;
                    }

                case IParameterReferenceOperation parameter:
                    return parameter.Parameter.Name;
                case IFieldReferenceOperation field when field.Instance == null || field.Instance is IInstanceReferenceOperation:
                    return field.Syntax.ToString();
                case IPropertyReferenceOperation property when property.Property.Parameters.Length == 0 &&
                                                              (property.Instance == null || property.Instance is IInstanceReferenceOperation):
                    return property.Syntax.ToString();
                case ILiteralOperation literal when literal.ConstantValue.HasValue && literal.ConstantValue.Value is string:
                    return literal.Syntax.ToString();
                default:
                    return null;
            }
        }

        /// <summary>The first lock path the loop touches through File/FileStream/FileInfo, or null.</summary>
        public static IOperation? LockPathIn(ILoopOperation loop, KnownSymbols symbols, LockPathRecognizer recognizer)
        {
            foreach (var operation in IOperationExtensions.DescendantsAndSelfNoLambdas(loop))
            {
                var path = FileCalls.PathArgument(operation, symbols);
                if (path != null && recognizer.IsLockPath(path))
                {
                    return path;
                }
            }

            // No framework call: a lock-named string handed to the code's own helpers (TryCreate(lockPath)).
            foreach (var operation in IOperationExtensions.DescendantsAndSelfNoLambdas(loop))
            {
                if (operation is IArgumentOperation argument && argument.Value.Type?.SpecialType == SpecialType.System_String &&
                    (argument.Value is ILocalReferenceOperation || argument.Value is IParameterReferenceOperation || argument.Value is IFieldReferenceOperation) &&
                    recognizer.IsLockPath(argument.Value))
                {
                    return argument.Value;
                }
            }

            return null;
        }
    }
}
