using FlashSale.Runtime.Hosting;
using FlashSale.Runtime.Storage.InMemory;
using FlashSale.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Runtime.Tests.GroupCommit;

/// <summary>A runtime with the batch-log grain on counting storage.</summary>
internal sealed class GroupCommitHost : IAsyncDisposable
{
    private readonly GrainRuntimeHost _host;

    private GroupCommitHost(GrainRuntimeHost host, GroupCommitProbe probe, CountingGrainStorage storage)
    {
        _host = host;
        Probe = probe;
        Storage = storage;
    }

    public GroupCommitProbe Probe { get; }

    public CountingGrainStorage Storage { get; }

    public static async Task<GroupCommitHost> StartAsync(Action<GrainRuntimeOptions>? options = null)
    {
        var probe = new GroupCommitProbe();
        var storage = new CountingGrainStorage();
        var host = await GrainRuntimeHost.StartAsync(services =>
        {
            services.AddSingleton(probe);
            services
                .AddGrainRuntime(options)
                .AddGrain<IBatchLogGrain, BatchLogGrain>(BatchLogGrainMethods.GrainType, static (invoker, id) => new BatchLogGrainReference(invoker, id), BatchLogGrainMethods.All)
                .UseStorage(_ => storage, static _ => new InMemoryReminderTable());
        }).WithTimeout();
        return new GroupCommitHost(host, probe, storage);
    }

    public IBatchLogGrain Log(string key) => _host.GrainFactory.GetGrain<IBatchLogGrain>(key);

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
