namespace FlashSale.Runtime;

/// <summary>Marker for grain interfaces. Every method returns <c>Task&lt;TResponse&gt;</c> of a
/// protobuf message and takes one protobuf message plus an optional <see cref="CancellationToken"/>,
/// so a call can cross a silo boundary as bytes.</summary>
public interface IGrain;

/// <summary>A grain addressed by a string key.</summary>
public interface IGrainWithStringKey : IGrain;

/// <summary>Grains that receive durable reminders implement this.</summary>
public interface IRemindable : IGrain
{
    /// <summary>Runs as a turn of the activation when a reminder registered with
    /// <see cref="Grain.SetReminderAsync"/> is due. Reminders survive silo restarts.</summary>
    Task ReceiveReminder(string name, CancellationToken cancellationToken);
}
