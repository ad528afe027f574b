namespace FlashSale.Runtime.Activation;

/// <summary>Persistent state attached to an activation: read before <c>OnActivateAsync</c>.</summary>
internal interface IStateLoader
{
    Task ReadStateAsync(CancellationToken cancellationToken);
}
