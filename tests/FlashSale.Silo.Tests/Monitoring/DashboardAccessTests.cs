using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FlashSale.Silo.Dashboard;
using FlashSale.Silo.Tests.EndToEnd;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;

namespace FlashSale.Silo.Tests.Monitoring;

[Collection(EndToEndCollection.Name)]
public sealed class DashboardAccessTests
{
    [Fact]
    public async Task Dashboard_SignInWithTheAdminToken_GivesAStrictHttpOnlyCookieThatOpensPageEventsAndOrleansDashboard()
    {
        // Arrange
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { Storage = "memory", ExtraArgs = ["--orleans-dashboard", "true"] });
        var roomId = await silo.CreateLiveRoomAsync();
        using var anonymous = NewClient(silo, out _);
        using var browser = NewClient(silo, out var cookies);

        // Act: nothing without the credential …
        using var page = await anonymous.GetAsync(new Uri("/dashboard", UriKind.Relative)).WithTimeout();
        using var events = await anonymous.GetAsync(new Uri("/dashboard/events", UriKind.Relative)).WithTimeout();
        using var orleans = await anonymous.GetAsync(new Uri("/orleans/DashboardCounters", UriKind.Relative)).WithTimeout();
        using var wrong = await SignInAsync(anonymous, "not-" + silo.AdminToken);
        // … and everything after signing in.
        using var signIn = await SignInAsync(browser, silo.AdminToken);
        var setCookie = string.Join("\n", signIn.Headers.GetValues("Set-Cookie"));
        using var signedInPage = await browser.GetAsync(new Uri("/dashboard", UriKind.Relative)).WithTimeout();
        var html = await signedInPage.Content.ReadAsStringAsync();
        using var orleansSignedIn = await browser.GetAsync(new Uri("/orleans/DashboardCounters", UriKind.Relative)).WithTimeout();
        var firstEvent = await ReadEventAsync(browser, data => data.Contains(roomId, StringComparison.Ordinal)).WithTimeout();

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal(OperatorAccess.SignInPath, page.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, events.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, orleans.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.False(wrong.Headers.Contains("Set-Cookie"));

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(silo.AdminToken, setCookie, StringComparison.Ordinal);
        Assert.Single(cookies.GetAllCookies());
        Assert.Equal(HttpStatusCode.OK, signedInPage.StatusCode);
        Assert.Contains("/dashboard/app.js", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", signedInPage.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, orleansSignedIn.StatusCode);
        using var snapshot = JsonDocument.Parse(firstEvent);
        Assert.Contains(snapshot.RootElement.GetProperty("rooms").EnumerateArray(), r => r.GetProperty("roomId").GetString() == roomId);
        Assert.Equal(5, snapshot.RootElement.GetProperty("alerts").GetArrayLength());
    }

    [Fact]
    public async Task OrleansDashboard_IsOffByDefault_AndSaysHowToTurnItOn_OnlyToOperators()
    {
        // Arrange
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { Storage = "memory" });
        using var anonymous = NewClient(silo, out _);
        using var tool = NewClient(silo, out _);
        tool.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", silo.AdminToken);

        // Act
        using var refused = await anonymous.GetAsync(new Uri("/orleans/DashboardCounters", UriKind.Relative)).WithTimeout();
        using var off = await tool.GetAsync(new Uri("/orleans/DashboardCounters", UriKind.Relative)).WithTimeout();
        var body = await off.Content.ReadAsStringAsync();

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, off.StatusCode);
        Assert.Contains("--orleans-dashboard true", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_WithTheBearerHeader_AnswersWithoutCookie_AndSignOutEndsTheSession()
    {
        // Arrange
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { Storage = "memory" });
        using var tool = NewClient(silo, out _);
        using var browser = NewClient(silo, out var cookies);
        tool.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", silo.AdminToken);

        // Act
        using var snapshot = await tool.GetAsync(new Uri("/dashboard/snapshot", UriKind.Relative)).WithTimeout();
        using var signIn = await SignInAsync(browser, silo.AdminToken);
        var cookie = cookies.GetAllCookies().Single();
        using var signOut = await browser.PostAsync(new Uri("/dashboard/logout", UriKind.Relative), null).WithTimeout();
        using var afterSignOut = await browser.GetAsync(new Uri("/dashboard/snapshot", UriKind.Relative)).WithTimeout();
        using var replayed = new HttpRequestMessage(HttpMethod.Get, "/dashboard/snapshot");
        replayed.Headers.Add("Cookie", $"{cookie.Name}={cookie.Value}x");
        using var tampered = await tool.SendAsync(RemoveAuthorization(replayed)).WithTimeout();

        // Assert
        Assert.Equal(HttpStatusCode.OK, snapshot.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Empty(cookies.GetAllCookies());
        Assert.Equal(HttpStatusCode.Unauthorized, afterSignOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, tampered.StatusCode);
    }

    private static HttpRequestMessage RemoveAuthorization(HttpRequestMessage request)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "none");
        return request;
    }

    private static HttpClient NewClient(TestSilo silo, out CookieContainer cookies)
    {
        cookies = new CookieContainer();
        return new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies, UseProxy = false })
        {
            BaseAddress = silo.HttpAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string token) =>
        client.PostAsync(new Uri("/dashboard/login", UriKind.Relative), new FormUrlEncodedContent([new("token", token)])).WithTimeout();

    /// <summary>The data of the first snapshot event that <paramref name="wanted"/> accepts (the
    /// monitor sends one a second).</summary>
    private static async Task<string> ReadEventAsync(HttpClient client, Func<string, bool> wanted)
    {
        using var response = await client.GetAsync(new Uri("/dashboard/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal) && wanted(line))
            {
                return line["data: ".Length..];
            }
        }

        throw new InvalidOperationException("the event stream ended without an event");
    }
}
