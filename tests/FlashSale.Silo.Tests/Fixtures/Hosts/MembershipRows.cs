using Npgsql;

namespace FlashSale.Silo.Tests.Fixtures.Hosts;

/// <summary>One silo's row in Orleans' membership table.</summary>
internal sealed record MembershipRow(string Address, int Port, int Generation, int Status)
{
    /// <summary>Orleans' SiloStatus.Active.</summary>
    public const int Active = 3;

    /// <summary>Orleans' SiloStatus.Dead.</summary>
    public const int Dead = 6;
}

/// <summary>Reads Orleans' membership table (OrleansMembershipTable, Clustering.AdoNet) straight
/// from PostgreSQL: what the cluster has decided about each silo.</summary>
internal static class MembershipRows
{
    public static async Task<List<MembershipRow>> ReadAsync(string connectionString, string clusterId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT Address, Port, Generation, Status FROM OrleansMembershipTable WHERE DeploymentId = @id", connection);
        command.Parameters.AddWithValue("id", clusterId);
        var rows = new List<MembershipRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new MembershipRow(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3)));
        }

        return rows;
    }

    /// <summary>Polls until <paramref name="done"/> holds for the rows or the timeout passes; returns
    /// whether it held.</summary>
    public static async Task<bool> WaitAsync(string connectionString, string clusterId, Func<List<MembershipRow>, bool> done, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (done(await ReadAsync(connectionString, clusterId)))
                {
                    return true;
                }
            }
            catch (NpgsqlException)
            {
                // The table may not exist before the first silo migrated the database.
            }

            if (DateTime.UtcNow >= until)
            {
                return false;
            }

            await Task.Delay(200);
        }
    }
}
