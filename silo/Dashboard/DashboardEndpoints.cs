using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using FlashSale.Silo.Monitoring;

namespace FlashSale.Silo.Dashboard;

/// <summary>
/// The live dashboard on the HTTP port: /dashboard (the page, or the sign-in form), /dashboard/login
/// (POST: the admin token in, the session cookie out), /dashboard/logout, /dashboard/snapshot (JSON)
/// and /dashboard/events (server-sent events: a snapshot each time the monitor takes one). The page,
/// its script and its style are embedded in the silo: no CDN, works offline.
/// </summary>
internal static class DashboardEndpoints
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void MapDashboard(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/dashboard");
        group.MapGet("", (HttpContext context, OperatorAccess access) =>
            access.IsOperator(context) ? Page(context, "dashboard.html") : Results.Redirect(OperatorAccess.SignInPath));
        group.MapGet("/login", (HttpContext context) => Page(context, "login.html"));
        group.MapPost("/login", SignInAsync).DisableAntiforgery();
        group.MapPost("/logout", (HttpContext context) =>
        {
            OperatorAccess.SignOut(context);
            return Results.Redirect(OperatorAccess.SignInPath, permanent: false, preserveMethod: false);
        }).DisableAntiforgery();
        group.MapGet("/app.js", (HttpContext context) => Asset(context, "app.js", "text/javascript; charset=utf-8"));
        group.MapGet("/app.css", (HttpContext context) => Asset(context, "app.css", "text/css; charset=utf-8"));

        OperatorAccess.RequireOperator(group.MapGet("/snapshot", (OpsMonitor monitor) => Results.Json(monitor.Latest, Json)));
        OperatorAccess.RequireOperator(group.MapGet("/events", (OpsMonitor monitor, IHostApplicationLifetime lifetime, HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return TypedResults.ServerSentEvents(Stream(monitor, lifetime, context.RequestAborted));
        }));
    }

    /// <summary>Snapshots as they come; ends when the client leaves or the silo starts stopping (a
    /// stream left open would hold the shutdown). EventSource reconnects by itself.</summary>
    private static async IAsyncEnumerable<SseItem<string>> Stream(
        OpsMonitor monitor, IHostApplicationLifetime lifetime, [EnumeratorCancellation] CancellationToken aborted)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, lifetime.ApplicationStopping);
        long version = -1;
        while (!linked.IsCancellationRequested)
        {
            OpsSnapshot snapshot;
            try
            {
                snapshot = await monitor.NextAsync(version, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            version = snapshot.Version;
            yield return new SseItem<string>(JsonSerializer.Serialize(snapshot, Json), "snapshot");
        }
    }

    private static async Task<IResult> SignInAsync(HttpContext context, OperatorAccess access, ILogger<OperatorAccess> log)
    {
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (!access.Accepts(form?["token"].ToString()))
        {
            MonitoringLog.OperatorRefused(log, address);
            return Page(context, "login.html", StatusCodes.Status401Unauthorized, error: true);
        }

        access.SignIn(context);
        MonitoringLog.OperatorSignedIn(log, address);
        return Results.Redirect("/dashboard", permanent: false, preserveMethod: false);
    }

    private static IResult Page(HttpContext context, string name, int status = StatusCodes.Status200OK, bool error = false)
    {
        Secure(context);
        var html = DashboardAssets.Read(name);
        if (name == "login.html")
        {
            html = html.Replace("{{error}}", error ? "That is not the operator credential." : "", StringComparison.Ordinal);
        }

        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    private static IResult Asset(HttpContext context, string name, string contentType)
    {
        Secure(context);
        return Results.Content(DashboardAssets.Read(name), contentType);
    }

    /// <summary>No inline script, nothing from elsewhere, never framed, never cached.</summary>
    private static void Secure(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "no-referrer";
    }
}
