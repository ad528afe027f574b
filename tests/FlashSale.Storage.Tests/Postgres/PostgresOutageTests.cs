using FlashSale.Storage.Domain;
using FlashSale.Storage.Hosting;
using FlashSale.Storage.Tests.Support;
using FlashSale.Testing;
using FlashSale.Testing.Servers;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;

namespace FlashSale.Storage.Tests.Postgres;

/// <summary>Takes a real PostgreSQL away under a running silo and brings it back. Has its own server
/// (not the shared collection one) because it stops it.</summary>
public sealed class PostgresOutageTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    [Fact]
    public async Task PostgresStopped_GrainStorageAndDomainStoresFailUnavailable_ThenRecoverWithoutRestart()
    {
        var server = postgres.Server;
        var options = new FlashSaleStorageOptions { Kind = FlashSaleStorageOptions.PostgresKind, PostgresConnectionString = server.CreateUniqueDatabase() };
        options.Resilience.BreakDuration = TimeSpan.FromSeconds(1);
        options.Resilience.MinimumThroughput = 3;
        options.Resilience.SamplingDuration = TimeSpan.FromSeconds(5);
        await using var silo = await TestSilo.StartAsync(options);
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(FlashSaleStorage.ProviderName);
        var drops = silo.Services.GetRequiredService<IDropStore>();
        var id = GrainId.Create("outage", "g");
        var state = new TestGrainState<StringValue> { State = new StringValue { Value = "before" } };
        await storage.WriteStateAsync("s", id, state).WithTimeout();
        var dropEtag = await drops.WriteAsync("d", "before"u8.ToArray(), null, [], default).WithTimeout();

        server.Stop();
        state.State = new StringValue { Value = "during" };
        var grainFailure = await Record.ExceptionAsync(() => storage.WriteStateAsync("s", id, state).WithTimeout());
        var dropFailure = await Record.ExceptionAsync(() => drops.WriteAsync("d", "during"u8.ToArray(), dropEtag, [], default).WithTimeout());
        server.Start();
        var recovered = await Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    await storage.WriteStateAsync("s", id, state);
                    return true;
                }
                catch (StorageUnavailableException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(30));
        var read = new TestGrainState<StringValue>();
        await storage.ReadStateAsync("s", id, read).WithTimeout();

        Assert.IsType<StorageUnavailableException>(grainFailure);
        Assert.IsType<StorageUnavailableException>(dropFailure);
        Assert.True(recovered, "writes did not succeed again after PostgreSQL came back");
        Assert.Equal("during", read.State.Value);
        Assert.Equal(state.ETag, read.ETag);
    }
}
