using System.Diagnostics.Metrics;
using FlashSale.Silo.Monitoring.Alerts;

namespace FlashSale.Silo.Monitoring;

public sealed partial class OpsMonitor
{
    /// <summary>The latest snapshot as gauges: one per alert (1 active, 0 not), viewers of live
    /// rooms, silos and activations of the cluster, and remaining units of each open drop.</summary>
    private void CreateGauges()
    {
        _meter.CreateObservableGauge("flashsale.alert.active", () => Latest.Alerts.Select(a =>
            new Measurement<int>(a.Active ? 1 : 0, new KeyValuePair<string, object?>("alert", a.Name))),
            description: "1 while the alert is active: " + string.Join(", ", AlertRules.All));
        _meter.CreateObservableGauge("flashsale.viewers", () => Latest.Rooms.Where(r => r.State == "Live").Sum(r => (long)r.Viewers),
            description: "Viewers in live rooms");
        _meter.CreateObservableGauge("flashsale.cluster.silos", () => (long)Latest.Silos.Count, description: "Active silos of the cluster");
        _meter.CreateObservableGauge("flashsale.cluster.activations", () => Latest.Activations, description: "Grain activations across the cluster");
        _meter.CreateObservableGauge("flashsale.drop.remaining", () => Latest.Rooms.SelectMany(r => r.Drops)
            .Where(d => d.State is "Open" or "EarlyAccess")
            .Select(d => new Measurement<long>(d.Remaining, new KeyValuePair<string, object?>("drop", d.DropId))),
            description: "Units left in open drops");
    }
}
