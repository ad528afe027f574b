using System.Buffers;
using System.IO.Pipelines;
using FlashSale.Silo.Protocol;
using FlashSale.Testing;
using Grpc.Health.V1;

namespace FlashSale.Silo.Tests.Protocol;

public sealed class MessageReaderTests
{
    [Fact]
    public async Task ReadSingleMessage_EveryByteInItsOwnSegment_ParsesTheMessage()
    {
        var frame = RawGrpcClient.Frame(new HealthCheckRequest { Service = "straddling header" });
        var reader = PipeReader.Create(OneSegmentPerByte(frame));

        var message = await MessageReader.ReadSingleMessageAsync(reader, HealthCheckRequest.Parser, 1024, null, default);

        Assert.Equal("straddling header", message.Service);
    }

    [Fact]
    public async Task ReadSingleMessage_HeaderArrivesInTwoWrites_WaitsThenParses()
    {
        var pipe = new Pipe();
        var frame = RawGrpcClient.Frame(new HealthCheckRequest { Service = "later" });
        await pipe.Writer.WriteAsync(frame.AsMemory(0, 3));

        var read = MessageReader.ReadSingleMessageAsync(pipe.Reader, HealthCheckRequest.Parser, 1024, null, default).AsTask();
        await Task.Yield();
        var completedEarly = read.IsCompleted;
        await pipe.Writer.WriteAsync(frame.AsMemory(3));
        await pipe.Writer.CompleteAsync();
        var message = await read.WithTimeout();

        Assert.False(completedEarly);
        Assert.Equal("later", message.Service);
    }

    [Fact]
    public async Task ReadSingleMessage_DeclaredLengthOverLimit_ThrowsResourceExhaustedBeforePayload()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(new byte[] { 0, 0, 0, 4, 0 });

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            MessageReader.ReadSingleMessageAsync(pipe.Reader, HealthCheckRequest.Parser, 1000, null, default).AsTask().WithTimeout());

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    private static ReadOnlySequence<byte> OneSegmentPerByte(byte[] bytes)
    {
        var first = new Segment(bytes.AsMemory(0, 1), 0);
        var last = first;
        for (var i = 1; i < bytes.Length; i++)
        {
            last = last.Append(bytes.AsMemory(i, 1));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
