using System.Collections.Generic;
using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Rules.LCK003
{
    /// <summary>
    /// Reachability between operations of one control-flow graph, found by their syntax. Loop back edges make the
    /// next iteration reachable (a delete followed by <c>continue</c> reaches the create at the top of the loop);
    /// anything inside a try may throw, so its catch handlers are reachable too.
    /// </summary>
    internal static class DeleteThenCreateReachability
    {
        /// <summary>A position in the graph: block ordinal and the index of the operation within it (BranchValue is last).</summary>
        internal readonly struct Position
        {
            public Position(int block, int index)
            {
                Block = block;
                Index = index;
            }

            public int Block { get; }

            public int Index { get; }
        }

        /// <summary>The graph that holds <paramref name="target"/>: the member's, or that of the lambda / local function around it.</summary>
        public static ControlFlowGraph? GraphContaining(ControlFlowGraph root, IOperation target, IOperation memberBody)
        {
            var chain = new List<IOperation>();
            for (var current = target.Parent; current != null && current != memberBody; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation || current is ILocalFunctionOperation)
                {
                    chain.Insert(0, current);
                }
            }

            var graph = root;
            foreach (var function in chain)
            {
                ControlFlowGraph? next = null;
                if (function is ILocalFunctionOperation local)
                {
                    foreach (var declared in graph.LocalFunctions)
                    {
                        if (SymbolEqualityComparer.Default.Equals(declared, local.Symbol))
                        {
                            next = graph.GetLocalFunctionControlFlowGraph(declared);
                            break;
                        }
                    }
                }
                else
                {
                    var flow = FindFlowFunction(graph, function.Syntax);
                    if (flow != null)
                    {
                        next = graph.GetAnonymousFunctionControlFlowGraph(flow);
                    }
                }

                if (next == null)
                {
                    return null;
                }

                graph = next;
            }

            return graph;
        }

        /// <summary>Every position whose operation tree holds an operation with exactly this syntax.</summary>
        public static List<Position> Find(ControlFlowGraph graph, HashSet<SyntaxNode> syntaxes)
        {
            var found = new List<Position>();
            foreach (var block in graph.Blocks)
            {
                for (var i = 0; i <= block.Operations.Length; i++)
                {
                    var operation = i < block.Operations.Length ? block.Operations[i] : block.BranchValue;
                    if (operation == null)
                    {
                        continue;
                    }

                    foreach (var node in IOperationExtensions.DescendantsAndSelf(operation))
                    {
                        if (syntaxes.Contains(node.Syntax))
                        {
                            found.Add(new Position(block.Ordinal, i));
                            break;
                        }
                    }
                }
            }

            return found;
        }

        /// <summary>Can control reach any of <paramref name="targets"/> after <paramref name="from"/> has run (loops and catch handlers included)?</summary>
        public static bool Reaches(ControlFlowGraph graph, Position from, List<Position> targets)
        {
            foreach (var target in targets)
            {
                if (target.Block == from.Block && target.Index > from.Index)
                {
                    return true;
                }
            }

            var visited = new HashSet<int>();
            var queue = new Queue<BasicBlock>();
            Enqueue(graph, graph.Blocks[from.Block], queue, visited, forwardOnly: false);
            while (queue.Count > 0)
            {
                var block = queue.Dequeue();
                foreach (var target in targets)
                {
                    if (target.Block == block.Ordinal)
                    {
                        return true;
                    }
                }

                Enqueue(graph, block, queue, visited, forwardOnly: false);
            }

            return false;
        }

        /// <summary>
        /// Does normal (non-exceptional) flow lead from <paramref name="from"/> to <paramref name="to"/> within one
        /// pass (no back edge)? A delete reached that way after a successful create is a release, not a break.
        /// </summary>
        public static bool FollowsWithinOnePass(ControlFlowGraph graph, Position from, Position to)
        {
            if (from.Block == to.Block)
            {
                return from.Index < to.Index;
            }

            var visited = new HashSet<int>();
            var queue = new Queue<BasicBlock>();
            Enqueue(graph, graph.Blocks[from.Block], queue, visited, forwardOnly: true);
            while (queue.Count > 0)
            {
                var block = queue.Dequeue();
                if (block.Ordinal == to.Block)
                {
                    return true;
                }

                Enqueue(graph, block, queue, visited, forwardOnly: true);
            }

            return false;
        }

        private static void Enqueue(ControlFlowGraph graph, BasicBlock block, Queue<BasicBlock> queue, HashSet<int> visited, bool forwardOnly)
        {
            Add(graph, block, block.FallThroughSuccessor, queue, visited, forwardOnly);
            Add(graph, block, block.ConditionalSuccessor, queue, visited, forwardOnly);
            if (forwardOnly)
            {
                return;
            }

            for (var region = block.EnclosingRegion; region != null; region = region.EnclosingRegion)
            {
                if (region.Kind != ControlFlowRegionKind.Try || region.EnclosingRegion == null)
                {
                    continue;
                }

                foreach (var handler in region.EnclosingRegion.NestedRegions)
                {
                    if (handler.Kind == ControlFlowRegionKind.Catch || handler.Kind == ControlFlowRegionKind.FilterAndHandler ||
                        handler.Kind == ControlFlowRegionKind.Finally)
                    {
                        Visit(graph.Blocks[handler.FirstBlockOrdinal], queue, visited);
                    }
                }
            }
        }

        private static void Add(ControlFlowGraph graph, BasicBlock source, ControlFlowBranch? branch, Queue<BasicBlock> queue, HashSet<int> visited, bool forwardOnly)
        {
            if (branch == null)
            {
                return;
            }

            foreach (var region in branch.FinallyRegions)
            {
                Visit(graph.Blocks[region.FirstBlockOrdinal], queue, visited);
            }

            var destination = branch.Destination;
            if (destination != null && (!forwardOnly || destination.Ordinal > source.Ordinal))
            {
                Visit(destination, queue, visited);
            }
        }

        private static void Visit(BasicBlock block, Queue<BasicBlock> queue, HashSet<int> visited)
        {
            if (visited.Add(block.Ordinal))
            {
                queue.Enqueue(block);
            }
        }

        private static IFlowAnonymousFunctionOperation? FindFlowFunction(ControlFlowGraph graph, SyntaxNode syntax)
        {
            foreach (var block in graph.Blocks)
            {
                foreach (var operation in block.Operations)
                {
                    foreach (var node in IOperationExtensions.DescendantsAndSelf(operation))
                    {
                        if (node is IFlowAnonymousFunctionOperation flow && flow.Syntax == syntax)
                        {
                            return flow;
                        }
                    }
                }

                if (block.BranchValue != null)
                {
                    foreach (var node in IOperationExtensions.DescendantsAndSelf(block.BranchValue))
                    {
                        if (node is IFlowAnonymousFunctionOperation flow && flow.Syntax == syntax)
                        {
                            return flow;
                        }
                    }
                }
            }

            return null;
        }
    }
}
