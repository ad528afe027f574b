using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains.Rain;

internal sealed partial class EnvelopeRainGrain
{
    public async Task<ClaimEnvelopeReply> Claim(EnvelopeClaim request, CancellationToken cancellationToken = default)
    {
        if (!Exists)
        {
            throw new EntityNotFoundException("envelope rain", RainId);
        }

        if (State.Claims.TryGetValue(request.UserId, out var held))
        {
            // The claim may be durable while its credit was cut off by a crash: crediting again is
            // idempotent (keyed by the rain) and finishes it.
            await SettledAsync();
            var balance = await CreditAsync(request.UserId, held);
            return new ClaimEnvelopeReply { Result = ResultCode.AlreadyClaimed, Amount = held.Amount, Remaining = Remaining, Balance = balance };
        }

        var now = Time.GetUtcNow();
        var refusal = Admit(request, now);
        if (refusal != ResultCode.Ok)
        {
            await SettledAsync();
            return new ClaimEnvelopeReply { Result = refusal, Remaining = Remaining };
        }

        var claim = new EnvelopeClaimRecord
        {
            Index = Status.Claimed,
            Amount = State.Amounts[Status.Claimed],
            At = Timestamp.FromDateTimeOffset(now),
        };
        State.Claims[request.UserId] = claim;
        Status.Claimed++;
        Status.ClaimedAmount += claim.Amount;
        var last = Status.Claimed == Status.Count && !State.EndedAnnounced;
        if (last)
        {
            State.EndedAnnounced = true;
        }

        await PersistAsync(cancellationToken);
        if (last)
        {
            PublishEnded(now);
        }

        // The claim is durable: its credit must happen even if the caller gives up now.
        var credited = await CreditAsync(request.UserId, claim);
        return new ClaimEnvelopeReply { Result = ResultCode.Ok, Amount = claim.Amount, Remaining = Remaining, Balance = credited };
    }

    private int Remaining => Status.Count - Status.Claimed;

    private ResultCode Admit(EnvelopeClaim request, DateTimeOffset now)
    {
        if (now < Status.StartsAt.ToDateTimeOffset())
        {
            return ResultCode.NotStarted;
        }

        if (now >= Status.EndsAt.ToDateTimeOffset())
        {
            return ResultCode.Ended;
        }

        if (!PasswordMatches(request.Password))
        {
            return ResultCode.WrongPassword;
        }

        return Status.Claimed >= Status.Count ? ResultCode.EnvelopesGone : ResultCode.Ok;
    }

    /// <summary>Credits the envelope to the user's wallet, idempotently (key "rain:{rainId}"; the
    /// ledger entry's reference says the same). Returns the balance after it.</summary>
    private async Task<long> CreditAsync(string userId, EnvelopeClaimRecord claim)
    {
        var key = "rain:" + RainId;
        var wallet = await GrainFactory.Resolve<IWalletGrain>(userId).Credit(
            new CreditWalletRequest { UserId = userId, Amount = claim.Amount, IdempotencyKey = key, Reason = key },
            CancellationToken.None);

        // Rides along with the next write; until then a new activation merely credits again.
        claim.Credited = true;
        return wallet.Balance;
    }

    /// <summary>Credits every claim not known to be credited (after a crash between a claim's
    /// write and its credit).</summary>
    private async Task CreditUncreditedAsync()
    {
        var pending = State.Claims.Where(c => !c.Value.Credited).ToList();
        if (pending.Count == 0)
        {
            return;
        }

        RainLog.CreditingAgain(logger, RainId, pending.Count);
        foreach (var chunk in pending.Chunk(32))
        {
            await Task.WhenAll(chunk.Select(c => CreditAsync(c.Key, c.Value)));
        }

        await PersistAsync();
    }
}
