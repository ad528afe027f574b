namespace FlashSale.Silo.AntiAbuse;

/// <summary>Per-user sets of recently grabbed drops for the rapid-grab rule: in-process for one
/// silo, or shared by all silos through Redis.</summary>
public interface IRapidGrabCounter
{
    /// <summary>Records a grab of <paramref name="dropId"/> by <paramref name="userId"/> unless it
    /// would be the (<paramref name="maxDrops"/> + 1)-th distinct drop within <paramref name="window"/>.
    /// Returns <see cref="TimeSpan.Zero"/> when allowed, otherwise how long until the oldest counted
    /// drop leaves the window (a rejected grab is not recorded, so a retry after that succeeds).
    /// Never throws for an unreachable backing store: falls back instead.</summary>
    ValueTask<TimeSpan> TryGrabAsync(string userId, string dropId, int maxDrops, TimeSpan window);
}
