using Verify = LockAnalyzers.Tests.Verifiers.AnalyzerVerifier<LockAnalyzers.Rules.LCK003.LCK003DeleteThenCreateAnalyzer>;

namespace LockAnalyzers.Tests.Rules.LCK003;

/// <summary>
/// The plain shape decided without a control-flow graph (StraightLineDeleteThenCreate) must answer as the graph does,
/// and every shape near it must still reach the graph.
/// </summary>
public class LCK003StraightLineTests
{
    private static string Member(string body) =>
        """
        using System;
        using System.IO;

        class C
        {
            bool _ready;

            void Break(string lockPath)
            {
                if (_ready)
                {
        """ + body + """

                }
            }
        }
        """;

    [Fact]
    public Task Delete_then_create_statements_are_flagged() =>
        Verify.VerifyAsync(
            Member("""
                        {|#0:File.Delete(lockPath)|};
                        Console.WriteLine("broken");
                        using (var s = File.Create(lockPath))
                        {
                            return;
                        }
            """),
            Verify.Diagnostic("LCK003").WithLocation(0).WithArguments("lockPath"));

    [Fact]
    public Task A_conditional_return_between_leaves_the_create_reachable() =>
        Verify.VerifyAsync(
            Member("""
                        {|#0:File.Delete(lockPath)|};
                        if (lockPath.Length == 0) return;
                        File.WriteAllText(lockPath, "me");
            """),
            Verify.Diagnostic("LCK003").WithLocation(0).WithArguments("lockPath"));

    [Fact]
    public Task A_return_between_makes_the_create_unreachable() =>
        Verify.VerifyAsync(
            Member("""
                        File.Delete(lockPath);
                        return;
                        File.WriteAllText(lockPath, "me");
            """));

    [Fact]
    public Task A_throw_between_makes_the_create_unreachable() =>
        Verify.VerifyAsync(
            Member("""
                        File.Delete(lockPath);
                        throw new InvalidOperationException();
                        File.WriteAllText(lockPath, "me");
            """));

    [Fact]
    public Task A_create_before_the_delete_makes_it_a_release() =>
        Verify.VerifyAsync(
            Member("""
                        File.WriteAllText(lockPath, "me");
                        Console.WriteLine("work");
                        File.Delete(lockPath);
                        File.WriteAllText(lockPath, "again");
            """));

    [Fact]
    public Task A_create_only_inside_a_lambda_is_not_reached_by_the_delete() =>
        Verify.VerifyAsync(
            Member("""
                        File.Delete(lockPath);
                        Action later = () => File.WriteAllText(lockPath, "me");
            """));
}
