using System.Diagnostics;
using FlashSale.Api.V1;
using FlashSale.Silo.Monitoring;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace FlashSale.Silo.Interceptors;

/// <summary>
/// Counts every call by method and status and times it; counts grabs by result, payments and
/// refunds, and feeds this silo's <see cref="LiveStats"/> (grabs per second, p99, rejections by
/// reason) for the dashboard and the alerts. Registered before the exception mapping, so it sees
/// the status the client sees.
/// </summary>
public sealed class MetricsInterceptor(FlashSaleMetrics metrics, LiveStats stats) : Interceptor
{
    private const string ShopPrefix = "/flashsale.v1.Shop/";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        var status = StatusCode.OK;
        metrics.InFlight.Add(1);
        try
        {
            var response = await continuation(request, context).ConfigureAwait(false);
            Observe(context.Method, response, Stopwatch.GetElapsedTime(started));
            return response;
        }
        catch (Exception exception)
        {
            status = StatusOf(exception);
            if (status == StatusCode.ResourceExhausted && context.Method.StartsWith(ShopPrefix, StringComparison.Ordinal))
            {
                stats.RecordRejection("resource_exhausted");
            }

            throw;
        }
        finally
        {
            metrics.InFlight.Add(-1);
            Record(context.Method, status, started);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        var status = StatusCode.OK;
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            status = StatusOf(exception);
            throw;
        }
        finally
        {
            Record(context.Method, status, started);
        }
    }

    private static StatusCode StatusOf(Exception exception) => exception switch
    {
        RpcException rpc => rpc.StatusCode,
        OperationCanceledException => StatusCode.Cancelled,
        _ => StatusCode.Unknown,
    };

    private void Record(string method, StatusCode status, long started)
    {
        var methodTag = new KeyValuePair<string, object?>("method", method);
        metrics.Calls.Add(1, methodTag, new KeyValuePair<string, object?>("status", FlashSaleMetrics.StatusName(status)));
        metrics.CallDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, methodTag);
    }

    private void Observe<TResponse>(string method, TResponse response, TimeSpan elapsed)
    {
        switch (response)
        {
            case GrabReply grab:
                var ok = grab.Result == ResultCode.Ok;
                var result = FlashSaleMetrics.ResultName(grab.Result);
                metrics.Grabs.Add(1, new KeyValuePair<string, object?>("result", result));
                stats.RecordGrab(ok, ok ? null : result, elapsed);
                break;
            case PayReply { Result: ResultCode.Ok }:
                metrics.Payments.Add(1);
                stats.RecordPayment();
                break;
            case RefundOrderReply { Result: ResultCode.Ok }:
                RecordRefund();
                break;
            case IMessage message when method.Contains("/Return", StringComparison.Ordinal) && IsOk(message):
                // A shopper's return (after-sales) refunds too, whatever its reply is called.
                RecordRefund();
                break;
        }
    }

    private void RecordRefund()
    {
        metrics.Refunds.Add(1);
        stats.RecordRefund();
    }

    private static bool IsOk(IMessage message) =>
        message.Descriptor.FindFieldByName("result") is { FieldType: Google.Protobuf.Reflection.FieldType.Enum } field
        && Convert.ToInt32(field.Accessor.GetValue(message), System.Globalization.CultureInfo.InvariantCulture) == (int)ResultCode.Ok;
}
