using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace FlashSale.Storage.Resilience;

/// <summary>Decorates an Orleans grain storage with <see cref="StorageResilience"/>: retries while
/// the store is unreachable, fails fast while the circuit is open, and surfaces
/// <see cref="Domain.StorageUnavailableException"/>. A version conflict is never retried. A retried
/// write cannot apply twice (its ETag is refused the second time), but after an attempt whose
/// outcome is unknown (connection lost after sending, timeout) that refusal may only mean the first
/// attempt committed: the stored state is read back, and "it equals what we wrote" (protobuf
/// messages compare by value) is success, anything else the genuine conflict.</summary>
public sealed class ResilientGrainStorage(IGrainStorage inner, StorageResilience resilience) : IGrainStorage
{
    /// <summary>The decorated provider.</summary>
    public IGrainStorage Inner => inner;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        resilience.ExecuteAsync(
            static async (s, _) =>
            {
                await s.inner.ReadStateAsync(s.stateName, s.grainId, s.grainState).ConfigureAwait(false);
                return true;
            },
            (inner, stateName, grainId, grainState),
            CancellationToken.None);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);

        // Attempts write a copy taken now, on the grain's scheduler: a reentrant grain goes on
        // changing its state while a write (and its retries, which run off that scheduler) is in
        // flight, and a retry must neither serialize a state being changed under it nor compare
        // the stored state with one that moved on since.
        var snapshot = new Snapshot<T> { State = CopyOf(grainState.State), ETag = grainState.ETag, RecordExists = grainState.RecordExists };
        var call = new Call<T>(stateName, grainId, snapshot);
        await resilience.ExecuteAsync(WriteAttemptAsync, call, CancellationToken.None).ConfigureAwait(false);
        grainState.ETag = snapshot.ETag;
        grainState.RecordExists = snapshot.RecordExists;
    }

    // Grain states are protobuf messages (deep Clone); any other type is written as it is.
    private static T CopyOf<T>(T state) => state is Google.Protobuf.IDeepCloneable<T> cloneable ? cloneable.Clone() : state;

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var call = new Call<T>(stateName, grainId, grainState);
        return resilience.ExecuteAsync(ClearAttemptAsync, call, CancellationToken.None);
    }

    private async Task<bool> WriteAttemptAsync<T>(Call<T> call, CancellationToken cancellationToken)
    {
        try
        {
            await inner.WriteStateAsync(call.StateName, call.GrainId, call.State).ConfigureAwait(false);
            return true;
        }
        catch (InconsistentStateException) when (call.OutcomeUnknown)
        {
            var stored = new Snapshot<T>();
            await inner.ReadStateAsync(call.StateName, call.GrainId, stored).ConfigureAwait(false);
            if (stored.RecordExists && EqualityComparer<T>.Default.Equals(stored.State, call.State.State))
            {
                StorageResilienceLog.UnknownWriteCommitted(resilience.Logger, call.GrainId.ToString());
                call.State.ETag = stored.ETag;
                call.State.RecordExists = true;
                return true;
            }

            throw;
        }
        catch (Exception exception) when (MayHaveCommitted(exception, cancellationToken))
        {
            call.OutcomeUnknown = true;
            throw;
        }
    }

    private async Task<bool> ClearAttemptAsync<T>(Call<T> call, CancellationToken cancellationToken)
    {
        try
        {
            await inner.ClearStateAsync(call.StateName, call.GrainId, call.State).ConfigureAwait(false);
            return true;
        }
        catch (InconsistentStateException) when (call.OutcomeUnknown)
        {
            var stored = new Snapshot<T>();
            await inner.ReadStateAsync(call.StateName, call.GrainId, stored).ConfigureAwait(false);
            if (!stored.RecordExists)
            {
                call.State.State = stored.State;
                call.State.ETag = stored.ETag;
                call.State.RecordExists = false;
                return true;
            }

            throw;
        }
        catch (Exception exception) when (MayHaveCommitted(exception, cancellationToken))
        {
            call.OutcomeUnknown = true;
            throw;
        }
    }

    // An attempt cancelled by the attempt timeout (not by the caller) may have reached the server.
    internal static bool MayHaveCommitted(Exception exception, CancellationToken callerToken) =>
        TransientFailures.IsTransient(exception)
        || (exception is OperationCanceledException && !callerToken.IsCancellationRequested);

    private sealed class Call<T>(string stateName, GrainId grainId, IGrainState<T> state)
    {
        public string StateName { get; } = stateName;

        public GrainId GrainId { get; } = grainId;

        public IGrainState<T> State { get; } = state;

        public bool OutcomeUnknown { get; set; }
    }

    private sealed class Snapshot<T> : IGrainState<T>
    {
        [System.Diagnostics.CodeAnalysis.AllowNull]
        public T State { get; set; } = default!;

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }
    }
}
