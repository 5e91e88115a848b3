using BenchmarkDotNet.Running;

// `dotnet run -c Release --project benchmarks -- --list flat` lists the suites; `--filter '*Dss*'` runs some.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point holder.</summary>
public partial class Program;
