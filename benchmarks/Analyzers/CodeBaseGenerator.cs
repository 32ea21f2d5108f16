using System.Text;

namespace LockAnalyzers.Benchmarks;

/// <summary>
/// Writes a large, deterministic, compilable C# code base in the shape of a line-of-business service: data
/// shaping, parsing, loops, try/catch, file I/O and, in a minority of classes, lock-file code (both the broken
/// shapes the rules look for and correct ones). Same seed, same text, on every machine.
/// </summary>
public static class CodeBaseGenerator
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.Globalization;
        using System.IO;
        using System.Linq;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private static readonly string[] Nouns =
    {
        "Order", "Invoice", "Customer", "Shipment", "Report", "Ledger", "Catalog", "Session", "Token", "Upload",
        "Backup", "Metric", "Schedule", "Tenant", "Payment", "Profile", "Inventory", "Audit", "Export", "Import",
    };

    private static readonly string[] Roles =
    {
        "Service", "Store", "Processor", "Builder", "Cache", "Worker", "Reader", "Writer", "Manager", "Planner",
    };

    /// <summary>Generates files until at least <paramref name="targetLines"/> lines exist.</summary>
    public static IReadOnlyList<(string Path, string Text)> Generate(int targetLines, int seed)
    {
        var random = new Random(seed);
        var files = new List<(string, string)>();
        var lines = 0;
        var fileIndex = 0;
        while (lines < targetLines)
        {
            var text = GenerateFile(random, fileIndex);
            files.Add(($"Generated/Module{fileIndex / 50:D3}/File{fileIndex:D5}.cs", text));
            lines += CountLines(text);
            fileIndex++;
        }

        return files;
    }

    public static int CountLines(string text)
    {
        var count = 1;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                count++;
            }
        }

        return count;
    }

    private static string GenerateFile(Random random, int fileIndex)
    {
        var sb = new StringBuilder(16 * 1024);
        sb.Append(Usings);
        sb.Append("namespace Contoso.Backend.Module").Append((fileIndex / 50).ToString("D3")).Append("\n{\n");
        var classCount = 2 + random.Next(2);
        for (var c = 0; c < classCount; c++)
        {
            var name = Nouns[random.Next(Nouns.Length)] + Roles[random.Next(Roles.Length)] + fileIndex.ToString("D5") + "_" + c;

            // About one class in six holds lock-file code, the rest is ordinary code.
            var withLocks = random.Next(6) == 0;
            GenerateClass(sb, random, name, withLocks);
        }

        sb.Append("}\n");
        return sb.ToString();
    }

    private static void GenerateClass(StringBuilder sb, Random random, string name, bool withLocks)
    {
        sb.Append($$"""
                /// <summary>Handles {{name}} records.</summary>
                public sealed class {{name}}
                {
                    private readonly string _root;
                    private readonly List<int> _items = new List<int>();
                    private readonly Dictionary<string, int> _cache = new Dictionary<string, int>(StringComparer.Ordinal);
                    private readonly object _gate = new object();
                    private int _counter;

                    public {{name}}(string root)
                    {
                        _root = root ?? throw new ArgumentNullException(nameof(root));
                    }

                    public int Count => _items.Count;

                    public string Root => _root;


            """);
        var methodCount = 10 + random.Next(8);
        var lockMethod = withLocks ? random.Next(methodCount) : -1;
        for (var m = 0; m < methodCount; m++)
        {
            var suffix = m.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (m == lockMethod || (withLocks && random.Next(12) == 0))
            {
                sb.Append(MemberTemplates.Lock(random, suffix));
            }
            else
            {
                sb.Append(MemberTemplates.Ordinary(random, suffix));
            }

            sb.Append('\n');
        }

        sb.Append("    }\n\n");
    }
}
