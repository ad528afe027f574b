using System.CommandLine;
using FlashSale.Cli.Commands;

namespace FlashSale.Cli.Infrastructure;

/// <summary>Builds the command tree (kept out of Program.cs so tests can invoke verbs in-process).</summary>
internal static class CliApp
{
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("flashsale: shopper and operator CLI for a FlashSale silo");
        GlobalOptions.AddTo(root);
        ShopCommands.AddTo(root);
        WatchCommand.AddTo(root);
        AdminCommands.AddTo(root);
        return root;
    }
}
