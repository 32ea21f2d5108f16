using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace LockAnalyzers.Rules.StealFamily
{
    /// <summary>
    /// The operation blocks of a member that hold executable code: a method's or constructor's body block (whose
    /// parent is the method-body operation the control-flow graph is built from), or a parentless block.
    /// Field initializers and attribute arguments are skipped.
    /// </summary>
    internal static class MemberBodies
    {
        public static bool IsBody(IOperation block) =>
            block is IBlockOperation && (block.Parent == null || block.Parent is IMethodBodyOperation || block.Parent is IConstructorBodyOperation);

        /// <summary>The root the member's analysis walks: the method-body operation when there is one.</summary>
        public static IOperation Root(IOperation block) => block.Parent ?? block;
    }
}
