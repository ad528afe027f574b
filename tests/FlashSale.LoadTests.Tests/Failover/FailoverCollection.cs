namespace FlashSale.LoadTests.Tests.Failover;

/// <summary>The failover runs start silo processes and load them: one at a time, never beside each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FailoverCollection
{
    public const string Name = "failover processes";
}
