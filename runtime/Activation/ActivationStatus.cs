namespace FlashSale.Runtime.Activation;

/// <summary>Life cycle of one activation.</summary>
internal enum ActivationStatus
{
    Activating,
    Valid,
    Deactivating,
    Invalid,
}
