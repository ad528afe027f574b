using FlashSale.Api.V1;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;
using Google.Protobuf;

namespace FlashSale.Silo.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class BadFramingTests
{
    private const string GrabPath = "/flashsale.v1.Shop/Grab";
    private const string Internal = "13";
    private const string ResourceExhausted = "8";
    private const string Unknown = "2";
    private const int FourMiB = 4 * 1024 * 1024;

    public static TheoryData<string, byte[], string> BrokenBodies => new()
    {
        // name, request body, expected grpc-status
        { "length prefix cut short", [0, 0, 0], Internal },
        { "message truncated", RawGrpcCaller.Frame(new byte[10], declaredLength: 50), Internal },
        // grpc-dotnet: a request that fails to deserialize, or a length prefix past int.MaxValue, is
        // UNKNOWN "Exception was thrown by handler." (it fails before any interceptor could map it).
        { "invalid protobuf", RawGrpcCaller.Frame([0x0A, 0x05, 0x61]), Unknown },
        { "compressed flag without grpc-encoding", RawGrpcCaller.Frame(ValidGrab().ToByteArray(), flag: 1), Internal },
        { "length prefix declares 4 GiB", RawGrpcCaller.Frame([], declaredLength: uint.MaxValue), Unknown },
        { "length prefix declares 4 MiB and 1 byte", RawGrpcCaller.Frame([], declaredLength: FourMiB + 1), ResourceExhausted },
        { "message one byte over 4 MiB", RawGrpcCaller.Frame(new byte[FourMiB + 1]), ResourceExhausted },
    };

    [Theory]
    [MemberData(nameof(BrokenBodies))]
    public async Task Grab_WithBrokenFraming_GetsTheSpecStatusAndSiloKeepsServing(string name, byte[] body, string expectedStatus)
    {
        // Arrange
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { Storage = "memory" });
        var (_, dropId) = await silo.OpenDropAsync(quantity: 5);
        using var raw = new RawGrpcCaller(silo.GrpcAddress);

        // Act
        var result = await raw.CallAsync(GrabPath, body);
        var after = await silo.Shop.GrabAsync(dropId, "after-" + name.Replace(' ', '-')).WithTimeout();

        // Assert
        Assert.True(expectedStatus == result.GrpcStatus, $"{name}: {result}");
        Assert.Equal(System.Net.HttpStatusCode.OK, result.HttpStatus);
        Assert.Equal(ResultCode.Ok, after.Result);
    }

    [Fact]
    public async Task Grab_WithWellFormedRawFrame_Succeeds()
    {
        // The control for the theory above: the raw caller itself is not what breaks the calls.
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { Storage = "memory" });
        var (_, dropId) = await silo.OpenDropAsync(quantity: 5);
        using var raw = new RawGrpcCaller(silo.GrpcAddress);
        var request = ValidGrab();
        request.DropId = dropId;

        var result = await raw.CallAsync(GrabPath, RawGrpcCaller.Frame(request), [new("authorization", "Bearer " + TestAuth.Tokens.For(request.UserId))]);

        Assert.True(result.GrpcStatus == "0", result.ToString());
        var reply = GrabReply.Parser.ParseFrom(result.Body.AsSpan(5));
        Assert.Equal(ResultCode.Ok, reply.Result);
    }

    private static GrabRequest ValidGrab() =>
        new() { DropId = "some-drop", UserId = "raw-user", Quantity = 1, IdempotencyKey = "raw-key" };
}
