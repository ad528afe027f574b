using FlashSale.Internal.V1;
using FlashSale.Runtime.Hosting;
using Google.Protobuf;

namespace FlashSale.Runtime.Messaging;

/// <summary>Server side of the silo-to-silo envelope: runs a <see cref="GrainCall"/> through the
/// target activation's mailbox and packs the outcome, errors included, into a
/// <see cref="GrainCallResult"/> (see <see cref="GrainCallFaults"/> for the fault kinds).</summary>
public sealed class GrainCallDispatcher
{
    private readonly GrainRuntime _runtime;

    internal GrainCallDispatcher(GrainRuntime runtime) => _runtime = runtime;

    public async Task<GrainCallResult> DispatchAsync(GrainCall call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!_runtime.TryGetTypeByName(call.GrainType, out var type))
        {
            return GrainCallFaults.Fault(GrainCallFaults.NotFound, $"unknown grain type '{call.GrainType}'");
        }

        if (!type.TryGetMethod(call.MethodId, out var method))
        {
            return GrainCallFaults.Fault(GrainCallFaults.NotFound, $"grain type '{call.GrainType}' has no method {call.MethodId}");
        }

        using var deadline = call.TimeoutMs > 0 ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken) : null;
        deadline?.CancelAfter(TimeSpan.FromMilliseconds(call.TimeoutMs));
        var token = deadline?.Token ?? cancellationToken;
        try
        {
            var grainId = new GrainId(call.GrainType, call.GrainKey);
            var item = new SerializedCallWorkItem(type, grainId, method, call.Argument, token);
            await _runtime.Catalog.DispatchAsync(type, grainId, item).ConfigureAwait(false);
            var response = await item.Task.ConfigureAwait(false);
            return new GrainCallResult { Response = response };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && token.IsCancellationRequested)
        {
            return GrainCallFaults.Fault(GrainCallFaults.DeadlineExceeded, "the call's deadline passed before it ran");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return GrainCallFaults.FromException(exception);
        }
    }
}
