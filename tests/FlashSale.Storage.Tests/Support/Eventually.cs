namespace FlashSale.Storage.Tests.Support;

/// <summary>For effects that follow a signal the test can see (e.g. a reminder row removed right
/// after delivery): polls a condition with a bounded wait instead of a fixed sleep.</summary>
internal static class Eventually
{
    public static async Task<bool> TrueAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(10);
        }

        return await condition();
    }
}
