using Azure;

namespace Lipsync.Storage;

/// <summary>
/// Recognises storage outages. The Azure SDK throws <see cref="RequestFailedException"/> for a service
/// answer, and an <see cref="AggregateException"/> of them when every retry failed to connect.
/// </summary>
public static class StorageFailures
{
    public static bool IsOutage(Exception exception) => exception switch
    {
        RequestFailedException => true,
        // Retries exhausted: each attempt failed to connect or timed out (timeouts are TaskCanceledExceptions).
        AggregateException aggregate => aggregate.InnerExceptions.All(e => e is OperationCanceledException || IsOutage(e)),
        HttpRequestException or TimeoutException or IOException => true,
        _ => false,
    };
}
