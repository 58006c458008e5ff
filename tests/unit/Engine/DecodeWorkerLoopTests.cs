using Lipsync.Contracts.Errors;
using Lipsync.Engine.Features;
using Lipsync.Engine.Isolation;
using Lipsync.Fuzzing;

namespace Lipsync.UnitTests.Engine;

/// <summary>
/// The decode worker's loop and the engine's reader over in-memory pipes: features streamed in chunks
/// arrive identical to extracting in process, errors arrive as catalogue codes, and one worker serves
/// request after request.
/// </summary>
public sealed class DecodeWorkerLoopTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    [Fact]
    public void Streamed_features_equal_in_process_features_and_requests_follow_each_other()
    {
        // Long enough for several chunks (2,048 frames each).
        var wav = Seeds.ToneWav(22050, 50);
        var answers = RunWorker(Seeds.Ogg, wav, "junk that is not audio"u8.ToArray());

        var ogg = Assert.IsType<FeatureMatrix>(answers[0]);
        AssertSame(FrontEnd.Extract(new MemoryStream(Seeds.Ogg), Limit), ogg);
        var tone = Assert.IsType<FeatureMatrix>(answers[1]);
        Assert.True(tone.Frames > 4096);
        AssertSame(FrontEnd.Extract(new MemoryStream(wav), Limit), tone);
        Assert.Equal(22050, tone.SourceSampleRate); // the narrow-band model is chosen by it, so it must cross the pipe
        Assert.Equal(ErrorCodes.AudioUnsupported, Assert.IsType<LipsyncException>(answers[2]).Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-8000)]
    public void A_worker_answer_with_an_impossible_source_rate_is_refused(int rate)
    {
        var pipe = new MemoryStream();
        DecodeProtocol.WriteEnd(pipe, frames: 0, samples16k: 0, rate);
        pipe.Position = 0;

        Assert.Throws<InvalidDataException>(() => DecodeProtocol.ReadAnswer(pipe, Limit, () => { }));
    }

    private static List<object> RunWorker(params byte[][] inputs)
    {
        var requests = new MemoryStream();
        foreach (var input in inputs)
        {
            DecodeProtocol.WriteRequest(requests, Limit, new MemoryStream(input), input.Length);
        }

        requests.Position = 0;
        var answers = new MemoryStream();
        Assert.Equal(0, DecodeWorkerLoop.Run(requests, answers));
        answers.Position = 0;

        var results = new List<object>();
        foreach (var _ in inputs)
        {
            try
            {
                results.Add(DecodeProtocol.ReadAnswer(answers, Limit, () => { }));
            }
            catch (LipsyncException e)
            {
                results.Add(e);
            }
        }

        return results;
    }

    private static void AssertSame(FeatureMatrix expected, FeatureMatrix actual)
    {
        Assert.Equal(expected.Frames, actual.Frames);
        Assert.Equal(expected.Samples16k, actual.Samples16k);
        Assert.Equal(expected.SourceSampleRate, actual.SourceSampleRate);
        Assert.Equal(expected.Values, actual.Values);
        Assert.Equal(expected.LevelsDbfs, actual.LevelsDbfs);
    }
}
