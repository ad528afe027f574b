using System.Diagnostics.Metrics;
using System.Threading.Channels;
using FlashSale.Storage.Domain;

namespace FlashSale.Silo.AntiAbuse;

/// <summary>
/// Counts every rejection on the "FlashSale" meter and queues it for the audit table. The call
/// path only enqueues (no I/O, no await); one background writer gathers rejections for
/// <see cref="AntiAbuseOptions.AuditFlush"/> and writes up to <see cref="AntiAbuseOptions.AuditBatchSize"/>
/// of them per transaction. A full queue or a failed write loses audit rows, never calls: those
/// are counted in <c>flashsale.abuse.audit.dropped</c>.
/// </summary>
public sealed class RejectionAudit : BackgroundService
{
    /// <summary>The meter our counters are on (shared name with the rest of FlashSale's metrics).</summary>
    public const string MeterName = "FlashSale";

    /// <summary>Rejected calls, tagged <c>reason</c> and <c>method</c>.</summary>
    public const string RejectionsCounter = "flashsale.abuse.rejections";

    /// <summary>Rejections that could not be written to the audit table.</summary>
    public const string DroppedCounter = "flashsale.abuse.audit.dropped";

    private readonly Channel<RejectionRow> _queue;
    private readonly IAbuseStore _store;
    private readonly AntiAbuseOptions _options;
    private readonly ILogger<RejectionAudit> _log;
    private readonly Counter<long> _rejections;
    private readonly Counter<long> _dropped;
    private int _fullLogged;
    private long _written;

    public RejectionAudit(IAbuseStore store, AntiAbuseOptions options, IMeterFactory meters, ILogger<RejectionAudit> log)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _store = store;
        _options = options;
        _log = log;
        _queue = Channel.CreateBounded<RejectionRow>(new BoundedChannelOptions(Math.Max(1, options.AuditQueueCapacity))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then answers false at once: we count and drop
        });
        var meter = meters.Create(MeterName);
        _rejections = meter.CreateCounter<long>(RejectionsCounter, "{call}", "Shop calls rejected by the anti-abuse rules, by reason.");
        _dropped = meter.CreateCounter<long>(DroppedCounter, "{rejection}", "Rejections not written to the audit table (queue full or write failed).");
    }

    /// <summary>Rejections written to the audit table so far (for tests).</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Counts and queues one rejection; never blocks.</summary>
    public void Record(RejectionRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        _rejections.Add(1, new KeyValuePair<string, object?>("reason", row.Reason), new KeyValuePair<string, object?>("method", row.Method));
        if (_queue.Writer.TryWrite(row))
        {
            return;
        }

        _dropped.Add(1);
        if (Interlocked.Exchange(ref _fullLogged, 1) == 0)
        {
            AbuseLog.AuditQueueFull(_log);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<RejectionRow>(Math.Max(1, _options.AuditBatchSize));
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                // Gather a flood into few transactions.
                await Task.Delay(_options.AuditFlush, stoppingToken).ConfigureAwait(false);
                await DrainAsync(batch, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // What is queued at shutdown is written once more, bounded.
        using var last = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await DrainAsync(batch, last.Token).ConfigureAwait(false);
    }

    private async Task DrainAsync(List<RejectionRow> batch, CancellationToken cancellationToken)
    {
        while (true)
        {
            batch.Clear();
            while (batch.Count < _options.AuditBatchSize && _queue.Reader.TryRead(out var row))
            {
                batch.Add(row);
            }

            if (batch.Count == 0)
            {
                Interlocked.Exchange(ref _fullLogged, 0);
                return;
            }

            try
            {
                await _store.AppendRejectionsAsync(batch, cancellationToken).ConfigureAwait(false);
                Interlocked.Add(ref _written, batch.Count);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _dropped.Add(batch.Count);
                AbuseLog.AuditWriteFailed(_log, batch.Count, exception);
            }
        }
    }
}
