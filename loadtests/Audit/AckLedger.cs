using System.Collections.Concurrent;

namespace FlashSale.LoadTests.Audit;

/// <summary>What the server told our clients: every OK grab, payment and coupon claim. Only
/// acknowledged effects go here, so the audit can demand each of them exists on the server.</summary>
internal sealed class AckLedger
{
    private readonly ConcurrentQueue<AckedGrab> _grabs = new();
    private readonly ConcurrentQueue<AckedPayment> _payments = new();
    private readonly ConcurrentQueue<AckedClaim> _claims = new();
    private readonly ConcurrentQueue<AckedEnvelope> _envelopes = new();

    public IReadOnlyCollection<AckedGrab> Grabs => _grabs;

    public IReadOnlyCollection<AckedPayment> Payments => _payments;

    public IReadOnlyCollection<AckedClaim> Claims => _claims;

    public IReadOnlyCollection<AckedEnvelope> EnvelopeClaims => _envelopes;

    public void Grabbed(string orderId, string dropId, string userId, int quantity) =>
        _grabs.Enqueue(new AckedGrab(orderId, dropId, userId, quantity));

    public void Paid(string orderId, string dropId, string userId, long paidAmount, string couponId) =>
        _payments.Enqueue(new AckedPayment(orderId, dropId, userId, paidAmount, couponId));

    public void Claimed(string poolId, string userId, string couponId) =>
        _claims.Enqueue(new AckedClaim(poolId, userId, couponId));

    public void EnvelopeClaimed(string rainId, string userId, long amount) =>
        _envelopes.Enqueue(new AckedEnvelope(rainId, userId, amount));
}

internal sealed record AckedGrab(string OrderId, string DropId, string UserId, int Quantity);

internal sealed record AckedPayment(string OrderId, string DropId, string UserId, long PaidAmount, string CouponId);

internal sealed record AckedClaim(string PoolId, string UserId, string CouponId);

internal sealed record AckedEnvelope(string RainId, string UserId, long Amount);
