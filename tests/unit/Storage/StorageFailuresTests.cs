using Azure;
using Lipsync.Storage;

namespace Lipsync.UnitTests.Storage;

public sealed class StorageFailuresTests
{
    [Fact]
    public void Answers_timeouts_and_refused_connections_are_outages()
    {
        Assert.True(StorageFailures.IsOutage(new RequestFailedException(500, "boom")));
        Assert.True(StorageFailures.IsOutage(new HttpRequestException("connection refused")));
        // The Azure SDK after its last retry: one timeout (a cancellation) per attempt.
        Assert.True(StorageFailures.IsOutage(new AggregateException(new TaskCanceledException("exceeded the configured timeout"), new TaskCanceledException("again"))));
        Assert.True(StorageFailures.IsOutage(new AggregateException(new HttpRequestException("refused"), new TaskCanceledException("timeout"))));
    }

    [Fact]
    public void Bugs_and_plain_cancellations_are_not()
    {
        Assert.False(StorageFailures.IsOutage(new InvalidOperationException()));
        Assert.False(StorageFailures.IsOutage(new OperationCanceledException()));
        Assert.False(StorageFailures.IsOutage(new AggregateException(new TaskCanceledException(), new ArgumentException("bug"))));
    }
}
