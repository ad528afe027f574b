using FlashSale.Api.V1;
using FlashSale.Grains;
using Grpc.Core;

namespace FlashSale.Silo.Services;

public sealed partial class AdminService
{
    public const int MaxEnvelopes = 10_000;

    public override async Task<DropCommandReply> PauseDrop(PauseDropRequest request, ServerCallContext context)
    {
        Validate.Id(request.DropId, "drop_id");
        Validate.Text(request.Reason, 200, "reason");
        return await grains.Resolve<IDropGrain>(request.DropId).Pause(request, context.CancellationToken);
    }

    public override async Task<DropCommandReply> ResumeDrop(ResumeDropRequest request, ServerCallContext context)
    {
        Validate.Id(request.DropId, "drop_id");
        return await grains.Resolve<IDropGrain>(request.DropId).Resume(NoArgument, context.CancellationToken);
    }

    public override async Task<StartEnvelopeRainReply> StartEnvelopeRain(StartEnvelopeRainRequest request, ServerCallContext context)
    {
        Validate.Id(request.RainId, "rain_id");
        Validate.Id(request.RoomId, "room_id");
        Validate.Range(request.Count, 1, MaxEnvelopes, "count");
        if (request.TotalAmount < request.Count || request.TotalAmount > Validate.MaxMoney)
        {
            throw Validate.Invalid("total_amount", $"must be between count ({request.Count}, 1 fen per envelope) and {Validate.MaxMoney}");
        }

        Validate.Timestamp(request.StartsAt, "starts_at");
        Validate.Range(request.DurationSeconds, 1, 86_400, "duration_seconds");
        Validate.Text(request.Password, Validate.MaxPasswordLength, "password");
        var room = await ShopService.RoomStatusOrNotFound(grains, request.RoomId, context.CancellationToken);
        var rain = grains.Resolve<IEnvelopeRainGrain>(request.RainId);
        if (room.State == RoomState.Ended)
        {
            // A retry of a rain started before the room ended still gets its answer.
            var existing = await rain.GetStatus(NoArgument, context.CancellationToken);
            if (existing.State == EnvelopeRainState.Unspecified)
            {
                return new StartEnvelopeRainReply { Result = ResultCode.RoomEnded };
            }
        }

        return await rain.Start(request, context.CancellationToken);
    }

    public override async Task<EnvelopeRainStatus> GetEnvelopeRainStatus(GetEnvelopeRainStatusRequest request, ServerCallContext context)
    {
        Validate.Id(request.RainId, "rain_id");
        var status = await grains.Resolve<IEnvelopeRainGrain>(request.RainId).GetStatus(NoArgument, context.CancellationToken);
        return status.State == EnvelopeRainState.Unspecified
            ? throw new RpcException(new Status(StatusCode.NotFound, $"envelope rain '{request.RainId}' not found"))
            : status;
    }
}
