using FlashSale.Storage.Domain;
using Orleans.Storage;

namespace FlashSale.Storage.Resilience;

/// <summary>A versioned write under the policy, remembering across attempts whether an earlier one
/// may have committed.</summary>
internal static class ResilientWrites
{
    public static Task<string> WriteAsync(
        StorageResilience resilience,
        string target,
        ReadOnlyMemory<byte> state,
        Func<CancellationToken, Task<string>> write,
        Func<CancellationToken, Task<OwnedState?>> read,
        CancellationToken cancellationToken)
    {
        var outcomeUnknown = false;
        return resilience.ExecuteAsync(
            async (_, ct) =>
            {
                try
                {
                    return await write(ct).ConfigureAwait(false);
                }
                catch (InconsistentStateException) when (outcomeUnknown)
                {
                    var stored = await read(ct).ConfigureAwait(false);
                    if (stored is not null && stored.Data.AsSpan().SequenceEqual(state.Span))
                    {
                        StorageResilienceLog.UnknownWriteCommitted(resilience.Logger, target);
                        return stored.Etag;
                    }

                    throw;
                }
                catch (Exception exception) when (ResilientGrainStorage.MayHaveCommitted(exception, cancellationToken))
                {
                    outcomeUnknown = true;
                    throw;
                }
            },
            0,
            cancellationToken);
    }
}
