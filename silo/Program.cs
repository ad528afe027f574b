using FlashSale.Silo.Hosting;

if (MigrateCommand.IsRequested(args))
{
    return await MigrateCommand.RunAsync(args);
}

var app = SiloApp.Build(args);
await app.RunAsync();
return 0;
