using FlashSale.LoadTests.Cli;
using FlashSale.LoadTests.Engine;

if (args.Length == 0 || args.Any(a => a is "-h" or "--help" or "-?" or "help"))
{
    Console.Write(LoadCommand.HelpText());
    return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Passed;
}

RunOptions options;
try
{
    options = LoadCommand.Parse(args);
}
catch (UsageException ex)
{
    Console.Error.WriteLine($"loadtests: {ex.Message}");
    Console.Error.WriteLine("loadtests: --help lists the scenarios and options");
    return ExitCodes.Usage;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

return await new LoadRunner(options, Console.Out).RunAsync(cancel.Token);
