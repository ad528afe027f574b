using System.CommandLine;
using FlashSale.Client;
using Grpc.Core;

namespace FlashSale.Cli.Infrastructure;

/// <summary>Runs a verb with a <see cref="CliContext"/> and turns failures into messages and exit codes.</summary>
internal static class CommandExtensions
{
    public static Command WithAction(this Command command, Func<CliContext, CancellationToken, Task<int>> action)
    {
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                using var context = CliContext.Create(parse);
                return await action(context, cancellationToken);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
            {
                // Ctrl-C: the user asked to stop, not an error.
                return ExitCodes.Success;
            }
            catch (RpcException ex)
            {
                var retry = ex.RetryAfter() is { } after ? $" (retry after {after.TotalMilliseconds:0} ms)" : string.Empty;
                await Console.Error.WriteLineAsync($"error: {Output.Name(ex.StatusCode)}: {ex.Status.Detail}{retry}");
                return ExitCodes.Error;
            }
            catch (CliUsageException ex)
            {
                await Console.Error.WriteLineAsync("error: " + ex.Message);
                return ExitCodes.Error;
            }
        });
        return command;
    }
}
