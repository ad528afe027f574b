using FlashSale.Runtime.Activation;
using FlashSale.Runtime.Messaging;

namespace FlashSale.Runtime.Reminders;

/// <summary>A due reminder delivered as a turn; rerouted like a call if the activation closes.</summary>
internal sealed class ReminderWorkItem(GrainTypeInfo type, GrainId grainId, string name, CancellationToken cancellationToken)
    : CallWorkItem<bool>(type, grainId, cancellationToken)
{
    public override Task ExecuteAsync(ActivationData activation) =>
        activation.Grain is IRemindable remindable
            ? remindable.ReceiveReminder(name, CancellationToken)
            : System.Threading.Tasks.Task.FromException(new InvalidOperationException($"grain {activation.GrainId} does not implement IRemindable"));

    protected override bool GetResult(Task turn) => true;
}
