using FlashSale.Runtime;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Runtime.Tests.TestGrains;

/// <summary>The test grain: a persisted counter plus hooks to block, wait and observe turns.</summary>
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Read-modify-write with awaits in the middle; returns the new value.</summary>
    Task<Int64Value> Add(Int32Value request, CancellationToken cancellationToken = default);

    Task<Int64Value> Get(Empty request, CancellationToken cancellationToken = default);

    /// <summary>Read-only; waits until <see cref="Probe.ReaderBarrier"/> readers are inside at once.</summary>
    Task<Int32Value> ReadTogether(Empty request, CancellationToken cancellationToken = default);

    /// <summary>Holds the turn until <see cref="Probe.Gate"/> opens.</summary>
    Task<Empty> Block(Empty request, CancellationToken cancellationToken = default);

    Task<Empty> Deactivate(Empty request, CancellationToken cancellationToken = default);

    /// <summary>Starts a timer with the given period in seconds (also its due time).</summary>
    Task<Empty> StartTimer(Int32Value request, CancellationToken cancellationToken = default);

    /// <summary>Sets reminder "r" due the given number of seconds from now.</summary>
    Task<Empty> SetReminder(Int32Value request, CancellationToken cancellationToken = default);

    Task<StringValue> Echo(StringValue request, CancellationToken cancellationToken = default);
}

public static class CounterGrainMethods
{
    public static readonly GrainMethod<ICounterGrain, Int32Value, Int64Value> Add =
        new("counter", "Add", 1, Int32Value.Parser, Int64Value.Parser, static (g, r, ct) => g.Add(r, ct));

    public static readonly GrainMethod<ICounterGrain, Empty, Int64Value> Get =
        new("counter", "Get", 2, Empty.Parser, Int64Value.Parser, static (g, r, ct) => g.Get(r, ct), GrainMethodOptions.ReadOnly);

    public static readonly GrainMethod<ICounterGrain, Empty, Int32Value> ReadTogether =
        new("counter", "ReadTogether", 3, Empty.Parser, Int32Value.Parser, static (g, r, ct) => g.ReadTogether(r, ct), GrainMethodOptions.ReadOnly);

    public static readonly GrainMethod<ICounterGrain, Empty, Empty> Block =
        new("counter", "Block", 4, Empty.Parser, Empty.Parser, static (g, r, ct) => g.Block(r, ct));

    public static readonly GrainMethod<ICounterGrain, Empty, Empty> Deactivate =
        new("counter", "Deactivate", 5, Empty.Parser, Empty.Parser, static (g, r, ct) => g.Deactivate(r, ct));

    public static readonly GrainMethod<ICounterGrain, Int32Value, Empty> StartTimer =
        new("counter", "StartTimer", 6, Int32Value.Parser, Empty.Parser, static (g, r, ct) => g.StartTimer(r, ct));

    public static readonly GrainMethod<ICounterGrain, Int32Value, Empty> SetReminder =
        new("counter", "SetReminder", 7, Int32Value.Parser, Empty.Parser, static (g, r, ct) => g.SetReminder(r, ct));

    public static readonly GrainMethod<ICounterGrain, StringValue, StringValue> Echo =
        new("counter", "Echo", 8, StringValue.Parser, StringValue.Parser, static (g, r, ct) => g.Echo(r, ct));

    public static readonly GrainMethod[] All = [Add, Get, ReadTogether, Block, Deactivate, StartTimer, SetReminder, Echo];
}

internal sealed class CounterGrainReference(IGrainCallInvoker invoker, GrainId id) : GrainReference(invoker, id), ICounterGrain
{
    public Task<Int64Value> Add(Int32Value request, CancellationToken cancellationToken = default) => Invoke(CounterGrainMethods.Add, request, cancellationToken);

    public Task<Int64Value> Get(Empty request, CancellationToken cancellationToken = default) => Invoke(CounterGrainMethods.Get, request, cancellationToken);

    public Task<Int32Value> ReadTogether(Empty request, CancellationToken cancellationToken = default) => Invoke(CounterGrainMethods.ReadTogether, request, cancellationToken);

    public Task<Empty> Block(Empty request, CancellationToken cancellationToken = default) => Invoke(CounterGrainMethods.Block, request, cancellationToken);

    public Task<Empty> Deactivate(Empty request, CancellationToken cancellationToken = default) => Invoke(CounterGrainMethods.Deactivate, request, cancellationToken);

    public Task<Empty> StartTimer(Int32Value request, CancellationToken cancellationToken = default) => Invoke(CounterGrainMethods.StartTimer, request, cancellationToken);

    public Task<Empty> SetReminder(Int32Value request, CancellationToken cancellationToken = default) => Invoke(CounterGrainMethods.SetReminder, request, cancellationToken);

    public Task<StringValue> Echo(StringValue request, CancellationToken cancellationToken = default) => Invoke(CounterGrainMethods.Echo, request, cancellationToken);
}
