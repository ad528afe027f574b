namespace FlashSale.Silo.Tests.Hosts;

/// <summary>How the silo holding the drop is cut off.</summary>
public enum PartitionKind
{
    /// <summary>Its link goes down: it reaches neither the other silos nor the database, and no
    /// client reaches it (a host whose network dies).</summary>
    LinkDown,

    /// <summary>Only silo-to-silo traffic is cut: it still reaches the database and clients still
    /// reach it, so it could go on selling from what it holds (the dangerous partition).</summary>
    PeersOnly,
}
