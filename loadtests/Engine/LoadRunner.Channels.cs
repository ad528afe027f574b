using FlashSale.Client;
using FlashSale.LoadTests.Cli;

namespace FlashSale.LoadTests.Engine;

internal sealed partial class LoadRunner
{
    /// <summary>One target: <see cref="RunOptions.ConnectionsPerTarget"/> plain channels, each its own HTTP/2
    /// connection pool. Several: as many balanced channels, each round robin over every target (so each
    /// opens connections to every silo), which skip a dead silo and retry UNAVAILABLE on the others with
    /// the same idempotency key. The failover scenario retries also with a single target, and reconnects within a second.</summary>
    private List<FlashSaleChannel> CreateChannels(IReadOnlyList<Uri> targets, string? adminToken)
    {
        var channels = new List<FlashSaleChannel>(options.ConnectionsPerTarget);
        var failover = options.Failover is not null;
        try
        {
            for (var i = 0; i < options.ConnectionsPerTarget; i++)
            {
                var channelOptions = new FlashSaleChannelOptions
                {
                    AdminToken = adminToken,
                    DefaultTimeout = options.CallTimeout,
                    Retry = failover ? RetryOptions.Default : null,
                    // grpc-dotnet backs off reconnecting to a dead silo up to 120 s (5 s on a balanced
                    // channel): a restarted silo would stay unused for the rest of a short run.
                    MaxReconnectBackoff = failover ? TimeSpan.FromSeconds(1) : null,
                };
                channels.Add(targets.Count == 1
                    ? FlashSaleChannel.ForAddress(targets[0], channelOptions)
                    : FlashSaleChannel.ForAddresses(targets, channelOptions));
            }

            return channels;
        }
        catch
        {
            channels.ForEach(c => c.Dispose());
            throw;
        }
    }
}
