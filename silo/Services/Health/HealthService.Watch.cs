using System.Threading.Channels;
using FlashSale.Silo.Protocol;
using Grpc.Health.V1;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace FlashSale.Silo.Services.Health;

public sealed partial class HealthService
{
    /// <inheritdoc />
    public override async Task Watch(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        var watcher = new Watcher();
        lock (_watchersLock)
        {
            // Registered and seeded under the lock so no change between the two is lost.
            if (!_watchers.TryGetValue(request.Service, out var list))
            {
                list = [];
                _watchers[request.Service] = list;
            }

            list.Add(watcher);
            watcher.Post(_statuses.TryGetValue(request.Service, out var current) ? current : ServingStatus.ServiceUnknown);
        }

        try
        {
            var reader = watcher.Updates.Reader;
            while (await reader.WaitToReadAsync(context.CancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var status))
                {
                    await responseStream.WriteAsync(new HealthCheckResponse { Status = status }).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            lock (_watchersLock)
            {
                if (_watchers.TryGetValue(request.Service, out var list) && list.Remove(watcher) && list.Count == 0)
                {
                    _watchers.Remove(request.Service);
                }
            }
        }
    }

    // Callers hold _watchersLock.
    private void Notify(string service, ServingStatus status)
    {
        if (_watchers.TryGetValue(service, out var list))
        {
            foreach (var watcher in list)
            {
                watcher.Post(status);
            }
        }
    }

    private sealed class Watcher
    {
        private ServingStatus? _last;

        // health-checking.md lets a slow watcher skip intermediate states: keep only the newest.
        public Channel<ServingStatus> Updates { get; } = Channel.CreateBounded<ServingStatus>(
            new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

        public void Post(ServingStatus status)
        {
            // Only changes are streamed, so repeating the same status sends nothing.
            if (_last == status)
            {
                return;
            }

            _last = status;
            Updates.Writer.TryWrite(status);
        }
    }
}
