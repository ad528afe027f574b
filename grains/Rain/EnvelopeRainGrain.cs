using System.Security.Cryptography;
using System.Text;
using FlashSale.Api.V1;
using FlashSale.Grains.Common;
using FlashSale.Grains.Events;
using FlashSale.Grains.Protos;
using FlashSale.Storage;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace FlashSale.Grains.Rain;

/// <summary>A red-envelope rain. The split is made once, at start, and stored with the rain, so a
/// restart changes no amount. Claims take the envelopes in order; the rain's state is the record of
/// who claimed which, so claimed ≤ count, the claimed sum ≤ the total and one claim per user hold
/// by construction, across crashes (nothing is answered before its write is durable).
///
/// Reentrant, for group commit like the coupon pool: a claim takes its envelope in memory at once,
/// then joins the next write; claims arriving meanwhile share it.</summary>
[GrainType("envelope-rain")]
[Reentrant]
internal sealed partial class EnvelopeRainGrain(
    [PersistentState("state", FlashSaleStorage.ProviderName)] IPersistentState<EnvelopeRainGrainState> state,
    IRoomEventBus events,
    TimeProvider time,
    ILogger<EnvelopeRainGrain> logger,
    IOptions<GroupCommitOptions> groupCommit)
    : StatefulGrain<EnvelopeRainGrainState>(state, time, groupCommit.Value), IEnvelopeRainGrain
{
    private bool Exists => State.Status is not null;

    private EnvelopeRainStatus Status => State.Status;

    private string RainId => GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!Exists)
        {
            return;
        }

        try
        {
            await CreditUncreditedAsync();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A retried claim or the end reminder credits them again; activation must not fail for it.
            RainLog.CreditsPending(logger, RainId, exception);
        }

        await ArmAsync(cancellationToken);
    }

    public async Task<StartEnvelopeRainReply> Start(StartEnvelopeRainRequest request, CancellationToken cancellationToken = default)
    {
        var now = Time.GetUtcNow();
        var normalized = request.Clone();
        normalized.RainId = RainId;
        normalized.Password = string.Empty;
        var hash = PasswordHash(request.Password);
        if (Exists)
        {
            var same = State.Request.Equals(normalized) && State.PasswordHash.Equals(hash);
            return await SettledReply(same ? ResultCode.Ok : ResultCode.AlreadyExists, now);
        }

        var startsAt = request.StartsAt?.ToDateTimeOffset() ?? now;
        State.Request = normalized;
        State.PasswordHash = hash;
        State.Amounts.AddRange(EnvelopeSplit.Split(request.TotalAmount, request.Count, Random.Shared));
        State.Status = new EnvelopeRainStatus
        {
            RainId = RainId,
            RoomId = request.RoomId,
            TotalAmount = request.TotalAmount,
            Count = request.Count,
            StartsAt = Timestamp.FromDateTimeOffset(startsAt),
            EndsAt = Timestamp.FromDateTimeOffset(startsAt.AddSeconds(request.DurationSeconds)),
            PasswordRequired = !hash.IsEmpty,
        };
        await PersistAsync(cancellationToken);
        RainLog.Started(logger, RainId, request.RoomId, request.Count, request.TotalAmount);
        await ArmAsync(cancellationToken);
        return new StartEnvelopeRainReply { Result = ResultCode.Ok, Rain = Snapshot(Time.GetUtcNow()) };
    }

    public async Task<EnvelopeRainStatus> GetStatus(Empty request, CancellationToken cancellationToken = default)
    {
        var status = Exists ? Snapshot(Time.GetUtcNow()) : new EnvelopeRainStatus { RainId = RainId };
        await SettledAsync();
        return status;
    }

    private async Task<StartEnvelopeRainReply> SettledReply(ResultCode result, DateTimeOffset now)
    {
        var reply = new StartEnvelopeRainReply { Result = result, Rain = Snapshot(now) };
        await SettledAsync();
        return reply;
    }

    /// <summary>The status as of <paramref name="now"/> (a new message the caller may keep).</summary>
    private EnvelopeRainStatus Snapshot(DateTimeOffset now)
    {
        var status = Status.Clone();
        status.State = now < Status.StartsAt.ToDateTimeOffset() ? EnvelopeRainState.Scheduled
            : IsOver(now) ? EnvelopeRainState.Ended
            : EnvelopeRainState.Active;
        return status;
    }

    private bool IsOver(DateTimeOffset now) => now >= Status.EndsAt.ToDateTimeOffset() || Status.Claimed >= Status.Count;

    /// <summary>SHA-256 of the rain id and the password, so the stored state holds no password;
    /// empty for no password.</summary>
    private ByteString PasswordHash(string password) =>
        password.Length == 0 ? ByteString.Empty : ByteString.CopyFrom(SHA256.HashData(Encoding.UTF8.GetBytes($"{RainId}\n{password}")));

    private bool PasswordMatches(string password) =>
        State.PasswordHash.IsEmpty
        || (password.Length > 0 && CryptographicOperations.FixedTimeEquals(PasswordHash(password).Span, State.PasswordHash.Span));
}
