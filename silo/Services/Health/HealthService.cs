using System.Collections.Concurrent;
using Grpc.HealthCheck;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace FlashSale.Silo.Services.Health;

/// <summary>
/// The silo's health statuses. The gRPC side, <c>grpc.health.v1.Health</c> Check and Watch, is the
/// standard <see cref="HealthServiceImpl"/> from Grpc.HealthCheck (<see cref="Grpc"/>, mapped by
/// the host); this class keeps it in step and remembers each status for <c>/healthz</c>, which the
/// standard implementation cannot be asked for. The overall status ("") starts SERVING; the host
/// flips statuses with <see cref="SetStatus"/> (e.g. NOT_SERVING while draining on shutdown).
/// </summary>
public sealed class HealthService
{
    private readonly ConcurrentDictionary<string, ServingStatus> _statuses = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Creates the service with the overall status ("") SERVING.</summary>
    public HealthService()
    {
        SetStatus(string.Empty, ServingStatus.Serving);
    }

    /// <summary>The gRPC health service that serves these statuses.</summary>
    public HealthServiceImpl Grpc { get; } = new();

    /// <summary>Sets a service's status (creating it) and tells its watchers.</summary>
    public void SetStatus(string service, ServingStatus status)
    {
        ArgumentNullException.ThrowIfNull(service);
        lock (_lock)
        {
            _statuses[service] = status;
            Grpc.SetStatus(service, status);
        }
    }

    /// <summary>Forgets a service: Check answers NOT_FOUND again, watchers see SERVICE_UNKNOWN.</summary>
    public void ClearStatus(string service)
    {
        ArgumentNullException.ThrowIfNull(service);
        lock (_lock)
        {
            _statuses.TryRemove(service, out _);
            Grpc.ClearStatus(service);
        }
    }

    /// <summary>Sets every known service, the overall one included, to NOT_SERVING (for draining).</summary>
    public void SetAllNotServing()
    {
        lock (_lock)
        {
            foreach (var service in _statuses.Keys)
            {
                _statuses[service] = ServingStatus.NotServing;
                Grpc.SetStatus(service, ServingStatus.NotServing);
            }
        }
    }

    /// <summary>The current status of <paramref name="service"/>, or null when unknown.</summary>
    public ServingStatus? GetStatus(string service) =>
        _statuses.TryGetValue(service, out var status) ? status : null;
}
