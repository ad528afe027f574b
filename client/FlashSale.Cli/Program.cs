using System.CommandLine;
using FlashSale.Cli.Commands;
using FlashSale.Cli.Infrastructure;

var root = new RootCommand("flashsale: shopper and operator CLI for a FlashSale silo");
GlobalOptions.AddTo(root);
ShopCommands.AddTo(root);
WatchCommand.AddTo(root);
AdminCommands.AddTo(root);
return await root.Parse(args).InvokeAsync();
