using FlashSale.Api.V1;
using FlashSale.Grains.Events;
using FlashSale.Grains.Protos;
using FlashSale.Runtime;
using Microsoft.Extensions.Logging;

namespace FlashSale.Grains.Drop;

/// <summary>The inventory of one drop. All counters live in <see cref="DropGrainState.Status"/>
/// and change only together with the order that moves them, in the same state write (the order as
/// a staged row, see DropGrain.Rows.cs), so units sold or reserved never exceed the quantity
/// (invariant 1) even across a crash.</summary>
internal sealed partial class DropGrain : Grain, IDropGrain, IDropGrainBatch, IRemindable
{
    private const int DefaultPaymentWindowSeconds = 300;
    private const int FailedKeyCacheLimit = 100_000;

    private readonly IPersistentState<DropGrainState> _state;
    private readonly OrderRows _orderRows;
    private readonly IRoomEventBus _events;
    private readonly TimeProvider _time;
    private readonly ILogger<DropGrain> _logger;

    private readonly DropOrderBook _orders = new();
    private readonly Dictionary<(string User, string Key), FailedGrab> _failedGrabs = [];

    public DropGrain(IPersistentState<DropGrainState> state, OrderRows orderRows, IRoomEventBus events, TimeProvider time, ILogger<DropGrain> logger)
    {
        _state = state;
        _orderRows = orderRows;
        _events = events;
        _time = time;
        _logger = logger;
    }

    private DropGrainState State => _state.State;

    private DropStatus Status => _state.State.Status;

    private bool IsScheduled => _state.State.Schedule is not null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!IsScheduled)
        {
            return;
        }

        var migrated = await LoadOrdersAsync(cancellationToken);

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

    /// <summary>Writes the state; any failure drops this activation so the next one reloads what
    /// storage really holds instead of trusting in-memory changes that were never persisted.</summary>
    private async Task PersistAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _state.WriteStateAsync(cancellationToken);
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    private sealed record FailedGrab(int Quantity, GrabReply Reply);
}
