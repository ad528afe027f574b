using System.Collections.Concurrent;
using FlashSale.Silo.Protocol;
using FlashSale.Silo.Services.Bases;
using Grpc.Health.V1;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace FlashSale.Silo.Services.Health;

/// <summary>
/// The standard health service (grpc/grpc doc/health-checking.md). The empty service name is the
/// server as a whole and starts SERVING; the host flips statuses with <see cref="SetStatus"/>
/// (e.g. NOT_SERVING while draining on shutdown).
/// </summary>
public sealed partial class HealthService : HealthBase
{
    private readonly ConcurrentDictionary<string, ServingStatus> _statuses = new(StringComparer.Ordinal);
    private readonly Lock _watchersLock = new();
    private readonly Dictionary<string, List<Watcher>> _watchers = new(StringComparer.Ordinal);

    /// <summary>Creates the service with the overall status ("") SERVING.</summary>
    public HealthService()
    {
        _statuses[string.Empty] = ServingStatus.Serving;
    }

    /// <summary>Sets a service's status (creating it) and tells its watchers.</summary>
    public void SetStatus(string service, ServingStatus status)
    {
        ArgumentNullException.ThrowIfNull(service);
        lock (_watchersLock)
        {
            _statuses[service] = status;
            Notify(service, status);
        }
    }

    /// <summary>Forgets a service: Check answers NOT_FOUND again, watchers see SERVICE_UNKNOWN.</summary>
    public void ClearStatus(string service)
    {
        ArgumentNullException.ThrowIfNull(service);
        lock (_watchersLock)
        {
            _statuses.TryRemove(service, out _);
            Notify(service, ServingStatus.ServiceUnknown);
        }
    }

    /// <summary>Sets every known service, the overall one included, to NOT_SERVING (for draining).</summary>
    public void SetAllNotServing()
    {
        lock (_watchersLock)
        {
            foreach (var service in _statuses.Keys)
            {
                _statuses[service] = ServingStatus.NotServing;
                Notify(service, ServingStatus.NotServing);
            }
        }
    }

    /// <summary>The current status of <paramref name="service"/>, or null when unknown.</summary>
    public ServingStatus? GetStatus(string service) =>
        _statuses.TryGetValue(service, out var status) ? status : null;

    /// <inheritdoc />
    public override Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_statuses.TryGetValue(request.Service, out var status))
        {
            // health-checking.md: an unknown service is NOT_FOUND for Check.
            throw new RpcException(new Status(StatusCode.NotFound, "Unknown service."));
        }

        return Task.FromResult(new HealthCheckResponse { Status = status });
    }
}
