using FlashSale.Silo.Services.Health;
using StackExchange.Redis;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace FlashSale.Silo.Redis;

/// <summary>
/// The silo's one Redis multiplexer. It connects at start without failing when Redis is down
/// (StackExchange.Redis keeps reconnecting in the background), tracks whether Redis is reachable,
/// reports it to health and tells its users when the connection comes back.
/// </summary>
public sealed partial class RedisConnection(string configuration, HealthService health, ILogger<RedisConnection> log) : IHostedService, IDisposable
{
    /// <summary>How long any Redis command may take before it fails (the client's own timeout).</summary>
    public const int CommandTimeoutMilliseconds = 2_000;

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private ConnectionMultiplexer? _multiplexer;
    private Timer? _poll;
    private int _available = -1;

    /// <summary>Raised (on a pool thread) whenever Redis becomes reachable: at first connect and after an outage.</summary>
    public event Action? Restored;

    /// <summary>The configured endpoint(s), e.g. <c>127.0.0.1:6379</c>.</summary>
    public string Configuration { get; } = configuration;

    /// <summary>True while commands can be sent; false before start, during an outage and after stop.</summary>
    public bool IsAvailable => _multiplexer is { IsConnected: true };

    /// <summary>The database for commands, or null before the connection started.</summary>
    public IDatabase? Database => _multiplexer?.GetDatabase();

    /// <summary>The pub/sub side, or null before the connection started.</summary>
    public ISubscriber? Subscriber => _multiplexer?.GetSubscriber();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = ConfigurationOptions.Parse(Configuration);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 3_000;
        options.ConnectRetry = 1;
        options.KeepAlive = 5;
        options.ReconnectRetryPolicy = new LinearRetry(500);
        options.ClientName = "flashsale-silo";

        // Every command, asynchronous ones included, fails after 2 s without an answer (also one
        // held back while the connection is down), so no caller waits on Redis for longer.
        options.SyncTimeout = CommandTimeoutMilliseconds;
        options.AsyncTimeout = CommandTimeoutMilliseconds;
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
        multiplexer.ConnectionFailed += OnConnectionFailed;
        multiplexer.ConnectionRestored += OnConnectionRestored;
        _multiplexer = multiplexer;
        Refresh("connect at start", null);

        // The events cover the usual outage; the poll catches any transition they miss (e.g. a
        // first connection that only succeeds after start).
        _poll = new Timer(_ => Refresh("poll", null), null, PollInterval, PollInterval);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        _poll?.Dispose();
        var multiplexer = Interlocked.Exchange(ref _multiplexer, null);
        if (multiplexer is null)
        {
            return;
        }

        multiplexer.ConnectionFailed -= OnConnectionFailed;
        multiplexer.ConnectionRestored -= OnConnectionRestored;
        multiplexer.Close(allowCommandsToComplete: false);
        multiplexer.Dispose();
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e) =>
        Refresh(e.FailureType.ToString(), e.Exception);

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e) => Refresh("restored", null);

    /// <summary>Records a change of <see cref="IsAvailable"/> once (so a long outage logs one line).</summary>
    private void Refresh(string failureType, Exception? exception)
    {
        var available = IsAvailable;
        var next = available ? 1 : 0;
        var previous = Interlocked.Exchange(ref _available, next);
        if (previous == next)
        {
            return;
        }

        health.SetStatus(RedisHealth.ServiceName, available ? ServingStatus.Serving : ServingStatus.NotServing);
        if (!available)
        {
            RedisLog.Degraded(log, Configuration, failureType, exception);
        }
        else if (previous == -1)
        {
            RedisLog.Connected(log, Configuration);
        }
        else
        {
            RedisLog.Restored(log, Configuration);
        }

        if (available)
        {
            Restored?.Invoke();
        }
    }
}
