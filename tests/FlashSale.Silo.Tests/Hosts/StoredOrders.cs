using Npgsql;

namespace FlashSale.Silo.Tests.Hosts;

/// <summary>One row of the orders table.</summary>
internal sealed record StoredOrder(string OrderId, string UserId, int Quantity, string State)
{
    /// <summary>Whether the order holds units (sold or reserved).</summary>
    public bool HoldsUnits => State is "PendingPayment" or "Paid";
}

/// <summary>A drop's orders read straight from PostgreSQL (the table an operator audits).</summary>
internal static class StoredOrders
{
    public static async Task<List<StoredOrder>> ReadAsync(string connectionString, string dropId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT order_id, user_id, quantity, state FROM orders WHERE drop_id = @drop", connection);
        command.Parameters.AddWithValue("drop", dropId);
        var orders = new List<StoredOrder>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            orders.Add(new StoredOrder(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3)));
        }

        return orders;
    }
}
