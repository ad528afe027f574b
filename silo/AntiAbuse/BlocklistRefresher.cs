using FlashSale.Storage.Domain;

namespace FlashSale.Silo.AntiAbuse;

/// <summary>Reads the blocklist's changes since the last version seen, at start and then every
/// <see cref="AntiAbuseOptions.BlocklistRefresh"/>: one indexed query per silo per interval, and
/// every silo converges within that interval. While storage is unreachable the last copy stays in
/// force (and an empty one at a start without storage: the shop keeps selling).</summary>
public sealed class BlocklistRefresher(Blocklist blocklist, IAbuseStore store, AntiAbuseOptions options, TimeProvider time, ILogger<BlocklistRefresher> log) : BackgroundService
{
    private int _failing;

    /// <summary>Reads and applies the changes now.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            blocklist.Apply(await store.ReadBlocksSinceAsync(blocklist.Version, cancellationToken).ConfigureAwait(false));
            if (Interlocked.Exchange(ref _failing, 0) == 1)
            {
                AbuseLog.BlocklistRefreshRestored(log, blocklist.Count);
            }
        }
        catch (Exception exception) when (exception is StorageUnavailableException or TimeoutException)
        {
            if (Interlocked.Exchange(ref _failing, 1) == 0)
            {
                AbuseLog.BlocklistRefreshFailed(log, exception);
            }
        }
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The first copy is loaded before the shop takes calls (bounded: a slow store delays start by at most 5 s).
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await RefreshAsync(bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            AbuseLog.BlocklistRefreshFailed(log, new TimeoutException("the first blocklist read took more than 5 s"));
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.BlocklistRefresh, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
