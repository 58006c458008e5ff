namespace Lipsync.Api.Admission;

/// <summary>Load shedding in front of every handler, section <c>Admission</c> (see <see cref="AdmissionMiddleware"/>).</summary>
public sealed class AdmissionOptions
{
    public const string SectionName = "Admission";

    /// <summary>Off only to measure what the service does without it.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Thread-pool queueing delay above which new requests start to be refused. Kestrel parses requests on
    /// the thread pool, so this delay is how long a request that just arrived waits before any code runs.
    /// </summary>
    public TimeSpan QueueDelayTarget { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Requests inside the handlers at once on one instance; more are refused at once.</summary>
    public int MaxConcurrentRequests { get; set; } = 1024;

    /// <summary>How often, at most, the queueing delay is probed (only while requests arrive).</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromMilliseconds(1);

    /// <summary>The <c>Retry-After</c> a refused caller is given.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);
}
