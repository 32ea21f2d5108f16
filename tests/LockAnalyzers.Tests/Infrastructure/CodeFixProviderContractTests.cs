using Microsoft.CodeAnalysis.CodeFixes;
using LockAnalyzers.CodeFixes.Rules.LCK001;
using LockAnalyzers.CodeFixes.Rules.LCK002;
using LockAnalyzers.CodeFixes.Rules.LCK003;
using LockAnalyzers.CodeFixes.Rules.LCK004;
using LockAnalyzers.CodeFixes.Rules.LCK005;
using LockAnalyzers.CodeFixes.Rules.LCK006;
using LockAnalyzers.CodeFixes.Rules.LCK007;
using LockAnalyzers.CodeFixes.Rules.LCK008;
using LockAnalyzers.CodeFixes.Rules.LCK009;

namespace LockAnalyzers.Tests.Infrastructure;

/// <summary>
/// Each provider fixes its one rule, and FixAll goes the way the fix's edits need: merged independent fixes (batch)
/// where edits never meet, one pass over a document's diagnostics where they must be made together.
/// </summary>
public class CodeFixProviderContractTests
{
    public static TheoryData<Type, string, bool> Providers() => new()
    {
        { typeof(LCK001HeartbeatFailureSwallowedCodeFixProvider), "LCK001", true },
        { typeof(LCK002StaleByTimestampAloneCodeFixProvider), "LCK002", true },
        { typeof(LCK003DeleteThenCreateCodeFixProvider), "LCK003", true },
        { typeof(LCK004ContinueSkipsDeadlineCodeFixProvider), "LCK004", false },
        { typeof(LCK005LockWaitWithoutDeadlineCodeFixProvider), "LCK005", false },
        { typeof(LCK006CheckThenCreateCodeFixProvider), "LCK006", false },
        { typeof(LCK007ReleaseWithoutOwnershipCheckCodeFixProvider), "LCK007", false },
        { typeof(LCK008PidOnlyLivenessCodeFixProvider), "LCK008", true },
        { typeof(LCK009HandleLockPathNotWatchedCodeFixProvider), "LCK009", false },
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public void Provider_fixes_its_rule_with_its_FixAll(Type type, string ruleId, bool batch)
    {
        var provider = (CodeFixProvider)Activator.CreateInstance(type)!;

        Assert.Equal(new[] { ruleId }, provider.FixableDiagnosticIds);
        var fixAll = provider.GetFixAllProvider();
        if (batch)
        {
            Assert.Same(WellKnownFixAllProviders.BatchFixer, fixAll);
        }
        else
        {
            Assert.IsAssignableFrom<DocumentBasedFixAllProvider>(fixAll);
        }
    }
}
