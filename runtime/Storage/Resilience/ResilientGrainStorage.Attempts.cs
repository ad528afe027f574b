namespace FlashSale.Runtime.Storage.Resilience;

/// <summary>One attempt of a write or clear, remembering across attempts whether an earlier one
/// may have committed.</summary>
public sealed partial class ResilientGrainStorage
{
    private async Task<string> WriteAttemptAsync(WriteCall call, CancellationToken cancellationToken)
    {
        try
        {
            return call.Rows is null
                ? await inner.WriteAsync(call.GrainId, call.Data, call.ExpectedEtag, cancellationToken).ConfigureAwait(false)
                : await ((IRowStagingGrainStorage)inner).WriteAsync(call.GrainId, call.Data, call.ExpectedEtag, call.Rows, cancellationToken).ConfigureAwait(false);
        }
        catch (InconsistentStateException) when (call.OutcomeUnknown)
        {
            // Rows commit in the same transaction as the data, so equal data means our rows are there too.
            var stored = await inner.ReadAsync(call.GrainId, cancellationToken).ConfigureAwait(false);
            if (stored is not null && stored.Data.AsSpan().SequenceEqual(call.Data.Span))
            {
                StorageResilienceLog.UnknownWriteCommitted(resilience.Logger, call.GrainId);
                return stored.Etag;
            }

            throw;
        }
        catch (Exception exception) when (MayHaveCommitted(exception, cancellationToken))
        {
            call.OutcomeUnknown = true;
            throw;
        }
    }

    private async Task<bool> ClearAttemptAsync(ClearCall call, CancellationToken cancellationToken)
    {
        try
        {
            await inner.ClearAsync(call.GrainId, call.ExpectedEtag, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (InconsistentStateException) when (call.OutcomeUnknown && call.ExpectedEtag is not null)
        {
            if (await inner.ReadAsync(call.GrainId, cancellationToken).ConfigureAwait(false) is null)
            {
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
    private static bool MayHaveCommitted(Exception exception, CancellationToken callerToken) =>
        exception is StorageUnavailableException
        || (exception is OperationCanceledException && !callerToken.IsCancellationRequested);

    private sealed class WriteCall(GrainId grainId, ReadOnlyMemory<byte> data, string? expectedEtag, IReadOnlyList<StagedRow>? rows)
    {
        public GrainId GrainId { get; } = grainId;

        public ReadOnlyMemory<byte> Data { get; } = data;

        public string? ExpectedEtag { get; } = expectedEtag;

        public IReadOnlyList<StagedRow>? Rows { get; } = rows;

        public bool OutcomeUnknown { get; set; }
    }

    private sealed class ClearCall(GrainId grainId, string? expectedEtag)
    {
        public GrainId GrainId { get; } = grainId;

        public string? ExpectedEtag { get; } = expectedEtag;

        public bool OutcomeUnknown { get; set; }
    }
}
