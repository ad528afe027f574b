using System.Runtime.CompilerServices;
using Grpc.Core;

namespace FlashSale.Client;

/// <summary>Server-streaming calls as <see cref="IAsyncEnumerable{T}"/>: the call starts on the first
/// <c>MoveNextAsync</c> and is disposed (cancelling it on the server if still running) when the
/// enumeration ends, early or not.</summary>
internal static class ServerStreams
{
    public static async IAsyncEnumerable<T> ReadAllAsync<T>(
        Func<AsyncServerStreamingCall<T>> start,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var call = start();
        // The call's own options carry the caller's token; the enumerator's (WithCancellation) is linked in.
        while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            yield return call.ResponseStream.Current;
        }
    }
}
