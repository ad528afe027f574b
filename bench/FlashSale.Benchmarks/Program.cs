using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/FlashSale.Benchmarks -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(FlashSale.Benchmarks.GrabPathBenchmarks).Assembly).Run(args);
