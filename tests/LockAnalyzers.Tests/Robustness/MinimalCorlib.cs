using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LockAnalyzers.Tests.Robustness;

/// <summary>
/// A tiny mscorlib-like assembly (System.Object, String, the primitive types, Exception, attributes) and nothing
/// else: no System.IO, no System.Threading. Code compiled against it sees File, Thread and friends as error types.
/// </summary>
public static class MinimalCorlib
{
    private const string Source = """
        namespace System
        {
            public class Object
            {
                public virtual string ToString() => null;
                public virtual bool Equals(object obj) => false;
                public virtual int GetHashCode() => 0;
            }
            public abstract class ValueType { }
            public abstract class Enum : ValueType { }
            public struct Void { }
            public struct Boolean { }
            public struct Char { }
            public struct Byte { }
            public struct Int16 { }
            public struct Int32 { }
            public struct Int64 { }
            public struct UInt32 { }
            public struct Double { }
            public struct IntPtr { }
            public struct RuntimeTypeHandle { }
            public struct RuntimeFieldHandle { }
            public struct RuntimeMethodHandle { }
            public sealed class String
            {
                public int Length => 0;
                public static string Concat(string a, string b) => null;
            }
            public abstract class Array { }
            public class Exception
            {
                public Exception() { }
                public Exception(string message) { }
                public virtual string Message => null;
            }
            public class Attribute { }
            public sealed class AttributeUsageAttribute : Attribute
            {
                public AttributeUsageAttribute(AttributeTargets validOn) { }
                public bool AllowMultiple { get; set; }
                public bool Inherited { get; set; }
            }
            public enum AttributeTargets { All = 32767 }
            public abstract class Delegate { }
            public abstract class MulticastDelegate : Delegate { }
            public interface IDisposable { void Dispose(); }
            public class Type { }
        }
        namespace System.Collections
        {
            public interface IEnumerable { }
        }
        """;

    public static MetadataReference Reference { get; } = Build();

    private static MetadataReference Build()
    {
        var compilation = CSharpCompilation.Create(
            "mscorlib",
            new[] { CSharpSyntaxTree.ParseText(Source) },
            Array.Empty<MetadataReference>(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            throw new InvalidOperationException("minimal corlib does not compile: " + string.Join(Environment.NewLine, result.Diagnostics));
        }

        return MetadataReference.CreateFromImage(stream.ToArray());
    }
}
