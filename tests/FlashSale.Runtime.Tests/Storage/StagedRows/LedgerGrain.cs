using System.Globalization;
using FlashSale.Runtime;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Runtime.Tests.Storage.StagedRows;

/// <summary>A test grain that stages a wallet_ledger row with every credit, like the Wallet grain.</summary>
public interface ILedgerGrain : IGrainWithStringKey
{
    /// <summary>"entryId:amount": adds amount, stages the ledger row, writes; returns the balance.</summary>
    Task<Int64Value> Credit(StringValue request, CancellationToken cancellationToken = default);
}

public static class LedgerGrainMethods
{
    public static readonly GrainMethod<ILedgerGrain, StringValue, Int64Value> Credit =
        new("ledger", "Credit", 1, StringValue.Parser, Int64Value.Parser, static (g, r, ct) => g.Credit(r, ct));

    public static readonly GrainMethod[] All = [Credit];
}

internal sealed class LedgerGrainReference(IGrainCallInvoker invoker, GrainId id) : GrainReference(invoker, id), ILedgerGrain
{
    public Task<Int64Value> Credit(StringValue request, CancellationToken cancellationToken = default) => Invoke(LedgerGrainMethods.Credit, request, cancellationToken);
}

public sealed class LedgerGrain(IPersistentState<Int64Value> state, TimeProvider time) : Grain, ILedgerGrain
{
    public async Task<Int64Value> Credit(StringValue request, CancellationToken cancellationToken = default)
    {
        var parts = request.Value.Split(':');
        var amount = long.Parse(parts[1], CultureInfo.InvariantCulture);
        state.State.Value += amount;
        state.StageRow("wallet_ledger", new Dictionary<string, object?>
        {
            ["user_id"] = GetPrimaryKeyString(),
            ["entry_id"] = parts[0],
            ["amount"] = amount,
            ["balance_after"] = state.State.Value,
            ["kind"] = "credit",
            ["reference"] = parts[0],
            ["at"] = time.GetUtcNow(),
        });
        await state.WriteStateAsync(CancellationToken.None);
        return new Int64Value { Value = state.State.Value };
    }
}
