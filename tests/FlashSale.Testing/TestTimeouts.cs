namespace FlashSale.Testing;

/// <summary>Every await in a test is bounded, so a hang fails the test instead of the CI run.</summary>
public static class TestTimeouts
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    public static Task<T> WithTimeout<T>(this Task<T> task, TimeSpan? timeout = null) =>
        task.WaitAsync(timeout ?? Default);

    public static Task WithTimeout(this Task task, TimeSpan? timeout = null) =>
        task.WaitAsync(timeout ?? Default);
}
