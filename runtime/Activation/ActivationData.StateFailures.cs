using System.Data.Common;
using FlashSale.Runtime.Logging;

namespace FlashSale.Runtime.Activation;

// A turn that failed on storage may have changed the grain's state in memory without persisting
// it. Serving the next call from that state would acknowledge effects storage never saw, so the
// activation goes away after the turn and the next call reloads what storage really holds.
internal sealed partial class ActivationData
{
    private void OnTurnFaulted(Exception error)
    {
        switch (error)
        {
            case InconsistentStateException:
                RuntimeLog.InconsistentState(Runtime.Logger, GrainId);
                RequestDeactivation(DeactivationReason.InconsistentState);
                break;
            case StorageUnavailableException or DbException:
                ActivationLog.StorageFailed(Runtime.Logger, GrainId, error);
                RequestDeactivation(DeactivationReason.InconsistentState);
                break;
        }
    }
}
