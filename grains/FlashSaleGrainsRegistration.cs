using FlashSale.Grains.Coupons;
using FlashSale.Grains.Drop;
using FlashSale.Grains.Events;
using FlashSale.Grains.Rooms;
using FlashSale.Grains.Shoppers;
using FlashSale.Grains.Wallet;
using FlashSale.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FlashSale.Grains;

/// <summary>Wires the FlashSale domain into a grain runtime with one call.</summary>
public static class FlashSaleGrainsRegistration
{
    /// <summary>Registers every domain grain and, unless another one is registered first, the
    /// in-process <see cref="IRoomEventBus"/> and the system <see cref="TimeProvider"/>.</summary>
    public static IGrainRuntimeBuilder AddFlashSaleGrains(this IGrainRuntimeBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton(static sp => new OrderRows(sp.GetRequiredService<Runtime.Storage.IGrainStorage>()));
        builder.Services.TryAddSingleton<IRoomEventBus>(static sp => new InProcessRoomEventBus(sp.GetRequiredService<TimeProvider>()));
        return builder
            .AddGrain<IDropGrain, DropGrain>(DropGrainMethods.GrainType, static (i, id) => new DropGrainReference(i, id), DropGrainMethods.All)
            .AddGrain<IWalletGrain, WalletGrain>(WalletGrainMethods.GrainType, static (i, id) => new WalletGrainReference(i, id), WalletGrainMethods.All)
            .AddGrain<ICouponPoolGrain, CouponPoolGrain>(CouponPoolGrainMethods.GrainType, static (i, id) => new CouponPoolGrainReference(i, id), CouponPoolGrainMethods.All)
            .AddGrain<ILiveRoomGrain, LiveRoomGrain>(LiveRoomGrainMethods.GrainType, static (i, id) => new LiveRoomGrainReference(i, id), LiveRoomGrainMethods.All)
            .AddGrain<IRoomDirectoryGrain, RoomDirectoryGrain>(RoomDirectoryGrainMethods.GrainType, static (i, id) => new RoomDirectoryGrainReference(i, id), RoomDirectoryGrainMethods.All)
            .AddGrain<IShopperGrain, ShopperGrain>(ShopperGrainMethods.GrainType, static (i, id) => new ShopperGrainReference(i, id), ShopperGrainMethods.All);
    }
}
