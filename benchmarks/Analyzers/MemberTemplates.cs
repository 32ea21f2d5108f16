namespace LockAnalyzers.Benchmarks;

/// <summary>
/// Method shapes for the generated code base. Ordinary shapes outnumber lock shapes; the lock shapes include the
/// mistakes of the seed incidents (check-then-create, waits with no deadline, steal by age, unowned release,
/// swallowed heartbeat, PID liveness, continue past the deadline) and correct exclusive creation.
/// </summary>
internal static class MemberTemplates
{
    public static string Ordinary(Random random, string s)
    {
        var k = random.Next(3, 97);
        var n = random.Next(10, 500);
        switch (random.Next(13))
        {
            case 0:
                return $$"""
                        public int Compute{{s}}(int seed)
                        {
                            var total = 0;
                            for (var i = 0; i < {{n}}; i++)
                            {
                                total += (i * seed) % {{k}};
                                if (total > {{n * 7}})
                                {
                                    total -= {{n}};
                                }
                            }

                            return total;
                        }

                """;
            case 1:
                return $$"""
                        public string Describe{{s}}(string label, IEnumerable<int> values)
                        {
                            var sb = new StringBuilder();
                            sb.Append(label).Append(": ");
                            foreach (var value in values)
                            {
                                if (value % {{k}} == 0)
                                {
                                    continue;
                                }

                                sb.Append(value.ToString(CultureInfo.InvariantCulture)).Append(',');
                            }

                            return sb.ToString().TrimEnd(',');
                        }

                """;
            case 2:
                return $$"""
                        public IReadOnlyList<int> Top{{s}}(int count)
                        {
                            return _items
                                .Where(x => x % {{k}} != 0)
                                .OrderByDescending(x => x)
                                .Take(count)
                                .ToList();
                        }

                """;
            case 3:
                return $$"""
                        public bool TryParse{{s}}(string text, out int value)
                        {
                            try
                            {
                                value = int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture) + {{k}};
                                return true;
                            }
                            catch (Exception ex)
                            {
                                Console.Error.WriteLine("parse failed: " + ex.Message);
                                value = 0;
                                return false;
                            }
                        }

                """;
            case 4:
                return $$"""
                        public IReadOnlyList<string> Load{{s}}(string name)
                        {
                            var path = Path.Combine(_root, name + ".{{k}}.txt");
                            if (!File.Exists(path))
                            {
                                return Array.Empty<string>();
                            }

                            try
                            {
                                return File.ReadAllLines(path);
                            }
                            catch (IOException ex)
                            {
                                Console.Error.WriteLine("cannot read " + path + ": " + ex.Message);
                                return Array.Empty<string>();
                            }
                        }

                """;
            case 5:
                return $$"""
                        public void Save{{s}}(string name, IReadOnlyCollection<string> rows)
                        {
                            var path = Path.Combine(_root, name + ".csv");
                            using (var writer = new StreamWriter(path, append: false))
                            {
                                writer.WriteLine("id,value,{{k}}");
                                var index = 0;
                                foreach (var row in rows)
                                {
                                    writer.Write(index++);
                                    writer.Write(',');
                                    writer.WriteLine(row);
                                }
                            }

                            _counter += rows.Count;
                        }

                """;
            case 6:
                return $$"""
                        public string Classify{{s}}(int code) => code switch
                        {
                            < 0 => "negative",
                            0 => "zero",
                            < {{n}} => "small",
                            < {{n * 10}} => "medium",
                            _ => "large",
                        };

                """;
            case 7:
                return $$"""
                        public async Task Publish{{s}}(string content, CancellationToken cancellationToken)
                        {
                            var path = Path.Combine(_root, "outbox", "{{k}}.json");
                            for (var attempt = 0; attempt < 3; attempt++)
                            {
                                try
                                {
                                    await File.WriteAllTextAsync(path, content, cancellationToken).ConfigureAwait(false);
                                    return;
                                }
                                catch (IOException) when (attempt < 2)
                                {
                                    await Task.Delay(TimeSpan.FromMilliseconds({{n}}), cancellationToken).ConfigureAwait(false);
                                }
                            }
                        }

                """;
            case 8:
                return $$"""
                        public int Lookup{{s}}(string key)
                        {
                            lock (_gate)
                            {
                                if (_cache.TryGetValue(key, out var cached))
                                {
                                    return cached;
                                }

                                var computed = key.Length * {{k}} + _counter;
                                _cache[key] = computed;
                                return computed;
                            }
                        }

                """;
            case 9:
                return $$"""
                        public long Measure{{s}}(string pattern)
                        {
                            long bytes = 0;
                            if (!Directory.Exists(_root))
                            {
                                return bytes;
                            }

                            foreach (var file in Directory.EnumerateFiles(_root, pattern, SearchOption.TopDirectoryOnly))
                            {
                                var info = new FileInfo(file);
                                if (info.Length > {{n * 1024}})
                                {
                                    bytes += info.Length;
                                }
                            }

                            return bytes;
                        }

                """;
            case 10:
                return $$"""
                        public int Drain{{s}}(Queue<int> queue)
                        {
                            var processed = 0;
                            while (queue.Count > 0 && processed < {{n}})
                            {
                                var item = queue.Dequeue();
                                if (item < 0)
                                {
                                    break;
                                }

                                _items.Add(item * {{k}});
                                processed++;
                            }

                            return processed;
                        }

                """;
            case 11:
                return $$"""
                        public bool Apply{{s}}(Action<int> step)
                        {
                            try
                            {
                                for (var i = 0; i < _items.Count; i++)
                                {
                                    step(_items[i] + {{k}});
                                }

                                return true;
                            }
                            catch (Exception ex) when (ex is not OutOfMemoryException)
                            {
                                Trace.TraceWarning("step failed: {0}", ex);
                                return false;
                            }
                            finally
                            {
                                _counter++;
                            }
                        }

                """;
            default:
                return $$"""
                        public static DateTime NextRun{{s}}(DateTime last, TimeSpan interval)
                        {
                            var next = last + interval;
                            while (next.DayOfWeek == DayOfWeek.Saturday || next.DayOfWeek == DayOfWeek.Sunday)
                            {
                                next = next.AddDays(1);
                            }

                            return next.AddMinutes({{k}});
                        }

                """;
        }
    }

    public static string Lock(Random random, string s)
    {
        var job = "job" + random.Next(1000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        switch (random.Next(8))
        {
            case 0:
                return $$"""
                        public bool TryAcquireLock{{s}}()
                        {
                            var lockPath = Path.Combine(_root, "{{job}}.lock");
                            if (File.Exists(lockPath))
                            {
                                return false;
                            }

                            File.WriteAllText(lockPath, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
                            return true;
                        }

                """;
            case 1:
                return $$"""
                        public void WaitForLock{{s}}()
                        {
                            var lockFile = Path.Combine(_root, "{{job}}.lock");
                            while (File.Exists(lockFile))
                            {
                                Thread.Sleep(200);
                            }
                        }

                """;
            case 2:
                return $$"""
                        public void BreakStaleLock{{s}}()
                        {
                            var lockPath = Path.Combine(_root, "{{job}}.lock");
                            if (File.Exists(lockPath) && DateTime.UtcNow - File.GetLastWriteTimeUtc(lockPath) > TimeSpan.FromMinutes(10))
                            {
                                File.Delete(lockPath);
                                File.WriteAllText(lockPath, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
                            }
                        }

                """;
            case 3:
                return $$"""
                        public void ReleaseLock{{s}}()
                        {
                            var lockPath = Path.Combine(_root, "{{job}}.lock");
                            try
                            {
                                File.Delete(lockPath);
                            }
                            catch (IOException ex)
                            {
                                Console.Error.WriteLine("release failed: " + ex.Message);
                            }
                        }

                """;
            case 4:
                return $$"""
                        public void Heartbeat{{s}}()
                        {
                            var lockPath = Path.Combine(_root, "{{job}}.lock");
                            try
                            {
                                File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow);
                            }
                            catch (Exception)
                            {
                            }
                        }

                """;
            case 5:
                return $$"""
                        public bool RunExclusive{{s}}(Action work)
                        {
                            var lockPath = Path.Combine(_root, "{{job}}.lock");
                            FileStream stream;
                            try
                            {
                                stream = new FileStream(lockPath, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                            }
                            catch (IOException)
                            {
                                return false;
                            }

                            using (stream)
                            {
                                work();
                            }

                            return true;
                        }

                """;
            case 6:
                return $$"""
                        public bool AcquireWithRetry{{s}}(TimeSpan timeout)
                        {
                            var lockPath = Path.Combine(_root, "{{job}}.lock");
                            var watch = Stopwatch.StartNew();
                            while (true)
                            {
                                try
                                {
                                    using (new FileStream(lockPath, FileMode.CreateNew))
                                    {
                                    }

                                    return true;
                                }
                                catch (IOException)
                                {
                                    if (File.Exists(lockPath) && File.GetLastWriteTimeUtc(lockPath) < DateTime.UtcNow.AddMinutes(-5))
                                    {
                                        File.Delete(lockPath);
                                        continue;
                                    }
                                }

                                if (watch.Elapsed > timeout)
                                {
                                    return false;
                                }

                                Thread.Sleep(100);
                            }
                        }

                """;
            default:
                return $$"""
                        public bool IsLockOwnerAlive{{s}}()
                        {
                            var lockPath = Path.Combine(_root, "{{job}}.pid");
                            var text = File.ReadAllText(lockPath);
                            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
                            {
                                return false;
                            }

                            try
                            {
                                using var process = Process.GetProcessById(pid);
                                return !process.HasExited;
                            }
                            catch (ArgumentException)
                            {
                                return false;
                            }
                        }

                """;
        }
    }
}
