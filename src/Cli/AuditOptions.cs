namespace LockAnalyzers.Cli;

/// <summary>The arguments of <c>lockanalyzers audit</c>.</summary>
internal sealed class AuditOptions
{
    public const string Usage = "usage: lockanalyzers audit <path.sln|path.csproj|folder> [--sarif <file>] [--write-baseline <file>] [--baseline <file>] [--rules LCK001,LCK003]";

    public string Path { get; private set; } = "";

    public string? Sarif { get; private set; }

    public string? WriteBaseline { get; private set; }

    public string? Baseline { get; private set; }

    /// <summary>The rules to run; null means every rule.</summary>
    public IReadOnlySet<string>? Rules { get; private set; }

    /// <summary>Null when help was asked for; an <see cref="AuditException"/> for anything it cannot use.</summary>
    public static AuditOptions? Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] is "-h" or "--help" or "help")
        {
            return null;
        }

        if (args[0] != "audit")
        {
            throw new AuditException($"unknown command '{args[0]}' (the command is 'audit')");
        }

        var options = new AuditOptions();
        for (var i = 1; i < args.Count; i++)
        {
            string Value()
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new AuditException($"{args[i]} needs a value");
                }

                return args[++i];
            }

            switch (args[i])
            {
                case "-h" or "--help":
                    return null;
                case "--sarif":
                    options.Sarif = Value();
                    break;
                case "--write-baseline":
                    options.WriteBaseline = Value();
                    break;
                case "--baseline":
                    options.Baseline = Value();
                    break;
                case "--rules":
                    options.Rules = ParseRules(Value());
                    break;
                default:
                    if (args[i].StartsWith('-'))
                    {
                        throw new AuditException($"unknown option '{args[i]}'");
                    }

                    if (options.Path.Length > 0)
                    {
                        throw new AuditException($"one path only: '{options.Path}' and '{args[i]}' were given");
                    }

                    options.Path = args[i];
                    break;
            }
        }

        if (options.Path.Length == 0)
        {
            throw new AuditException("audit needs a path: a .sln, a .csproj or a folder");
        }

        return options;
    }

    private static HashSet<string> ParseRules(string value)
    {
        var known = DiagnosticCatalogue.All.Select(d => d.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var rules = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!known.Contains(id))
            {
                throw new AuditException($"unknown rule '{id}' (known: {string.Join(", ", known.Order(StringComparer.Ordinal))})");
            }

            rules.Add(id.ToUpperInvariant());
        }

        if (rules.Count == 0)
        {
            throw new AuditException("--rules needs at least one rule ID");
        }

        return rules;
    }
}
