using Lipsync.Contracts.Errors;
using Lipsync.Engine.Features;

namespace Lipsync.UnitTests.Engine;

/// <summary>Decodes on a background thread and fails, rather than hangs, when a decoder does not return in time.</summary>
internal static class BoundedDecode
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    public static FeatureMatrix Extract(byte[] bytes)
    {
        var run = Task.Factory.StartNew(() => FrontEnd.Extract(new MemoryStream(bytes), TimeSpan.FromMinutes(5)), TaskCreationOptions.LongRunning);
        Assert.True(run.Wait(Limit), "the decoder did not return");
        return run.Result;
    }

    public static LipsyncException Error(byte[] bytes)
    {
        var run = Task.Factory.StartNew(() => FrontEnd.Extract(new MemoryStream(bytes), TimeSpan.FromMinutes(5)), TaskCreationOptions.LongRunning);
        Assert.True(((IAsyncResult)run).AsyncWaitHandle.WaitOne(Limit), "the decoder did not return");
        return Assert.IsType<LipsyncException>(run.Exception?.InnerException);
    }
}
