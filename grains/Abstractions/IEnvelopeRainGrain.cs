using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains;

/// <summary>A red-envelope rain (红包雨, key: rain id): envelopes split once at start, claimable once
/// per user during the window; each claim lands in the user's wallet as a ledger credit keyed by
/// the rain, so the amounts credited never exceed the total and no user is credited twice.</summary>
public interface IEnvelopeRainGrain : IGrainWithStringKey
{
    /// <summary>Splits the total into the envelopes, stores them and arms the window. Idempotent:
    /// the same request again answers OK, a different one ALREADY_EXISTS.</summary>
    Task<StartEnvelopeRainReply> Start([Immutable] StartEnvelopeRainRequest request, CancellationToken cancellationToken = default);

    /// <summary>OK with the next envelope, credited to the wallet before the answer; ALREADY_CLAIMED
    /// with the user's envelope; NOT_STARTED, ENDED, WRONG_PASSWORD, ENVELOPES_GONE. Throws
    /// <see cref="EntityNotFoundException"/> for a rain never started.</summary>
    Task<ClaimEnvelopeReply> Claim([Immutable] EnvelopeClaim request, CancellationToken cancellationToken = default);

    /// <summary>The rain's counters; state UNSPECIFIED when it was never started.</summary>
    Task<EnvelopeRainStatus> GetStatus([Immutable] Empty request, CancellationToken cancellationToken = default);
}
