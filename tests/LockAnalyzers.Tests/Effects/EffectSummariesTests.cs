using LockAnalyzers.Effects;
using LockAnalyzers.Infrastructure;
using LockAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LockAnalyzers.Tests.Effects;

/// <summary>The effect model on its own: what a member's summary holds, and what a call of it counts as.</summary>
public class EffectSummariesTests
{
    private static (EffectSummaries Effects, Compilation Compilation) Build(string source)
    {
        var compilation = SnippetCompilation.Create(source);
        return (new EffectSummaries(compilation, new KnownSymbols(compilation)), compilation);
    }

    private static IMethodSymbol Method(Compilation compilation, string type, string name) =>
        compilation.GetTypeByMetadataName(type)!.GetMembers(name).OfType<IMethodSymbol>().Single();

    private static IInvocationOperation Call(Compilation compilation, string calledName)
    {
        var tree = compilation.SyntaxTrees.First();
        var model = compilation.GetSemanticModel(tree);
        return tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Select(i => model.GetOperation(i)).OfType<IInvocationOperation>()
            .First(i => i.TargetMethod.Name == calledName && i.TargetMethod.ContainingType.Name != "File");
    }

    [Fact]
    public void A_summary_lists_effects_in_source_order_with_the_member_s_paths()
    {
        var (effects, compilation) = Build("""
            using System.IO;
            using System.Threading;
            class LockIO
            {
                public void Cycle(string path)
                {
                    if (File.Exists(path)) File.Delete(path);
                    File.WriteAllText(path, "1");
                    Thread.Sleep(10);
                }
            }
            """);

        var summary = effects.Of(Method(compilation, "LockIO", "Cycle"));

        Assert.Equal(new[] { EffectKind.Exists, EffectKind.Delete, EffectKind.CreateOverwrite, EffectKind.Sleep }, summary.Effects.AsEnumerable().Select(e => e.Kind));
        Assert.All(summary.Effects.AsEnumerable().Take(3), e => Assert.Equal("path", e.Path!.Syntax.ToString()));
    }

    [Fact]
    public void A_call_maps_parameters_to_arguments_and_names_the_chain()
    {
        var (effects, compilation) = Build("""
            using System.IO;
            static class Inner { public static void Remove(string p) => File.Delete(p); }
            static class Outer { public static void DeleteLock(string path) => Inner.Remove(path); }
            class User { void Run() => Outer.DeleteLock("/tmp/a.lock"); }
            """);

        var effect = Assert.Single(effects.EffectsOfCall(Call(compilation, "DeleteLock")));

        Assert.Equal(EffectKind.Delete, effect.Kind);
        Assert.Equal("\"/tmp/a.lock\"", effect.Path!.Syntax.ToString());
        Assert.Equal("Outer.DeleteLock \u2192 Inner.Remove \u2192 File.Delete", effect.Describe());
        Assert.Equal("p", effect.SitePath!.Syntax.ToString());
    }

    [Fact]
    public void Recursion_terminates_and_the_chain_stops_at_the_depth_limit()
    {
        var (effects, compilation) = Build("""
            using System.IO;
            static class D
            {
                public static void A(string p, int n) { if (n > 0) B(p, n - 1); File.Delete(p); }
                public static void B(string p, int n) { if (n > 0) A(p, n - 1); }
                public static void L1(string p) => L2(p);
                public static void L2(string p) => L3(p);
                public static void L3(string p) => L4(p);
                public static void L4(string p) => File.Delete(p);
            }
            class Caller
            {
                void Deep() => D.L1("a.lock");
                void Shallow() => D.L2("a.lock");
            }
            """);

        Assert.Contains(effects.Of(Method(compilation, "D", "A")).Effects, e => e.Kind == EffectKind.Delete);
        Assert.Contains(effects.Of(Method(compilation, "D", "B")).Effects, e => e.Kind == EffectKind.Delete);

        // Three helper levels below the call are followed (L2 → L3 → L4 → File.Delete); a fourth is not.
        Assert.Equal("D.L2 → D.L3 → D.L4 → File.Delete", Assert.Single(effects.EffectsOfCall(Call(compilation, "L2"))).Describe());
        Assert.Empty(effects.EffectsOfCall(Call(compilation, "L1")));
    }

    [Fact]
    public void Lambdas_run_later_and_are_not_the_member_s_effects()
    {
        var (effects, compilation) = Build("""
            using System;
            using System.IO;
            class T
            {
                public Action Later(string p) => () => File.Delete(p);
                public void Local(string p) { void Go() => File.Delete(p); Go(); }
            }
            """);

        Assert.Empty(effects.Of(Method(compilation, "T", "Later")).Effects);
        Assert.Single(effects.Of(Method(compilation, "T", "Local")).Effects);
    }

    [Fact]
    public void An_interface_call_counts_as_every_implementation_in_the_compilation()
    {
        var (effects, compilation) = Build("""
            using System.IO;
            interface IStore { void Drop(string p); }
            class Disk : IStore { public void Drop(string p) => File.Delete(p); }
            class Archive : IStore { public void Drop(string p) => File.Move(p, p + ".old"); }
            class User { void Run(IStore s) => s.Drop("/tmp/x.lock"); }
            """);

        var kinds = effects.EffectsOfCall(Call(compilation, "Drop")).Select(e => e.Kind).OrderBy(k => k).ToList();

        Assert.Equal(new[] { EffectKind.Delete, EffectKind.Move }, kinds);
    }

    [Fact]
    public void A_bool_member_records_the_existence_test_it_returns()
    {
        var (effects, compilation) = Build("""
            using System.IO;
            class LockFile
            {
                private readonly string _path = "a";
                public bool IsFree() => !File.Exists(_path);
                public bool IsLocked() => !IsFree();
                public bool IsNotRunning() { var text = File.Exists(_path) ? File.ReadAllText(_path) : ""; return text.Length == 0; }
                public bool Check() { if (File.Exists(_path)) return true; return false; }
            }
            """);

        var free = effects.Of(Method(compilation, "LockFile", "IsFree"));
        var locked = effects.Of(Method(compilation, "LockFile", "IsLocked"));
        var notRunning = effects.Of(Method(compilation, "LockFile", "IsNotRunning"));
        var check = effects.Of(Method(compilation, "LockFile", "Check"));

        Assert.False(free.ReturnsTrueWhenExists);
        Assert.NotNull(free.ReturnedTest);
        Assert.True(locked.ReturnsTrueWhenExists);
        Assert.NotNull(notRunning.ReturnedTest);
        Assert.False(notRunning.ReturnsTrueWhenExists);
        Assert.Null(check.ReturnedTest);
    }

    [Fact]
    public void Summaries_are_the_same_from_many_threads()
    {
        var (effects, compilation) = Build("""
            using System.IO;
            static class S
            {
                public static void A(string p) { B(p); File.Delete(p); }
                public static void B(string p) { C(p); File.WriteAllText(p, ""); }
                public static void C(string p) { A(p); File.Exists(p); }
            }
            """);
        var methods = new[] { "A", "B", "C" }.Select(n => Method(compilation, "S", n)).ToArray();

        var results = Enumerable.Range(0, 64).AsParallel()
            .Select(i => string.Join(",", effects.Of(methods[i % 3]).Effects.AsEnumerable().Select(e => e.Kind)))
            .ToList();

        foreach (var group in results.Select((r, i) => (r, i)).GroupBy(x => x.i % 3))
        {
            Assert.Single(group.Select(x => x.r).Distinct());
        }
    }

    [Fact]
    public void A_generic_type_s_helper_is_summarized_through_its_constructed_type()
    {
        var (effects, compilation) = Build("""
            using System.IO;
            class Store<T> { public void Drop(string p) => File.Delete(p); }
            class User { void Run(Store<int> s) => s.Drop("/tmp/x.lock"); }
            """);

        var effect = Assert.Single(effects.EffectsOfCall(Call(compilation, "Drop")));

        Assert.Equal(EffectKind.Delete, effect.Kind);
        Assert.Equal("\"/tmp/x.lock\"", effect.Path!.Syntax.ToString());
    }

    [Fact]
    public void A_partial_type_s_helper_in_another_file_is_summarized()
    {
        var compilation = SnippetCompilation.Create(
            """
            partial class FileLock
            {
                public void Release() => DeleteLockFile(_path);
            }
            """,
            """
            using System.IO;
            partial class FileLock
            {
                private readonly string _path = "a.lock";
                private void DeleteLockFile(string p) { if (File.Exists(p)) File.Delete(p); }
            }
            """);
        var effects = new EffectSummaries(compilation, new KnownSymbols(compilation));

        var kinds = effects.EffectsOfCall(Call(compilation, "DeleteLockFile")).Select(e => e.Kind);

        Assert.Equal(new[] { EffectKind.Exists, EffectKind.Delete }, kinds);
    }

    [Fact]
    public void An_extension_method_maps_its_this_parameter_to_the_receiver()
    {
        var (effects, compilation) = Build("""
            using System.IO;
            static class LockPaths { public static void DropLock(this string path) => File.Delete(path); }
            class User { void Run(string lockPath) => lockPath.DropLock(); }
            """);

        var effect = Assert.Single(effects.EffectsOfCall(Call(compilation, "DropLock")));

        Assert.Equal(EffectKind.Delete, effect.Kind);
        Assert.Equal("lockPath", effect.Path!.Syntax.ToString());
    }

    [Fact]
    public void Code_that_does_not_compile_yet_gives_partial_summaries_and_no_exception()
    {
        var (effects, compilation) = Build("""
            using System.IO;
            static class Broken
            {
                public static void Half(string p) { File.Delete(p) Missing.Call(p); File.WriteAllText(p, }
                public static void Unknown(string p) => NoSuchHelper(p);
            }
            class User { void Run() { Broken.Half("a.lock"); Broken.Unknown("a.lock"); } }
            """);

        Assert.Contains(effects.Of(Method(compilation, "Broken", "Half")).Effects, e => e.Kind == EffectKind.Delete);
        Assert.Empty(effects.Of(Method(compilation, "Broken", "Unknown")).Effects);
        Assert.Empty(effects.EffectsOfCall(Call(compilation, "Unknown")));
    }
}
