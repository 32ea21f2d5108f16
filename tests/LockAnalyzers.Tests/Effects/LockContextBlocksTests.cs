using LockAnalyzers.Effects;
using LockAnalyzers.Infrastructure;
using LockAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockAnalyzers.Tests.Effects;

/// <summary>
/// Which blocks the through-helper passes look at: a lock word must be able to stand for a lock file where it is
/// written. The look-alikes come from real code bases where they made thousands of lines get bound for nothing.
/// </summary>
public class LockContextBlocksTests
{
    private const string Helpers = """
        using System.IO;
        static class LockIO
        {
            public static void DeleteLock(string path) => File.Delete(path);
        }
        static class Store
        {
            public static void Remove(string path) => File.Delete(path);
        }
        sealed class FileLock
        {
            private readonly string _path;
            public FileLock(string path) { _path = path; }
            public void Release() => File.Delete(_path);
        }
        """;

    private static string[] SelectedMembers(string source)
    {
        var compilation = SnippetCompilation.Create(Helpers + "\n" + source);
        var tree = compilation.SyntaxTrees.First();
        var effects = new EffectSummaries(compilation, new KnownSymbols(compilation));
        return LockContextBlocks.Build(tree, LockPathRecognizer.Default, effects, CancellationToken.None)
            .Select(NameOf)
            .Where(n => n.StartsWith("Case", StringComparison.Ordinal))
            .ToArray();
    }

    private static string NameOf(SyntaxNode block) =>
        block.AncestorsAndSelf().OfType<MemberDeclarationSyntax>().First() switch
        {
            MethodDeclarationSyntax method => method.Identifier.ValueText,
            PropertyDeclarationSyntax property => property.Identifier.ValueText,
            var other => other.Kind().ToString(),
        };

    [Fact]
    public void Framework_members_and_types_named_for_locks_make_no_lock_context()
    {
        var selected = SelectedMembers("""
            using System.Threading;
            class Imaging
            {
                private readonly SemaphoreSlim _semaphoreLock = new SemaphoreSlim(1);
                private readonly ReaderWriterLockSlim _cacheLock = new ReaderWriterLockSlim();
                void CaseSlim(string path) { _semaphoreLock.Dispose(); Store.Remove(path); }
                void CaseReaderWriter(string path) { _cacheLock.Dispose(); Store.Remove(path); }
                void CaseNamedHandle(string path) { Mutex mutex = new Mutex(false, "app"); mutex.Dispose(); Store.Remove(path); }
            }
            """);

        Assert.Equal(Array.Empty<string>(), selected);
    }

    [Fact]
    public void Flags_counts_and_in_process_lock_classes_make_no_lock_context()
    {
        var selected = SelectedMembers("""
            using System.Threading;
            enum MetadataField { Name }
            static class Limits { public static int Parallel = 2; }
            sealed class DbLock
            {
                private static readonly ReaderWriterLockSlim Gate = new ReaderWriterLockSlim();
                public static void EnterWrite() => Gate.EnterWriteLock();
            }
            class Library
            {
                private bool _isLocked;
                void CaseFlag(string path) { if (_isLocked) Store.Remove(path); }
                void CaseParameter(string path, bool lockBitmap) { if (lockBitmap) Store.Remove(path); }
                void CaseEnum(string path, MetadataField? lockField) { if (lockField is not null) Store.Remove(path); }
                void CaseCount(string path) { int semaphoreCount = 2; if (semaphoreCount > 1) Store.Remove(path); }
                void CaseInProcessClass(string path) { DbLock.EnterWrite(); Store.Remove(path); }
                void CaseTestName_LockAsync_Throws() { Store.Remove("a"); }
                void CaseVarBool(string path, bool? flag) { var newLockData = flag ?? false; if (newLockData) Store.Remove(path); }
                void CaseVarCount(string path) { var semaphoreCount = Limits.Parallel; if (semaphoreCount > 1) Store.Remove(path); }
                void CaseVarCast(string path, long key) { var lockKeyValue = (uint)key; if (lockKeyValue > 0) Store.Remove(path); }
            }
            """);

        Assert.Equal(Array.Empty<string>(), selected);
    }

    [Fact]
    public void Paths_lock_objects_and_lock_helpers_make_lock_context()
    {
        var selected = SelectedMembers("""
            class Job
            {
                private readonly FileLock _fileLock = new FileLock("a.lock");
                private string LockFilePath => "a.lock";
                void CaseHelper(string path) => LockIO.DeleteLock(path);
                void CaseProperty() => LockIO.DeleteLock(LockFilePath);
                void CaseParameter(string lockPath) => LockIO.DeleteLock(lockPath);
                void CaseLocal() { var lockPath = "a.lock"; LockIO.DeleteLock(lockPath); }
                void CaseObject() => _fileLock.Release();
                void CaseType(string path) => new FileLock(path).Release();
                void CaseLockMember(string path) { Store.Remove(path); }
                void CaseCountOfLocks(int lockCount) { Store.Remove("a"); }
            }
            """);

        Assert.Equal(new[] { "CaseHelper", "CaseProperty", "CaseParameter", "CaseLocal", "CaseObject", "CaseType", "CaseLockMember" }, selected);
    }
    [Fact]
    public void Blocks_are_found_from_the_lock_word_positions_alone()
    {
        // A lock-named type selects its blocks and its nested types' blocks; a lambda's or a catch's lock-named
        // variable is a declared name of the block (an exception is no lock file); a name declared twice may be either;
        // a field initializer or an auto-property is no block.
        var selected = SelectedMembers("""
            using System;
            using System.IO;
            class PidFile
            {
                private readonly string _where = "a.pid";
                void CaseInLockType() => Store.Remove(_where);
                class Nested
                {
                    int CaseNestedCount => 1;
                }
            }
            class Worker
            {
                private readonly Func<string, bool> _probe = lockPath => File.Exists(lockPath);
                public string LockName { get; set; } = "a.lock";
                string CaseLockArrow => "a.lock";
                void CaseLambda() { Action<string> drop = lockPath => LockIO.DeleteLock(lockPath); drop("a"); }
                void CaseCatch(string path) { try { Store.Remove(path); } catch (IOException lockError) { Console.WriteLine(lockError); } }
                void CaseTwice(bool flag)
                {
                    if (flag) { var lockPath = 1; Console.WriteLine(lockPath); }
                    else { var lockPath = "a.lock"; LockIO.DeleteLock(lockPath); }
                }
                void CasePlain(string path) => Store.Remove(path);
            }
            """);

        Assert.Equal(new[] { "CaseInLockType", "CaseNestedCount", "CaseLockArrow", "CaseLambda", "CaseTwice" }, selected);
    }
}
