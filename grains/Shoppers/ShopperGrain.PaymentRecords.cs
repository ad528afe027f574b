using FlashSale.Api.V1;
using FlashSale.Grains.Protos;

namespace FlashSale.Grains.Shoppers;

// Bookkeeping of payment sagas: resuming unfinished ones and remembering finished answers.
internal sealed partial class ShopperGrain
{
    private const int RememberedPayments = 200;
    private const string ResumeReminder = "resume-payments";
    private static readonly TimeSpan ResumeAfter = TimeSpan.FromSeconds(30);

    protected override async Task OnReminderAsync(string name, CancellationToken cancellationToken)
    {
        if (name == ResumeReminder)
        {
            await ResumePaymentsAsync();
            await ResumeReturnsAsync();
        }
    }

    private async Task ResumePaymentsAsync()
    {
        foreach (var payment in State.Payments.Values.Where(p => !p.Done).ToList())
        {
            ShopperLog.PaymentResumed(logger, UserId, payment.IdempotencyKey, payment.OrderId);
            await RunAsync(payment, CancellationToken.None);
        }
    }

    private async Task FinishAsync(PaymentRecord payment, ResultCode result, Order? order, long? balance, CancellationToken cancellationToken)
    {
        payment.Done = true;
        payment.Result = result;
        payment.Order = order;
        payment.Balance = balance ?? 0;
        payment.FinishedSequence = ++State.FinishedPayments;
        ForgetOldAnswers();
        await PersistAsync(cancellationToken);
    }

    /// <summary>Keeps the shopper's state bounded: a key retried after this many later payments
    /// is answered from the order's current state instead of its first answer (still no double
    /// debit, which the wallet prevents by order id).</summary>
    private void ForgetOldAnswers()
    {
        var finished = State.Payments.Values.Where(p => p.Done).ToList();
        if (finished.Count <= RememberedPayments)
        {
            return;
        }

        foreach (var old in finished.OrderBy(p => p.FinishedSequence).Take(finished.Count - RememberedPayments))
        {
            State.Payments.Remove(old.IdempotencyKey);
        }
    }

    private static PayReply Answer(PaymentRecord payment) =>
        new() { Result = payment.Result, Order = payment.Order?.Clone(), Balance = payment.Balance };
}
