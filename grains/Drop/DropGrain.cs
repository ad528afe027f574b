using FlashSale.Api.V1;
using FlashSale.Grains.Events;
using FlashSale.Grains.Protos;
using FlashSale.Grains.Common;
using Orleans.Concurrency;
using FlashSale.Storage.Domain;
using Google.Protobuf;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging;

namespace FlashSale.Grains.Drop;

/// <summary>The inventory of one drop. All counters live in <see cref="DropGrainState.Status"/>
/// and change only together with the order that moves them, in the same write (the order as a
/// typed row of the "orders" table, see DropGrain.Rows.cs, written by <see cref="IDropStore"/> in
/// one transaction with the state), so units sold or reserved never exceed the quantity
/// (invariant 1) even across a crash.
///
/// Reentrant, for group commit: every call changes the state in memory synchronously (no await
/// between reading and changing it, so calls still never see each other half-done) and then awaits
/// <see cref="GroupCommit"/>: the grabs that arrive while one write runs are persisted together by
/// the next, and none is answered before its write is durable.</summary>
[GrainType("drop")]
[Reentrant]
internal partial class DropGrain : FlashSaleGrain, IDropGrain
{
    private const int DefaultPaymentWindowSeconds = 300;
    private const int FailedKeyCacheLimit = 100_000;

    private readonly IDropStore _store;
    private readonly IRoomEventBus _events;
    private readonly TimeProvider _time;
    private readonly ILogger<DropGrain> _logger;
    private readonly GroupCommit _commit;

    private readonly DropOrderBook _orders = new();
    private readonly Dictionary<(string User, string Key), FailedGrab> _failedGrabs = [];

    // Order rows changed since the last write began, by order id (a later change replaces an earlier one).
    private readonly Dictionary<string, OrderRow> _staged = new(StringComparer.Ordinal);
    private string? _etag;

    public DropGrain(IDropStore store, IRoomEventBus events, TimeProvider time, ILogger<DropGrain> logger, IOptions<GroupCommitOptions> groupCommit)
        : base(time)
    {
        _store = store;
        _events = events;
        _time = time;
        _logger = logger;
        _commit = new GroupCommit(WriteAsync, _ => DeactivateOnIdle(), groupCommit.Value.Enabled);
    }

    private string? _key;

    private DropGrainState State { get; set; } = new();

    /// <summary>The grain's key: the drop id, or a bucket key "{dropId}~{i}" (see DropBuckets).
    /// Order ids, order rows and the stored state are under this key; the API shows the drop id
    /// (<see cref="DropStatus.DropId"/>).</summary>
    private string Key => _key ??= GetPrimaryKeyString();

    private DropStatus Status => State.Status;

    private bool IsScheduled => State.Schedule is not null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A bucket key under the drop's grain type (or the reverse) would share a bucket's stored
        // state with a second grain: refused, whoever asks.
        if (IsBucket != this is DropBucketGrain)
        {
            throw new EntityNotFoundException("drop", Key);
        }

        var stored = await _store.ReadStateAsync(Key, cancellationToken);
        if (stored is not null)
        {
            State = DropGrainState.Parser.ParseFrom(stored.Data);
            _etag = stored.Etag;
        }

        if (!IsScheduled)
        {
            return;
        }

        if (IsCoordinator)
        {
            // Sells nothing, so it has no orders; pending stock transfers are finished by the next
            // transfer (a dry bucket asks before it answers SOLD_OUT). What is stored of the pause
            // is what its buckets may be told; one not acknowledged by all of them keeps its retry.
            _storedPause = CurrentPause();
            await ArmTimersAsync(cancellationToken);
            if (State.PauseSyncedEpoch < State.PauseEpoch)
            {
                await ArmPauseSyncAsync(cancellationToken);
            }

            return;
        }

        var migrated = await LoadOrdersAsync(cancellationToken);
        CountAfterSales();

        // Deadlines that passed while no activation existed are settled before the first call.
        var expired = ExpireOverdue(_time.GetUtcNow()) > 0;
        if (expired || migrated)
        {
            await PersistAsync(cancellationToken);
        }

        if (expired)
        {
            PublishStockLevel();
        }

        await ArmTimersAsync(cancellationToken);
    }

    /// <summary>Joins the next group commit and completes when it is durable. A failed write drops
    /// this activation (the next one reloads what storage really holds) and fails every call that
    /// waited for it or came after it.</summary>
    private Task PersistAsync(CancellationToken cancellationToken = default) => _commit.CommitAsync();

    // One write of the group commit: the state as it is now and every row staged until now.
    private async Task WriteAsync()
    {
        var data = State.ToByteArray();
        OrderRow[] rows = _staged.Count == 0 ? [] : [.. _staged.Values];
        _staged.Clear();
        try
        {
            _etag = await _store.WriteAsync(Key, data, _etag, rows, CancellationToken.None);
        }
        catch (Exception exception)
        {
            DropLog.WriteFailed(_logger, Key, exception);
            throw;
        }
    }

    private sealed record FailedGrab(int Quantity, GrabReply Reply);
}
