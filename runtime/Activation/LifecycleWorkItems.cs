using FlashSale.Runtime.Scheduling;

namespace FlashSale.Runtime.Activation;

/// <summary>The activation's first turn.</summary>
internal sealed class ActivateWorkItem : WorkItem
{
    public override Task ExecuteAsync(ActivationData activation) => activation.ActivateAsync();

    // Failure is handled by the activation itself (it closes and fails queued calls).
    public override void OnCompleted(Task turn) => _ = turn.Exception;

    public override void Reroute(ActivationData closed, Exception? failure)
    {
    }
}

/// <summary>The activation's last turn; runs alone once the mailbox is closed.</summary>
internal sealed class DeactivateWorkItem(DeactivationReason reason, Exception? failure) : WorkItem
{
    public override Task ExecuteAsync(ActivationData activation) => activation.DeactivateAsync(reason, failure);

    public override void OnCompleted(Task turn) => _ = turn.Exception;

    public override void Reroute(ActivationData closed, Exception? failure)
    {
    }
}
