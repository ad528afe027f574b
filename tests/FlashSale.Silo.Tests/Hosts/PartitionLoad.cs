using System.Collections.Concurrent;
using FlashSale.Api.V1;
using FlashSale.Client;
using Grpc.Core;

namespace FlashSale.Silo.Tests.Hosts;

/// <summary>One grab as a client saw it, with the silo it went through and when it ended.</summary>
internal sealed record TimedGrab(string Via, string UserId, DateTime At, ResultCode? Result, string? OrderId, StatusCode? Error);

/// <summary>Shoppers grabbing one drop through given silos until stopped: each loop sends one grab
/// at a time for a new user, paced, and records every outcome.</summary>
internal sealed class PartitionLoad
{
    private readonly ConcurrentQueue<TimedGrab> _grabs = new();
    private readonly List<Task> _loops = [];
    private readonly CancellationTokenSource _stop = new();

    public IReadOnlyCollection<TimedGrab> Grabs => _grabs;

    /// <summary>Starts <paramref name="loops"/> loops through <paramref name="shop"/>, named <paramref name="via"/>.</summary>
    public void Start(string via, ShopClient shop, string dropId, int loops, TimeSpan pace, TimeSpan callTimeout)
    {
        for (var i = 0; i < loops; i++)
        {
            var prefix = $"{via}-{i}";
            _loops.Add(Task.Run(() => LoopAsync(via, prefix, shop, dropId, pace, callTimeout)));
        }
    }

    public async Task StopAsync(TimeSpan timeout)
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops).WaitAsync(timeout);
    }

    private async Task LoopAsync(string via, string prefix, ShopClient shop, string dropId, TimeSpan pace, TimeSpan callTimeout)
    {
        for (var n = 0; !_stop.IsCancellationRequested; n++)
        {
            var user = $"{prefix}-{n}-{Guid.NewGuid():N}";
            try
            {
                var reply = await shop.GrabAsync(dropId, user, options: FlashSaleCallOptions.WithTimeout(callTimeout));
                _grabs.Enqueue(new TimedGrab(via, user, DateTime.UtcNow, reply.Result, reply.Order?.OrderId, null));
            }
            catch (RpcException error)
            {
                _grabs.Enqueue(new TimedGrab(via, user, DateTime.UtcNow, null, null, error.StatusCode));
            }

            try
            {
                await Task.Delay(pace, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
