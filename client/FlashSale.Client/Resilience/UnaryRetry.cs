using Google.Protobuf;
using Polly;
using Polly.Retry;

namespace FlashSale.Client.Resilience;

/// <summary>Runs a unary call under the channel's <see cref="RetryOptions"/> with a Polly retry strategy.
/// The decision and the delay are made together in <c>ShouldHandle</c>, because only there can the
/// delay be checked against the call's overall deadline before Polly starts waiting.</summary>
internal sealed class UnaryRetry
{
    private static readonly ResiliencePropertyKey<DateTime> DeadlineKey = new("flashsale.deadline");
    private static readonly ResiliencePropertyKey<TimeSpan> DelayKey = new("flashsale.retry-delay");

    private readonly RetryOptions _options;
    private readonly ResiliencePipeline _pipeline;

    public UnaryRetry(RetryOptions options)
    {
        options.Validate();
        _options = options;
        _pipeline = options.MaxAttempts == 1
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder()
                .AddRetry(new RetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxAttempts - 1,
                    ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome.Exception, args.AttemptNumber, args.Context)),
                    DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Context.Properties.GetValue(DelayKey, TimeSpan.Zero)),
                })
                .Build();
    }

    public async Task<TResponse> UnaryAsync<TRequest, TResponse>(
        CallInvoker invoker,
        Method<TRequest, TResponse> method,
        TRequest request,
        CallOptions options,
        CancellationToken cancellationToken)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
    {
        // One deadline for the whole call: each attempt gets what is left of it, not a fresh timeout.
        var deadline = ResolveDeadline(options, invoker.Channel.Options.DefaultTimeout);
        var attemptOptions = deadline is { } d ? options with { Timeout = null, Deadline = d } : options;
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        if (deadline is { } set)
        {
            context.Properties.Set(DeadlineKey, set);
        }

        try
        {
            return await _pipeline.ExecuteAsync(
                static (ctx, state) => new ValueTask<TResponse>(
                    state.invoker.AttemptAsync(state.method, state.request, state.attemptOptions, ctx.CancellationToken)),
                context,
                (invoker, method, request, attemptOptions)).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled while waiting between attempts: report it the way a cancelled attempt is reported.
            throw new FlashSaleRpcException(RpcStatusCode.Cancelled, "The call was cancelled by the caller.", innerException: ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static DateTime? ResolveDeadline(CallOptions options, TimeSpan? defaultTimeout)
    {
        if (options.Timeout is { } timeout)
        {
            return timeout == Timeout.InfiniteTimeSpan ? null : DateTime.UtcNow + timeout;
        }

        return options.Deadline is { } deadline
            ? deadline.ToUniversalTime()
            : defaultTimeout is { } fallback ? DateTime.UtcNow + fallback : null;
    }

    private bool ShouldRetry(Exception? exception, int attemptNumber, ResilienceContext context)
    {
        if (exception is not FlashSaleRpcException { IsRetriable: true } rpc)
        {
            return false;
        }

        if (rpc.RetryAfter is { } hint && hint > _options.MaxRetryAfter)
        {
            return false;
        }

        var delay = RetryBackoff.Next(_options, attemptNumber, rpc.RetryAfter, Random.Shared.NextDouble());
        if (context.Properties.TryGetValue(DeadlineKey, out var deadline) && DateTime.UtcNow + delay >= deadline)
        {
            return false;
        }

        context.Properties.Set(DelayKey, delay);
        return true;
    }
}
