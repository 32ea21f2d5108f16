using LockAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;

namespace LockAnalyzers.Effects
{
    /// <summary>How a diagnostic found through helpers names what it found.</summary>
    internal static class HelperChain
    {
        /// <summary>
        /// The lock argument of a message, naming the chain: every rule's message quotes the lock as <c>'{0}'</c>, so the
        /// argument <c>path' through 'LockIO.DeleteLock → File.Delete</c> reads "Lock 'path' through 'LockIO.DeleteLock → File.Delete' is …".
        /// </summary>
        public static string PathArgument(string path, FileEffect effect) => path + "' through '" + effect.Describe();

        /// <summary>The path as the caller wrote it when the effect's path came from an argument, else as the helper wrote it.</summary>
        public static string PathText(FileEffect effect) => effect.Path == null ? "?" : IOperationExtensions.Unwrap(effect.Path).Syntax.ToString();

        /// <summary>The helper's statement that does the effect: the additional location of the diagnostic.</summary>
        public static Location SiteLocation(FileEffect effect) => effect.Site.GetLocation();
    }
}
