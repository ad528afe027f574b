using FlashSale.Api.V1;

namespace FlashSale.Client;

public sealed partial class AdminClient
{
    /// <summary>Pauses a drop: no new grabs (DROP_PAUSED) until resumed; pending orders can still be paid.</summary>
    public async Task<DropCommandReply> PauseDropAsync(PauseDropRequest request, FlashSaleCallOptions? options = null, CancellationToken cancellationToken = default) =>
        await Generated.PauseDropAsync(request, WithAuth(options, cancellationToken)).ConfigureAwait(false);

    /// <summary>Resumes a paused drop.</summary>
    public async Task<DropCommandReply> ResumeDropAsync(ResumeDropRequest request, FlashSaleCallOptions? options = null, CancellationToken cancellationToken = default) =>
        await Generated.ResumeDropAsync(request, WithAuth(options, cancellationToken)).ConfigureAwait(false);

    /// <summary>Starts a red-envelope rain in a room (idempotent by rain id).</summary>
    public async Task<StartEnvelopeRainReply> StartEnvelopeRainAsync(StartEnvelopeRainRequest request, FlashSaleCallOptions? options = null, CancellationToken cancellationToken = default) =>
        await Generated.StartEnvelopeRainAsync(request, WithAuth(options, cancellationToken)).ConfigureAwait(false);

    /// <summary>A rain's counters; NOT_FOUND for an unknown rain.</summary>
    public async Task<EnvelopeRainStatus> GetEnvelopeRainStatusAsync(GetEnvelopeRainStatusRequest request, FlashSaleCallOptions? options = null, CancellationToken cancellationToken = default) =>
        await Generated.GetEnvelopeRainStatusAsync(request, WithAuth(options, cancellationToken)).ConfigureAwait(false);
}
