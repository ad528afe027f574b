using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FlashSale.Silo.Auth;

/// <summary>Authenticates one self-signed token through the whole JwtBearer path once the silo has
/// started, in the background: the first shoppers of a drop then do not wait while the runtime
/// compiles IdentityModel's validation code (seconds on a loaded 2-core machine, paid by every
/// caller of the opening second). Only with the silo's own key; an authority's keys come later.</summary>
internal sealed class AuthWarmUp(IServiceProvider services, ShopperAuthOptions auth, byte[] signingKey, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = Task.Run(WarmUpAsync));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task WarmUpAsync()
    {
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object> { [ShopperAuthenticator.SubjectClaim] = "flashsale-warm-up" },
            Issuer = auth.Issuer ?? ShopperAuthOptions.DefaultIssuer,
            Audience = auth.Audience,
            Expires = DateTime.UtcNow.AddMinutes(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(signingKey), SecurityAlgorithms.HmacSha256),
        });
        await using var scope = services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Authorization = "Bearer " + token;
        await context.AuthenticateAsync(ShopperAuthenticator.Scheme).ConfigureAwait(false);
    }
}
