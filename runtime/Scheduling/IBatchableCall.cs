namespace FlashSale.Runtime.Scheduling;

/// <summary>A queued call that can join a group-commit batch of calls to the same method. The
/// batch answers each call itself once the batch turn has ended.</summary>
internal interface IBatchableCall
{
    /// <summary>The method called; batches group calls by descriptor identity.</summary>
    GrainMethod Method { get; }

    /// <summary>The request as the method's request type (parsed here for calls that came as bytes).</summary>
    object GetRequest();

    void SetBatchResult(object response);

    void SetBatchException(Exception exception);

    void SetBatchCanceled();
}
