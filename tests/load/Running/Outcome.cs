namespace Lipsync.LoadTests.Running;

/// <summary>One request's result: ok (the expected answer, success or the expected refusal) or unexpected, with why.</summary>
public readonly record struct Outcome(bool Ok, string? Unexpected = null)
{
    public static Outcome Expected { get; } = new(true);

    public static Outcome Wrong(string why) => new(false, why);
}

/// <summary>A named scenario: set up once, then one call per injected request.</summary>
public interface IScenario
{
    string Name { get; }

    /// <summary>Threshold: p99 latency limit in ms.</summary>
    double P99LimitMs { get; }

    /// <summary>Threshold: highest share of unexpected answers (0 = none allowed).</summary>
    double MaxUnexpectedRatio { get; }

    Task SetupAsync(CancellationToken cancellationToken);

    Task<Outcome> ExecuteAsync(long index, CancellationToken cancellationToken);
}
