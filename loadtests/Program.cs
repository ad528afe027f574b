using FlashSale.LoadTests.Cli;
using FlashSale.LoadTests.Engine;

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine(OptionParser.Usage);
    return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Passed;
}

RunOptions options;
try
{
    options = OptionParser.Parse(args);
}
catch (UsageException ex)
{
    Console.Error.WriteLine($"loadtests: {ex.Message}");
    Console.Error.WriteLine(OptionParser.Usage);
    return ExitCodes.Usage;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

return await new LoadRunner(options, Console.Out).RunAsync(cancel.Token);
