using FlashSale.Storage.Domain;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace FlashSale.Storage.Resilience;

/// <summary>The Polly pipeline shared by the decorators of one storage backend (grain state and
/// reminders live in the same database, so they share one circuit): per-attempt timeout inside a
/// circuit breaker inside a bounded retry with exponential backoff and jitter. Only
/// <see cref="StorageUnavailableException"/> (and attempt timeouts) count: a version conflict is
/// an answer, never retried, and so is any other failure that is not the store being unreachable
/// (see <see cref="TransientFailures"/>). Whatever still fails unreachable leaves as
/// <see cref="StorageUnavailableException"/>.</summary>
public sealed class StorageResilience
{
    private readonly ResiliencePipeline _pipeline;
    private readonly CircuitBreakerStateProvider _circuit = new();

    /// <param name="options">Retry, timeout and circuit settings.</param>
    /// <param name="logger">Receives retries and circuit changes.</param>
    /// <param name="time">Wall-clock time for delays and the break window; infrastructure time,
    /// deliberately not the grains' (possibly fake) domain clock. Defaults to the system clock.</param>
    public StorageResilience(StorageResilienceOptions options, ILogger? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Logger = logger ?? NullLogger.Instance;
        var transient = new PredicateBuilder().Handle<Exception>(TransientFailures.IsTransient);
        var builder = new ResiliencePipelineBuilder { TimeProvider = time ?? TimeProvider.System };
        _pipeline = builder
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryDelay,
                OnRetry = args =>
                {
                    StorageResilienceLog.Retrying(Logger, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception);
                    return default;
                },
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = transient,
                FailureRatio = options.FailureRatio,
                SamplingDuration = options.SamplingDuration,
                MinimumThroughput = options.MinimumThroughput,
                BreakDuration = options.BreakDuration,
                StateProvider = _circuit,
                OnOpened = args =>
                {
                    StorageResilienceLog.CircuitOpened(Logger, args.BreakDuration, args.Outcome.Exception);
                    return default;
                },
                OnClosed = _ =>
                {
                    StorageResilienceLog.CircuitClosed(Logger);
                    return default;
                },
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    public StorageResilienceOptions Options { get; }

    /// <summary>True while the circuit is open (or half-open, probing): health checks show it.</summary>
    public bool IsCircuitOpen => _circuit.CircuitState is not CircuitState.Closed;

    internal ILogger Logger { get; }

    /// <summary>Runs <paramref name="operation"/> under retry, circuit breaker and attempt timeout.</summary>
    /// <exception cref="StorageUnavailableException">Retries exhausted, circuit open or attempt timed out.</exception>
    public async Task<T> ExecuteAsync<TState, T>(Func<TState, CancellationToken, Task<T>> operation, TState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var result = await _pipeline.ExecuteAsync(
                static async (context, token) => await context.operation(context.state, token).ConfigureAwait(false),
                (operation, state),
                cancellationToken).ConfigureAwait(false);
            StorageMetrics.Record(started, "ok");
            return result;
        }
        catch (BrokenCircuitException exception)
        {
            StorageMetrics.Record(started, "unavailable");
            throw new StorageUnavailableException("storage is unavailable (circuit open); retry later", exception);
        }
        catch (TimeoutRejectedException exception)
        {
            StorageMetrics.Record(started, "unavailable");
            throw new StorageUnavailableException($"storage did not answer within {Options.AttemptTimeout}", exception);
        }
        catch (Exception exception) when (exception is not StorageUnavailableException && TransientFailures.IsTransient(exception))
        {
            // Orleans' ADO.NET providers let the driver's exceptions through: callers see one type.
            StorageMetrics.Record(started, "unavailable");
            throw new StorageUnavailableException($"storage is unavailable: {exception.Message}", exception);
        }
        catch (Exception exception)
        {
            StorageMetrics.Record(started, exception is StorageUnavailableException ? "unavailable"
                : exception is Orleans.Storage.InconsistentStateException ? "conflict" : "error");
            throw;
        }
    }
}
