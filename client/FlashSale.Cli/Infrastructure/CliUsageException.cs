namespace FlashSale.Cli.Infrastructure;

/// <summary>A bad argument found after parsing (missing user, malformed duration, …).</summary>
internal sealed class CliUsageException(string message) : Exception(message);
