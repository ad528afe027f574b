using FlashSale.Api.V1;
using FlashSale.Grains;
using FlashSale.Grains.Protos;
using Grpc.Core;

namespace FlashSale.Silo.Services;

public sealed partial class ShopService
{
    public override async Task<ReturnOrderReply> ReturnOrder(ReturnOrderRequest request, ServerCallContext context)
    {
        Validate.OrderId(request.OrderId, "order_id");
        Validate.Id(request.UserId, "user_id");
        Validate.Key(request.IdempotencyKey);
        return await grains.Resolve<IShopperGrain>(request.UserId).Return(request, context.CancellationToken);
    }

    // Straight to the rain, like a grab to its drop: the rain enforces once per user itself.
    public override async Task<ClaimEnvelopeReply> ClaimEnvelope(ClaimEnvelopeRequest request, ServerCallContext context)
    {
        Validate.Id(request.RainId, "rain_id");
        Validate.Id(request.UserId, "user_id");
        Validate.Text(request.Password, Validate.MaxPasswordLength, "password");
        Validate.Key(request.IdempotencyKey);
        return await grains.Resolve<IEnvelopeRainGrain>(request.RainId)
            .Claim(new EnvelopeClaim { UserId = request.UserId, Password = request.Password }, context.CancellationToken);
    }
}
