using System.Net;
using System.Net.Http.Headers;
using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Silo.Auth;
using FlashSale.Silo.Services;
using FlashSale.Silo.Tests.EndToEnd;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static FlashSale.Silo.Tests.Fixtures.SiloScenario;

namespace FlashSale.Silo.Tests.Auth;

/// <summary>The read-only operator token: the Admin service's queries answer it, its mutations
/// refuse it with PERMISSION_DENIED, and the admin token keeps doing everything. The "operator"
/// policy on an HTTP endpoint accepts either token (header or cookie) and nothing else.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class OperatorRoleTests(AuthSiloFixture fixture) : IClassFixture<AuthSiloFixture>
{
    [Fact]
    public async Task OperatorToken_ReadOnlyQueries_AreOk()
    {
        var ops = new AdminClient(fixture.Bare, fixture.Silo.OperatorToken);

        var room = await ops.GetRoomStatusAsync(new GetRoomStatusRequest { RoomId = fixture.RoomId }).WithTimeout();
        var drop = await ops.GetDropStatusAsync(new GetDropStatusRequest { DropId = fixture.DropId }).WithTimeout();
        var pool = await ops.GetCouponPoolStatusAsync(new GetCouponPoolStatusRequest { PoolId = fixture.PoolId }).WithTimeout();
        var orders = await ops.ListDropOrdersAsync(new ListDropOrdersRequest { DropId = fixture.DropId }).WithTimeout();

        Assert.Equal(fixture.RoomId, room.RoomId);
        Assert.Equal(fixture.DropId, drop.DropId);
        Assert.Equal(fixture.PoolId, pool.PoolId);
        Assert.NotNull(orders);
    }

    [Fact]
    public async Task OperatorToken_Mutations_ArePermissionDeniedAndChangeNothing()
    {
        var ops = new AdminClient(fixture.Bare, fixture.Silo.OperatorToken);
        var roomId = NewId("ops-room");

        var create = await AssertStatusAsync(StatusCode.PermissionDenied, () => ops.CreateRoomAsync(new CreateRoomRequest { RoomId = roomId, Title = "no" }));
        await AssertStatusAsync(StatusCode.PermissionDenied, () => ops.EndRoomAsync(new RoomCommand { RoomId = fixture.RoomId }));
        await AssertStatusAsync(StatusCode.PermissionDenied, () => ops.CreditWalletAsync(new CreditWalletRequest { UserId = "ops", Amount = 1, IdempotencyKey = "k", Reason = "r" }));
        await AssertStatusAsync(StatusCode.PermissionDenied, () => ops.RefundOrderAsync(new RefundOrderRequest { OrderId = fixture.DropId + "/1", IdempotencyKey = "k", Reason = "r" }));

        Assert.Contains("read-only", create.Status.Detail, StringComparison.Ordinal);
        await AssertStatusAsync(StatusCode.NotFound, () => fixture.Silo.Admin.GetRoomStatusAsync(new GetRoomStatusRequest { RoomId = roomId }));
        Assert.Equal(RoomState.Live, (await fixture.Silo.Admin.GetRoomStatusAsync(new GetRoomStatusRequest { RoomId = fixture.RoomId }).WithTimeout()).State);
    }

    [Fact]
    public async Task AdminToken_StillDoesEverything_AndShopperTokenIsNoAdminCredential()
    {
        var admin = new AdminClient(fixture.Bare, fixture.Silo.AdminToken);
        var asShopper = new AdminClient(fixture.Bare, TestAuth.Tokens.For("alice"));
        var roomId = NewId("admin-room");

        var created = await admin.CreateRoomAsync(new CreateRoomRequest { RoomId = roomId, Title = "yes" }).WithTimeout();
        var status = await admin.GetRoomStatusAsync(new GetRoomStatusRequest { RoomId = roomId }).WithTimeout();
        await AssertStatusAsync(StatusCode.PermissionDenied, () => asShopper.GetRoomStatusAsync(new GetRoomStatusRequest { RoomId = roomId }));

        Assert.Equal(ResultCode.Ok, created.Result);
        Assert.Equal(RoomState.Scheduled, status.State);
    }

    [Fact]
    public async Task OperatorPolicy_OnHttpEndpoint_AcceptsOperatorAndAdminTokens_RefusesOthers()
    {
        await using var app = await StartPolicyAppAsync("admin-secret-0123456789", "operator-secret-0123456789");
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = TimeSpan.FromSeconds(10) };

        var none = await GetAsync(http, header: null, cookie: null);
        var wrong = await GetAsync(http, header: "not-a-token", cookie: null);
        var shopper = await GetAsync(http, header: TestAuth.Tokens.For("alice"), cookie: null);
        var asOperator = await GetAsync(http, header: "operator-secret-0123456789", cookie: null);
        var asAdmin = await GetAsync(http, header: "admin-secret-0123456789", cookie: null);
        var byCookie = await GetAsync(http, header: null, cookie: "operator-secret-0123456789");

        Assert.Equal((HttpStatusCode.Unauthorized, ""), none);
        Assert.Equal((HttpStatusCode.Unauthorized, ""), wrong);
        Assert.Equal((HttpStatusCode.Unauthorized, ""), shopper);
        Assert.Equal((HttpStatusCode.OK, Roles.Operator), asOperator);
        Assert.Equal((HttpStatusCode.OK, Roles.Admin), asAdmin);
        Assert.Equal((HttpStatusCode.OK, Roles.Operator), byCookie);
    }

    private static async Task<(HttpStatusCode, string)> GetAsync(HttpClient http, string? header, string? cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ops");
        if (header is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", header);
        }

        if (cookie is not null)
        {
            request.Headers.Add("Cookie", $"{OperatorAuth.CookieName}={cookie}");
        }

        using var response = await http.SendAsync(request).WithTimeout();
        return (response.StatusCode, await response.Content.ReadAsStringAsync().WithTimeout());
    }

    /// <summary>A bare Kestrel app with the silo's authentication and one endpoint behind the policy,
    /// as the dashboard and /metrics use it.</summary>
    private static async Task<WebApplication> StartPolicyAppAsync(string adminToken, string operatorToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton(new AdminAuthorizer(adminToken, operatorToken));
        builder.Services.AddFlashSaleAuth(new ShopperAuthOptions(), TestAuth.SigningKey);
        var app = builder.Build();
        app.MapGet("/ops", (HttpContext context) => context.User.FindFirst(System.Security.Claims.ClaimTypes.Role)!.Value)
            .RequireAuthorization(OperatorAuth.Policy);
        await app.StartAsync().WithTimeout();
        return app;
    }
}
