using FlashSale.Runtime.Storage;
using FlashSale.Runtime.Storage.Postgres;
using FlashSale.Runtime.Tests.Storage.StagedRows;
using FlashSale.Testing.Servers;

namespace FlashSale.Runtime.Tests.Storage.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresGrainStorageTests(PostgresServerFixture postgres) : GrainStorageConformanceTests, IDisposable
{
    private readonly PostgresDatabase _database = new(postgres.Server.CreateUniqueDatabase());

    protected override IGrainStorage Storage => new PostgresGrainStorage(_database);

    public void Dispose() => _database.Dispose();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresReminderTableTests(PostgresServerFixture postgres) : ReminderTableConformanceTests, IDisposable
{
    private readonly PostgresDatabase _database = new(postgres.Server.CreateUniqueDatabase());

    protected override IReminderTable Table => new PostgresReminderTable(_database);

    public void Dispose() => _database.Dispose();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresStagedRowTests(PostgresServerFixture postgres) : StagedRowStorageConformanceTests, IDisposable
{
    private readonly PostgresDatabase _database = new(postgres.Server.CreateUniqueDatabase());

    protected override IRowStagingGrainStorage Storage => new PostgresGrainStorage(_database);

    public void Dispose() => _database.Dispose();
}
