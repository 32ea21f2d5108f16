using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using LCK004Verify = LockAnalyzers.Tests.Verifiers.AnalyzerVerifier<LockAnalyzers.Rules.LCK004.LCK004ContinueSkipsDeadlineAnalyzer>;
using LCK006Verify = LockAnalyzers.Tests.Verifiers.AnalyzerVerifier<LockAnalyzers.Rules.LCK006.LCK006CheckThenCreateAnalyzer>;
using LCK007Verify = LockAnalyzers.Tests.Verifiers.AnalyzerVerifier<LockAnalyzers.Rules.LCK007.LCK007ReleaseWithoutOwnershipCheckAnalyzer>;

namespace LockAnalyzers.Tests.Infrastructure;

/// <summary>
/// The rules run from one callback per syntax tree over the code blocks their words name (CodeBlocks, CandidateSyntax),
/// not from the driver's per-member callbacks. Every kind of block the driver builds an operation tree for must still be
/// analyzed, and each finding reported once.
/// </summary>
public class CodeBlocksTests
{
    private const string CheckThenCreate = """
        if (!File.Exists(LockPath))
        {
            {|#N:File.WriteAllText(LockPath, "1")|};
        }
        """;

    private static string Body(int location) => CheckThenCreate.Replace("#N", "#" + location, StringComparison.Ordinal);

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult LCK006(int location) =>
        LCK006Verify.Diagnostic("LCK006").WithLocation(location).WithArguments("LockPath");

    [Fact]
    public Task Every_block_kind_is_analyzed_once() =>
        LCK006Verify.VerifyAsync(
            $$"""
            using System;
            using System.IO;

            class Blocks
            {
                const string LockPath = "/run/app.lock";

                public Blocks()
                {
            {{Indent(Body(0), 8)}}
                }

                ~Blocks()
                {
            {{Indent(Body(1), 8)}}
                }

                public int Getter
                {
                    get
                    {
            {{Indent(Body(2), 12)}}
                        return 1;
                    }

                    set
                    {
            {{Indent(Body(3), 12)}}
                    }
                }

                public int this[int i]
                {
                    get
                    {
            {{Indent(Body(4), 12)}}
                        return i;
                    }
                }

                public event EventHandler? Changed
                {
                    add
                    {
            {{Indent(Body(5), 12)}}
                    }

                    remove { }
                }

                public static Blocks operator +(Blocks a, Blocks b)
                {
            {{Indent(Body(6), 8)}}
                    return a;
                }

                public static explicit operator int(Blocks b)
                {
            {{Indent(Body(7), 8)}}
                    return 0;
                }

                private readonly Action _fieldLambda = () =>
                {
            {{Indent(Body(8), 8)}}
                };

                public Action PropertyInitializer { get; } = () =>
                {
            {{Indent(Body(9), 8)}}
                };

                public Action ExpressionBodied => () =>
                {
            {{Indent(Body(10), 8)}}
                };

                public void LocalFunctionAndLambda()
                {
                    void Local()
                    {
            {{Indent(Body(11), 12)}}
                    }

                    Action lambda = () =>
                    {
            {{Indent(Body(12), 12)}}
                    };
                    Local();
                    lambda();
                }

                class Nested
                {
                    void Run()
                    {
            {{Indent(Body(13), 12)}}
                    }
                }
            }
            """,
            Enumerable.Range(0, 14).Select(LCK006).ToArray());

    [Fact]
    public Task File_scoped_namespace_and_partial_class_across_files() =>
        new LCK006Verify.Test
        {
            TestState =
            {
                Sources =
                {
                    ("/src/A.cs", $$"""
                        using System.IO;

                        namespace App;

                        partial class Daemon
                        {
                            const string LockPath = "/run/daemon.lock";

                            void First()
                            {
                        {{Indent(Body(0), 8)}}
                            }
                        }
                        """),
                    ("/src/B.cs", $$"""
                        using System.IO;

                        namespace App;

                        partial class Daemon
                        {
                            void Second()
                            {
                        {{Indent(Body(1), 8)}}
                            }
                        }
                        """),
                },
                ExpectedDiagnostics = { LCK006(0), LCK006(1) },
            },
        }.RunAsync();

    [Fact]
    public Task Top_level_statements_and_a_type_after_them() =>
        new LCK006Verify.Test
        {
            TestState =
            {
                OutputKind = OutputKind.ConsoleApplication,
                Sources =
                {
                    $$"""
                    using System;
                    using System.IO;

                    const string LockPath = "/run/tool.lock";
                    Console.WriteLine("start");
                    {{Body(0)}}
                    Console.WriteLine("done");
                    {{Body(1).Replace("LockPath", "Tool.LockPath", StringComparison.Ordinal)}}

                    static class Tool
                    {
                        public const string LockPath = "/run/tool2.lock";

                        public static void Run()
                        {
                    {{Indent(Body(2), 8)}}
                        }
                    }
                    """,
                },
                ExpectedDiagnostics =
                {
                    LCK006(0),
                    LCK006Verify.Diagnostic("LCK006").WithLocation(1).WithArguments("Tool.LockPath"),
                    LCK006(2),
                },
            },
        }.RunAsync();

    [Fact]
    public Task Words_only_in_comments_strings_and_names_find_nothing() =>
        LCK007Verify.VerifyAsync(
            """
            using System.IO;

            class Notes
            {
                // File.Delete(lockPath) would release someone else's lock.
                private const string Hint = "File.Delete(lockPath)";

                public string Delete => Hint;

                void Release(string lockPath)
                {
                    var Delete = lockPath + ".note";
                    File.WriteAllText(Delete, Hint);
                }
            }
            """);

    [Fact]
    public Task Continue_in_a_loop_of_a_local_function_is_seen() =>
        LCK004Verify.VerifyAsync(
            """
            using System;
            using System.Diagnostics;
            using System.IO;
            using System.Threading;

            class Waiter
            {
                bool Acquire(string lockPath, TimeSpan timeout)
                {
                    return Loop();

                    bool Loop()
                    {
                        var watch = Stopwatch.StartNew();
                        while (true)
                        {
                            try
                            {
                                using var stream = new FileStream(lockPath, FileMode.CreateNew);
                                return true;
                            }
                            catch (IOException)
                            {
                                if (File.Exists(lockPath))
                                {
                                    Thread.Sleep(10);
                                    {|#0:continue;|}
                                }
                            }

                            if (watch.Elapsed > timeout)
                            {
                                return false;
                            }
                        }
                    }
                }
            }
            """,
            LCK004Verify.Diagnostic("LCK004").WithLocation(0).WithArguments("31", ""));

    [Fact]
    public void Blocks_are_found_by_position_without_materializing_the_others()
    {
        var tree = CSharpSyntaxTree.ParseText(
            """
            class A
            {
                int _unused = 1;

                void One() { System.IO.File.Delete("a.lock"); }

                void Two() { }

                int Three => System.IO.File.Exists("b.lock") ? 1 : 0;

                int Four { get; } = Create();

                static int Create() => 0;
            }
            """);
        var blocks = CodeBlocks.Of(tree, CancellationToken.None);
        var kinds = Enumerable.Range(0, blocks.Count).Select(i => blocks.Block(i).Kind()).ToList();
        Assert.Equal(new[] { SyntaxKind.MethodDeclaration, SyntaxKind.ArrowExpressionClause, SyntaxKind.EqualsValueClause, SyntaxKind.MethodDeclaration }, kinds);
        Assert.True(blocks.Mentions(0, PrefilterWords.Mask("Delete")));
        Assert.False(blocks.Mentions(0, PrefilterWords.Mask("Exists")));
        Assert.True(blocks.Mentions(1, PrefilterWords.Mask("Exists")));
        Assert.True(blocks.Mentions(2, PrefilterWords.Mask("Create")));
    }

    [Fact]
    public void Scan_records_whole_words_loop_keywords_and_target_typed_new_only()
    {
        var hits = TextHits.Scan("""
            Deleted(); Delete(); xDelete(); Delete2(); @Delete(); /* Delete */ "Delete";
            do { } while (x); for (;;) { } foreach (var a in b) { } done(); form();
            var a = new(); var b = new Foo(); var c = new int[0]; var d = new[] { 1 };
            """);
        var found = Enumerable.Range(0, hits.Count).Select(i => PrefilterWords.Universe[System.Numerics.BitOperations.TrailingZeroCount(hits.MaskAt(i))]).ToList();
        Assert.Equal(
            new[] { "Delete", "Delete", "Delete", "Delete", "do", "while", "for", "foreach", "new(", "new(" },
            found);
    }

    [Theory]
    [InlineData("Process.GetProcessById(pid)", true)]
    [InlineData("System.IO.File.Delete(p)", true)]
    [InlineData("ProcessRequest(x); DeleteItem(y); var FileName = z;", false)]
    [InlineData("_Process = 1", false)]
    [InlineData("var n = \"caf\u00e9\";", true)]
    public void Effect_names_are_matched_as_whole_identifiers(string text, bool expected)
    {
        var hits = TextHits.Scan(text);

        Assert.Equal(expected, hits.SpanMayContainWord(new Microsoft.CodeAnalysis.Text.TextSpan(0, text.Length), new[] { "Process", "File", "Delete" }));
    }

    [Theory]
    [InlineData("if (lockAge > max) Drop();", true)]
    [InlineData("if (DateTime.UtcNow - last > ttl) Drop();", true)]
    [InlineData("if (UTCNow > x) Drop();", true)]
    [InlineData("var stale_after = 1;", true)]
    [InlineData("Image.Update(Message, Runtime, Hold, Folder);", false)]
    public void Age_words_are_matched_at_word_starts(string text, bool expected)
    {
        var hits = TextHits.Scan(text);

        Assert.Equal(expected, hits.SpanMayContainWordStart(new Microsoft.CodeAnalysis.Text.TextSpan(0, text.Length), new[] { "age", "now", "stale", "date", "time", "old" }));
    }

    [Fact]
    public void Scan_passes_everything_when_an_escape_or_a_formatting_character_may_hide_a_word()
    {
        Assert.True(TextHits.Scan("File.\\u0044elete(p);").IsEverything);
        Assert.True(TextHits.Scan("File.Del\u00ADete(p);").IsEverything);
        Assert.False(TextHits.Scan("File.Delete(p); // café").IsEverything);
        Assert.True(TextHits.Scan("x(); // café").HasNonAscii);
        Assert.False(TextHits.Scan("    // café").HasNonAscii);
    }

    [Fact]
    public void Scan_skips_comment_lines_but_not_what_a_line_starting_with_slashes_may_hold()
    {
        static List<string> Words(string text)
        {
            var hits = TextHits.Scan(text);
            return Enumerable.Range(0, hits.Count).Select(i => PrefilterWords.Universe[System.Numerics.BitOperations.TrailingZeroCount(hits.MaskAt(i))]).ToList();
        }

        // A comment on its own line, after code on a line, and at the end of the text.
        Assert.Equal(new[] { "Exists" }, Words("  // Delete the lock\r\n\tExists(p); /* */\n// Create"));
        Assert.Equal(new[] { "Delete" }, Words("x(); // Delete"));
        Assert.Equal(new[] { "Exists" }, Words("// Delete\u2028Exists(p);\u0085// Write"));

        // A line that starts with slashes inside a verbatim string or a block comment may end it and go on with code;
        // one inside an interpolated string may open a hole.
        Assert.Equal(new[] { "Delete" }, Words("var s = @\"a\n  // x\"; File.Delete(p);"));
        Assert.Equal(new[] { "Delete" }, Words("/* a\n// b */ File.Delete(p);"));
        Assert.Equal(new[] { "Delete" }, Words("var s = $@\"a\n// {File.Delete(p)}\";"));
    }

    [Fact]
    public void Scan_ignores_escapes_and_formatting_characters_in_literals_and_comments_but_not_in_names()
    {
        static TextHits Of(string code) => TextHits.Of(CSharpSyntaxTree.ParseText(code));

        var inLiterals = Of("""
            class C
            {
                // \u0044elete in a comment
                string A = "\u0000 \\u00a1";
                char B = '\u0041';
                string D = $"{A}\u200D{B}";
                void F(string p) => System.IO.File.Delete(p);
            }
            """);
        Assert.False(inLiterals.IsEverything);
        Assert.True(inLiterals.MayMentionAny(PrefilterWords.Mask("Delete")));
        Assert.False(inLiterals.MayMentionAny(PrefilterWords.Mask("Exists")));
        Assert.False(Of("class C { string E = \"a\u200Db\"; }").IsEverything);

        Assert.True(Of("class C { void F(string p) => System.IO.File.\\u0044elete(p); }").IsEverything);
        Assert.True(Of("class C { void F(string p) => System.IO.File.Del\u00ADete(p); }").IsEverything);
        Assert.True(Of("class C { string A = $\"{System.IO.File.\\u0045xists(A)}\"; }").IsEverything);
        Assert.True(Of("class C { void F() { \\u0077hile (true) { } } }").IsEverything);
    }

    [Fact]
    public void Lock_word_positions_keep_only_places_where_a_name_part_can_begin()
    {
        var code = "class C { object _gate; string lockPath, IOLock, _pid, @lock, LOCKFILE, my2Lease, Block, clock, Release, Unlock, BLOCK, rapid; void F() { lock (_gate) { } } }";
        var hits = TextHits.Of(CSharpSyntaxTree.ParseText(code));
        var words = LockPathRecognizer.Default.Words;
        Assert.True(LockPathRecognizer.Default.WordsBeginWithSearched);

        string At(int position) => new string(code.Skip(position).TakeWhile(ch => char.IsLetterOrDigit(ch) || ch == '_').ToArray());
        var kept = hits.PositionsOf(words, wordStartsOnly: true).Select(At).ToList();
        Assert.Equal(new[] { "lockPath", "Lock", "pid", "lock", "LOCKFILE", "Lease" }, kept.ToArray());

        // Every name whose word part is a lock word is still there; the plain search also has the rest.
        var all = hits.PositionsOf(words).Select(At).ToList();
        Assert.Contains("lock", all);
        Assert.Contains("lease", all);
        Assert.True(all.Count > kept.Count + 6);
    }

    [Fact]
    public void A_configured_word_with_a_searched_word_inside_turns_the_word_start_filter_off()
    {
        var recognizer = new LockPathRecognizer(System.Collections.Immutable.ImmutableHashSet.Create(StringComparer.OrdinalIgnoreCase, "filelock"));
        Assert.False(recognizer.WordsBeginWithSearched);
        Assert.True(new LockPathRecognizer(System.Collections.Immutable.ImmutableHashSet.Create(StringComparer.OrdinalIgnoreCase, "lockdir")).WordsBeginWithSearched);
    }

    private static string Indent(string text, int spaces) =>
        string.Join("\n", text.Split('\n').Select(line => new string(' ', spaces) + line));
}
