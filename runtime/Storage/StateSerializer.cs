using System.Text.Json;
using Google.Protobuf;

namespace FlashSale.Runtime.Storage;

/// <summary>Grain state to bytes: protobuf for protobuf messages (what the grains use), System.Text.Json
/// otherwise. Decided once per state type.</summary>
internal static class StateSerializer<TState> where TState : class, new()
{
    private static readonly bool IsProtobuf = typeof(IMessage).IsAssignableFrom(typeof(TState));

    public static byte[] Serialize(TState state) =>
        IsProtobuf ? ((IMessage)state).ToByteArray() : JsonSerializer.SerializeToUtf8Bytes(state);

    public static TState Deserialize(byte[] data)
    {
        if (IsProtobuf)
        {
            var state = new TState();
            ((IMessage)state).MergeFrom(data);
            return state;
        }

        return JsonSerializer.Deserialize<TState>(data) ?? new TState();
    }
}
