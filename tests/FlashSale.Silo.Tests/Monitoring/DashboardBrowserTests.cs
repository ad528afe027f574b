using System.Globalization;
using FlashSale.Api.V1;
using FlashSale.Silo.Tests.EndToEnd;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using static FlashSale.Silo.Tests.Fixtures.SiloScenario;

namespace FlashSale.Silo.Tests.Monitoring;

/// <summary>The live dashboard in a real browser: Debian's chromium, headless, driven through
/// chromium-driver (both installed by scripts/test.sh). With FLASHSALE_DASHBOARD_SCREENSHOT set, the
/// screenshot is written there (docs/dashboard.png in the README comes from it).</summary>
[Collection(EndToEndCollection.Name)]
public sealed class DashboardBrowserTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Dashboard_DuringADropWithGrabs_ShowsFiguresThatMoveAndMatchTheAdminApi()
    {
        // Arrange: a live room with an open drop of 400 and one opening in five minutes; a crowd grabs.
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { ExtraArgs = ["--Alerts:LowStockUnits=390"] });
        var roomId = await silo.CreateLiveRoomAsync();
        var dropId = await silo.ScheduleDropAsync(roomId, quantity: 400);
        var laterId = await silo.ScheduleDropAsync(roomId, quantity: 100, opensIn: TimeSpan.FromMinutes(5));
        using var crowd = new CancellationTokenSource();
        var grabs = GrabSteadilyAsync(silo, dropId, crowd.Token);
        using var driver = StartChromium();
        try
        {
            // Act: sign in through the form, as an operator would.
            driver.Navigate().GoToUrl(new Uri(silo.HttpAddress, "/dashboard"));
            Assert.EndsWith("/dashboard/login", driver.Url, StringComparison.Ordinal);
            driver.FindElement(By.Id("token")).SendKeys(silo.AdminToken);
            driver.FindElement(By.Id("sign-in")).Click();
            await UntilTrueAsync(() => driver.FindElement(By.Id("connection")).Text == "live", "the event stream goes live");

            // Assert: the sold figure of the open drop moves while the crowd grabs …
            var firstSold = await UntilAsync(() => Number(driver, dropId, "sold") is { } n && n > 0 ? n : (int?)null, "units sold show");
            var laterSold = await UntilAsync(() => Number(driver, dropId, "sold") is { } n && n > firstSold ? n : (int?)null, "units sold move");
            Assert.True(laterSold > firstSold);
            Assert.True(ReadNumber(driver.FindElement(By.Id("grabs-per-second")).Text) > 0);
            Assert.NotEqual("–", driver.FindElement(By.Id("grab-p99")).Text);
            Assert.Equal("1", driver.FindElement(By.Id("silo-count")).Text);
            await UntilTrueAsync(() => driver.FindElement(By.CssSelector("[data-alert='low_stock']")).GetDomAttribute("data-active") == "true", "the low-stock badge lights");
            // … the countdown of the scheduled drop ticks …
            var countdown = driver.FindElement(By.CssSelector($"tr[data-drop='{laterId}'] td.countdown")).Text;
            Assert.StartsWith("opens in 4:", countdown, StringComparison.Ordinal);
            await UntilTrueAsync(() => driver.FindElement(By.CssSelector($"tr[data-drop='{laterId}'] td.countdown")).Text != countdown, "the countdown ticks");
            SaveScreenshot(driver);

            // … and once the crowd stops, every stock figure equals the admin API's.
            await crowd.CancelAsync();
            await grabs.WithTimeout();
            var status = await silo.DropStatusAsync(dropId);
            await UntilTrueAsync(() => Number(driver, dropId, "sold") == status.Sold, $"sold = {status.Sold}");
            Assert.Equal(status.Remaining, Number(driver, dropId, "remaining"));
            Assert.Equal(status.Reserved, Number(driver, dropId, "reserved"));
            Assert.Equal(status.Quantity, Number(driver, dropId, "quantity"));
            Assert.True(status.Sold + status.Reserved > 0);
        }
        finally
        {
            await crowd.CancelAsync();
            await grabs.WithTimeout();
            driver.Quit();
        }
    }

    /// <summary>A few shoppers a second, each grabbing once, then paying (so units move from reserved to sold).</summary>
    private static async Task GrabSteadilyAsync(TestSilo silo, string dropId, CancellationToken stop)
    {
        var shopper = 0;
        while (!stop.IsCancellationRequested)
        {
            var userId = "crowd-" + shopper++.ToString(CultureInfo.InvariantCulture);
            try
            {
                await silo.CreditAsync(userId, UnitPrice);
                var grab = await silo.Shop.GrabAsync(dropId, userId, cancellationToken: CancellationToken.None).WithTimeout();
                if (grab.Result == ResultCode.Ok && shopper % 2 == 0)
                {
                    await silo.Shop.PayAsync(grab.Order.OrderId, userId).WithTimeout();
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static ChromeDriver StartChromium()
    {
        const string Chromium = "/usr/bin/chromium";
        const string Driver = "/usr/bin/chromedriver";
        Assert.True(File.Exists(Chromium) && File.Exists(Driver), "needs Debian's chromium and chromium-driver (scripts/test.sh installs them)");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(Driver)!, Path.GetFileName(Driver));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = Chromium };
        // Root in a container: no sandbox; no GPU; a fixed window for the screenshot.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1440,900", "--proxy-server=direct://");
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    private static int? Number(ChromeDriver driver, string dropId, string column)
    {
        try
        {
            return ReadNumber(driver.FindElement(By.CssSelector($"tr[data-drop='{dropId}'] td.{column}")).Text);
        }
        catch (Exception ex) when (ex is NoSuchElementException or StaleElementReferenceException)
        {
            return null;
        }
    }

    private static int? ReadNumber(string text) =>
        double.TryParse(text.Replace(",", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? (int)Math.Round(value) : null;

    /// <summary>Polls the page until <paramref name="probe"/> answers; fails after <see cref="Patience"/>.</summary>
    private static async Task<T> UntilAsync<T>(Func<T?> probe, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                if (probe() is { } value)
                {
                    return value;
                }
            }
            catch (StaleElementReferenceException)
            {
                // The page re-rendered between finding and reading: try again.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the dashboard did not show that {what} within {Patience}");
            }

            await Task.Delay(100);
        }
    }

    private static async Task<bool> UntilTrueAsync(Func<bool> probe, string what) =>
        await UntilAsync(() => probe() ? "yes" : null, what) == "yes";

    private static void SaveScreenshot(ChromeDriver driver)
    {
        var shot = driver.GetScreenshot();
        Assert.True(shot.AsByteArray.Length > 10_000, "the screenshot is not empty");
        if (Environment.GetEnvironmentVariable("FLASHSALE_DASHBOARD_SCREENSHOT") is { Length: > 0 } path)
        {
            shot.SaveAsFile(path);
        }
    }
}
