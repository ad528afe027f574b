using FlashSale.Grains.Events;
using FlashSale.Grains.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;
using Orleans.Serialization.Serializers;

namespace FlashSale.Grains;

/// <summary>Wires the FlashSale domain into an Orleans silo with one call.</summary>
public static class FlashSaleGrainsRegistration
{
    /// <summary>Adds what the grains need besides storage (which FlashSale.Storage registers): the
    /// protobuf codec for grain arguments and results and, unless another one is registered first,
    /// the in-process <see cref="IRoomEventBus"/> and the system <see cref="TimeProvider"/>. The
    /// grain classes themselves are found by Orleans from this assembly.</summary>
    public static ISiloBuilder AddFlashSaleGrains(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddFlashSaleSerialization();
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.TryAddSingleton<IRoomEventBus>(static sp => new InProcessRoomEventBus(sp.GetRequiredService<TimeProvider>()));
        return silo;
    }

    /// <summary>Registers <see cref="ProtobufMessageCodec"/> with Orleans' serializer (also for
    /// clients of a cluster).</summary>
    public static IServiceCollection AddFlashSaleSerialization(this IServiceCollection services)
    {
        services.TryAddSingleton<ProtobufMessageCodec>();
        return services.AddSerializer(serializer =>
        {
            serializer.Services.AddSingleton<IGeneralizedCodec>(static sp => sp.GetRequiredService<ProtobufMessageCodec>());
            serializer.Services.AddSingleton<IGeneralizedCopier>(static sp => sp.GetRequiredService<ProtobufMessageCodec>());
            serializer.Services.AddSingleton<ITypeFilter>(static sp => sp.GetRequiredService<ProtobufMessageCodec>());
        });
    }
}
