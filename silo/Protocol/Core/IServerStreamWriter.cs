namespace FlashSale.Silo.Protocol;

/// <summary>Writes the response messages of a server-streaming call.</summary>
/// <typeparam name="T">The response message type.</typeparam>
public interface IServerStreamWriter<in T>
{
    /// <summary>
    /// Sends one message. The returned task completes when the transport accepted it, which is how
    /// backpressure reaches a slow reader. Calls must not overlap: await each before the next.
    /// Throws <see cref="InvalidOperationException"/> once the call has ended (deadline, cancel).
    /// </summary>
    Task WriteAsync(T message);
}
