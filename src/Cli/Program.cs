using LockAnalyzers.Cli;

return await AuditCommand.RunAsync(args, Console.Out, Console.Error);
