using FlashSale.Cli.Infrastructure;

return await CliApp.BuildRoot().Parse(args).InvokeAsync();
