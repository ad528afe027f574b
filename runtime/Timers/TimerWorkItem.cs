using FlashSale.Runtime.Activation;
using FlashSale.Runtime.Scheduling;

namespace FlashSale.Runtime.Timers;

/// <summary>One timer tick queued as a turn. Timers die with their activation: a tick that finds
/// the activation closed is dropped.</summary>
internal sealed class TimerWorkItem(GrainTimer timer) : WorkItem
{
    public override Task ExecuteAsync(ActivationData activation) => timer.RunTickAsync();

    public override void OnCompleted(Task turn) => timer.OnTickCompleted(turn);

    public override void Reroute(ActivationData closed, Exception? failure)
    {
    }
}
