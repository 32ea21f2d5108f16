using System.Threading;
using Microsoft.CodeAnalysis;

namespace LockAnalyzers.Infrastructure
{
    /// <summary>
    /// The framework and runtime types the rules look for, resolved once per compilation, on first use: a compilation
    /// whose text never mentions a rule's words never pays for the look-ups, and one that does pays after the compiler has
    /// built its declaration table, not before (a compilation-start look-up forces that table early and is charged to the
    /// analyzer). <see cref="HasFile"/> is false when System.IO is absent: with no File type there is no lock-file code to
    /// analyze, and every callback bails out. Every other type may be null; a rule that needs one bails out when it is missing.
    /// </summary>
    internal sealed class KnownSymbols
    {
        /// <summary>The values of System.IO.FileMode, FileShare and FileOptions the rules test for (fixed by the framework's public API).</summary>
        public const int FileModeCreateNew = 1;
        public const int FileModeCreate = 2;
        public const int FileModeOpen = 3;
        public const int FileModeOpenOrCreate = 4;
        public const int FileModeTruncate = 5;
        public const int FileModeAppend = 6;
        public const int FileShareNone = 0;
        public const int FileOptionsDeleteOnClose = 0x04000000;

        private readonly Compilation _compilation;
        private Resolved? _resolved;

        public KnownSymbols(Compilation compilation)
        {
            _compilation = compilation;
        }

        public Compilation Compilation => _compilation;

        /// <summary>Whether System.IO.File exists in the compilation.</summary>
        public bool HasFile => R.File != null;

        /// <summary>System.IO.File; only read after <see cref="HasFile"/> said true.</summary>
        public INamedTypeSymbol File => R.File!;
        public INamedTypeSymbol? FileInfo => R.FileInfo;
        public INamedTypeSymbol? FileSystemInfo => R.FileSystemInfo;
        public INamedTypeSymbol? FileStream => R.FileStream;
        public INamedTypeSymbol? FileMode => R.FileMode;
        public INamedTypeSymbol? FileShare => R.FileShare;
        public INamedTypeSymbol? FileOptions => R.FileOptions;
        public INamedTypeSymbol? Path => R.Path;
        public INamedTypeSymbol? Directory => R.Directory;
        public INamedTypeSymbol? StreamWriter => R.StreamWriter;
        public INamedTypeSymbol? Stream => R.Stream;
        public INamedTypeSymbol? TextWriter => R.TextWriter;
        public INamedTypeSymbol? IOException => R.IOException;
        public INamedTypeSymbol? Exception => R.Exception;
        public INamedTypeSymbol? SystemException => R.SystemException;
        public INamedTypeSymbol? UnauthorizedAccessException => R.UnauthorizedAccessException;
        public INamedTypeSymbol? DateTime => R.DateTime;
        public INamedTypeSymbol? DateTimeOffset => R.DateTimeOffset;
        public INamedTypeSymbol? TimeSpan => R.TimeSpan;
        public INamedTypeSymbol? Environment => R.Environment;
        public INamedTypeSymbol? Console => R.Console;
        public INamedTypeSymbol? Process => R.Process;
        public INamedTypeSymbol? Stopwatch => R.Stopwatch;
        public INamedTypeSymbol? Debug => R.Debug;
        public INamedTypeSymbol? Trace => R.Trace;
        public INamedTypeSymbol? Thread => R.Thread;
        public INamedTypeSymbol? SpinWait => R.SpinWait;
        public INamedTypeSymbol? CancellationToken => R.CancellationToken;
        public INamedTypeSymbol? CancellationTokenSource => R.CancellationTokenSource;
        public INamedTypeSymbol? Task => R.Task;
        public INamedTypeSymbol? TaskCompletionSource => R.TaskCompletionSource;
        public INamedTypeSymbol? TimeProvider => R.TimeProvider;
        public INamedTypeSymbol? ILogger => R.ILogger;
        public INamedTypeSymbol? LoggerExtensions => R.LoggerExtensions;
        public INamedTypeSymbol? RuntimeLockHeartbeat => R.RuntimeLockHeartbeat;
        public INamedTypeSymbol? RuntimeLockSteal => R.RuntimeLockSteal;
        public INamedTypeSymbol? RuntimeLockOwner => R.RuntimeLockOwner;
        public INamedTypeSymbol? RuntimeLockFile => R.RuntimeLockFile;
        public INamedTypeSymbol? RuntimeLockDeadline => R.RuntimeLockDeadline;

        /// <summary>Resolved now, or null when the compilation has no System.IO.File (code fixes and tests).</summary>
        public static KnownSymbols? TryCreate(Compilation compilation)
        {
            var symbols = new KnownSymbols(compilation);
            return symbols.HasFile ? symbols : null;
        }

        /// <summary>
        /// Whether <paramref name="type"/> is System.IO.FileMode, for callers that hold an operation but no
        /// <see cref="KnownSymbols"/> (the member index); compared by containing namespace and name, as the symbol would be.
        /// </summary>
        public static bool IsFileModeType(ITypeSymbol? type) =>
            type != null && type.Name == "FileMode" && type.ContainingType == null && IsSystemIO(type.ContainingNamespace);

        /// <summary>Whether <paramref name="ns"/> is System.IO, compared by names rather than by a display string built per call.</summary>
        public static bool IsSystemIO(INamespaceSymbol? ns) =>
            ns?.Name == "IO" && ns.ContainingNamespace?.Name == "System" && ns.ContainingNamespace.ContainingNamespace?.IsGlobalNamespace == true;

        /// <summary>Whether <paramref name="ns"/> is System.IO.Abstractions (the TestableIO package's interfaces).</summary>
        public static bool IsSystemIOAbstractions(INamespaceSymbol? ns) => ns?.Name == "Abstractions" && IsSystemIO(ns.ContainingNamespace);

        public static bool Is(ITypeSymbol? type, INamedTypeSymbol? known) =>
            type != null && known != null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, known);

        public static bool InheritsFromOrIs(ITypeSymbol? type, INamedTypeSymbol? known)
        {
            if (known == null)
            {
                return false;
            }

            for (var current = type; current != null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, known))
                {
                    return true;
                }
            }

            return false;
        }

        private Resolved R
        {
            get
            {
                var resolved = Volatile.Read(ref _resolved);
                if (resolved == null)
                {
                    resolved = new Resolved(_compilation);
                    resolved = Interlocked.CompareExchange(ref _resolved, resolved, null) ?? resolved;
                }

                return resolved;
            }
        }

        private static INamedTypeSymbol? Get(Compilation compilation, string metadataName) =>
            compilation.GetTypeByMetadataName(metadataName);

        private sealed class Resolved
        {
            public Resolved(Compilation compilation)
            {
                File = Get(compilation, "System.IO.File");
                FileInfo = Get(compilation, "System.IO.FileInfo");
                FileSystemInfo = Get(compilation, "System.IO.FileSystemInfo");
                FileStream = Get(compilation, "System.IO.FileStream");
                FileMode = Get(compilation, "System.IO.FileMode");
                FileShare = Get(compilation, "System.IO.FileShare");
                FileOptions = Get(compilation, "System.IO.FileOptions");
                Path = Get(compilation, "System.IO.Path");
                Directory = Get(compilation, "System.IO.Directory");
                StreamWriter = Get(compilation, "System.IO.StreamWriter");
                Stream = Get(compilation, "System.IO.Stream");
                TextWriter = Get(compilation, "System.IO.TextWriter");
                IOException = Get(compilation, "System.IO.IOException");
                Exception = Get(compilation, "System.Exception");
                SystemException = Get(compilation, "System.SystemException");
                UnauthorizedAccessException = Get(compilation, "System.UnauthorizedAccessException");
                DateTime = Get(compilation, "System.DateTime");
                DateTimeOffset = Get(compilation, "System.DateTimeOffset");
                TimeSpan = Get(compilation, "System.TimeSpan");
                Environment = Get(compilation, "System.Environment");
                Console = Get(compilation, "System.Console");
                Process = Get(compilation, "System.Diagnostics.Process");
                Stopwatch = Get(compilation, "System.Diagnostics.Stopwatch");
                Debug = Get(compilation, "System.Diagnostics.Debug");
                Trace = Get(compilation, "System.Diagnostics.Trace");
                Thread = Get(compilation, "System.Threading.Thread");
                SpinWait = Get(compilation, "System.Threading.SpinWait");
                CancellationToken = Get(compilation, "System.Threading.CancellationToken");
                CancellationTokenSource = Get(compilation, "System.Threading.CancellationTokenSource");
                Task = Get(compilation, "System.Threading.Tasks.Task");
                TaskCompletionSource = Get(compilation, "System.Threading.Tasks.TaskCompletionSource");
                TimeProvider = Get(compilation, "System.TimeProvider");
                ILogger = Get(compilation, "Microsoft.Extensions.Logging.ILogger");
                LoggerExtensions = Get(compilation, "Microsoft.Extensions.Logging.LoggerExtensions");
                RuntimeLockHeartbeat = Get(compilation, "LockAnalyzers.Runtime.LockHeartbeat");
                RuntimeLockSteal = Get(compilation, "LockAnalyzers.Runtime.LockSteal");
                RuntimeLockOwner = Get(compilation, "LockAnalyzers.Runtime.LockOwner");
                RuntimeLockFile = Get(compilation, "LockAnalyzers.Runtime.LockFile");
                RuntimeLockDeadline = Get(compilation, "LockAnalyzers.Runtime.LockDeadline");
            }

            public INamedTypeSymbol? File { get; }
            public INamedTypeSymbol? FileInfo { get; }
            public INamedTypeSymbol? FileSystemInfo { get; }
            public INamedTypeSymbol? FileStream { get; }
            public INamedTypeSymbol? FileMode { get; }
            public INamedTypeSymbol? FileShare { get; }
            public INamedTypeSymbol? FileOptions { get; }
            public INamedTypeSymbol? Path { get; }
            public INamedTypeSymbol? Directory { get; }
            public INamedTypeSymbol? StreamWriter { get; }
            public INamedTypeSymbol? Stream { get; }
            public INamedTypeSymbol? TextWriter { get; }
            public INamedTypeSymbol? IOException { get; }
            public INamedTypeSymbol? Exception { get; }
            public INamedTypeSymbol? SystemException { get; }
            public INamedTypeSymbol? UnauthorizedAccessException { get; }
            public INamedTypeSymbol? DateTime { get; }
            public INamedTypeSymbol? DateTimeOffset { get; }
            public INamedTypeSymbol? TimeSpan { get; }
            public INamedTypeSymbol? Environment { get; }
            public INamedTypeSymbol? Console { get; }
            public INamedTypeSymbol? Process { get; }
            public INamedTypeSymbol? Stopwatch { get; }
            public INamedTypeSymbol? Debug { get; }
            public INamedTypeSymbol? Trace { get; }
            public INamedTypeSymbol? Thread { get; }
            public INamedTypeSymbol? SpinWait { get; }
            public INamedTypeSymbol? CancellationToken { get; }
            public INamedTypeSymbol? CancellationTokenSource { get; }
            public INamedTypeSymbol? Task { get; }
            public INamedTypeSymbol? TaskCompletionSource { get; }
            public INamedTypeSymbol? TimeProvider { get; }
            public INamedTypeSymbol? ILogger { get; }
            public INamedTypeSymbol? LoggerExtensions { get; }
            public INamedTypeSymbol? RuntimeLockHeartbeat { get; }
            public INamedTypeSymbol? RuntimeLockSteal { get; }
            public INamedTypeSymbol? RuntimeLockOwner { get; }
            public INamedTypeSymbol? RuntimeLockFile { get; }
            public INamedTypeSymbol? RuntimeLockDeadline { get; }
        }
    }
}
