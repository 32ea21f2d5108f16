#!/usr/bin/env python3
"""Writes the worst case for the effect summaries (issue 16) as a folder the analyzer benchmark compiles:

- one wrapper class whose helpers (exists, write, delete, read) are called from thousands of sites, all in
  lock-named classes (every block is a lock-context block, every call gets a summary look-up);
- deep helper chains (40 levels, beyond the followed depth) and mutually recursive helpers;
- ordinary code around it, so the ratio to CA1031 is measured on a realistic mix.

Usage: python3 benchmarks/WorstCase/generate.py OUT_DIR [--files 400] [--sites 10]
then:  dotnet run -c Release --project benchmarks/Analyzers -- OUT_DIR --runs 5
"""
import argparse
import os

HELPERS = '''using System;
using System.IO;
using System.Threading;

namespace WorstCase
{
    public static class LockIO
    {
        public static bool LockExists(string path) => File.Exists(path);
        public static DateTime LockTime(string path) => File.GetLastWriteTimeUtc(path);
        public static void WriteLock(string path, string content) => File.WriteAllText(path, content);
        public static void DeleteLock(string path) => File.Delete(path);
        public static string ReadLock(string path) => File.ReadAllText(path);
    }

    public static class Chain
    {
%s
    }

    public static class Ping
    {
        public static void A(string lockPath, int n) { if (n > 0) B(lockPath, n - 1); else File.Delete(lockPath); }
        public static void B(string lockPath, int n) { if (n > 0) C(lockPath, n - 1); }
        public static void C(string lockPath, int n) { if (n > 0) A(lockPath, n - 1); }
    }
}
'''

SITE = '''
        public bool TryAcquire{i}()
        {{
            if (LockIO.LockExists(_lockPath))
            {{
                if (DateTime.UtcNow - LockIO.LockTime(_lockPath) < TimeSpan.FromMinutes(5)) return false;
                LockIO.DeleteLock(_lockPath);
            }}

            LockIO.WriteLock(_lockPath, Environment.ProcessId.ToString());
            Chain.Level0(_lockPath);
            Ping.A(_lockPath, {i});
            return true;
        }}

        public int Ordinary{i}(int[] values)
        {{
            var total = 0;
            foreach (var v in values) {{ try {{ total += checked(v * {i}); }} catch (Exception) {{ total = 0; }} }}
            return total;
        }}
'''


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--files", type=int, default=400)
    parser.add_argument("--sites", type=int, default=10)
    parser.add_argument("--depth", type=int, default=40)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    chain = "\n".join(
        "        public static void Level%d(string p) => Level%d(p);" % (i, i + 1) for i in range(args.depth)
    ) + "\n        public static void Level%d(string p) => File.Delete(p);" % args.depth
    with open(os.path.join(args.out, "Helpers.cs"), "w") as f:
        f.write(HELPERS % chain)
    for n in range(args.files):
        body = "".join(SITE.format(i=i) for i in range(args.sites))
        with open(os.path.join(args.out, "FileLock%04d.cs" % n), "w") as f:
            f.write("using System;\n\nnamespace WorstCase\n{\n    public sealed class FileLock%04d\n    {\n"
                    "        private readonly string _lockPath = \"/tmp/%d.lock\";\n%s    }\n}\n" % (n, n, body))


if __name__ == "__main__":
    main()
