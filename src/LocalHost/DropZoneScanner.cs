using Lipsync.Jobs;
using Lipsync.Jobs.Submission;
using Microsoft.Extensions.Options;

namespace Lipsync.LocalHost;

/// <summary>Azure's Event Grid subscription, locally: <see cref="DropZoneReconciler"/> every <see cref="JobsOptions.DropZoneScanInterval"/>.</summary>
public sealed class DropZoneScanner(DropZoneReconciler reconciler, IOptions<JobsOptions> options, TimeProvider time, ILogger<DropZoneScanner> logger)
    : PeriodicWork(options.Value.DropZoneScanInterval, time, logger)
{
    protected override Task RunOnceAsync(CancellationToken cancellationToken) => reconciler.ReconcileAsync(cancellationToken);
}
