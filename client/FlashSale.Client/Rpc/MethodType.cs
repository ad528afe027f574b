namespace FlashSale.Client;

/// <summary>The call shapes this client supports.</summary>
public enum MethodType
{
    /// <summary>One request, one reply.</summary>
    Unary,

    /// <summary>One request, a stream of replies.</summary>
    ServerStreaming,
}
