namespace Lipsync.LoadTests.Running;

/// <summary>What one answer was.</summary>
public enum OutcomeKind
{
    /// <summary>The expected answer (success, or the expected refusal).</summary>
    Ok,

    /// <summary>Refused by admission control: 503 <c>service_unavailable</c>, at once (see <c>--allow-shed</c>).</summary>
    Shed,

    /// <summary>Anything else.</summary>
    Unexpected,
}

/// <summary>One request's result, with why when it was unexpected.</summary>
public readonly record struct Outcome(OutcomeKind Kind, string? Unexpected = null)
{
    public static Outcome Expected { get; } = new(OutcomeKind.Ok);

    /// <summary>Refused by the server's admission control.</summary>
    public static Outcome Shed { get; } = new(OutcomeKind.Shed);

    public bool Ok => Kind == OutcomeKind.Ok;

    public static Outcome Wrong(string why) => new(OutcomeKind.Unexpected, why);

    /// <summary>A 503 <c>service_unavailable</c> is the server shedding load; anything else is unexpected.</summary>
    public static Outcome ShedOrWrong(int status, string? code, string why) =>
        status == 503 && code == Contracts.Errors.ErrorCodes.ServiceUnavailable ? Shed : Wrong(why);
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
