using FlashSale.Testing.Servers;

namespace FlashSale.Storage.Tests.Postgres;

/// <summary>One throwaway PostgreSQL server shared by the PostgreSQL test classes (each class
/// creates its own database on it).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "postgres";
}
