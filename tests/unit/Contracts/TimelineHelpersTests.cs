using Lipsync.Contracts.Timelines;

namespace Lipsync.UnitTests.Contracts;

public sealed class TimelineHelpersTests
{
    [Fact]
    public void FramesToTimeline_emits_a_cue_at_zero_and_at_each_change()
    {
        int[] frames = [0, 0, 7, 7, 7, 19, 0];
        var timeline = Timelines.FramesToTimeline(frames, speechMs: 40);
        Assert.Equal(1, timeline.Version);
        Assert.Equal(70, timeline.DurationMs);
        Assert.Equal(40, timeline.SpeechMs);
        Assert.Equal(10, timeline.FrameMs);
        Assert.Equal([new(0, 0), new(20, 7), new(50, 19), new(60, 0)], timeline.Cues);
    }

    [Fact]
    public void FramesToTimeline_of_nothing_is_a_zero_length_silent_timeline_that_validates()
    {
        var timeline = Timelines.FramesToTimeline([], speechMs: 0);
        Assert.Equal(0, timeline.DurationMs);
        Assert.Equal([new VisemeCue(0, 0)], timeline.Cues);
        Assert.Equal(timeline.Cues, Timelines.ParseTimeline(timeline.ToJson()).Cues);
    }

    [Fact]
    public void FramesToTimeline_honours_an_exact_duration_inside_the_last_frame()
    {
        var timeline = Timelines.FramesToTimeline([1, 2, 3], speechMs: 25, durationMs: 25);
        Assert.Equal(25, timeline.DurationMs);
        Assert.Equal(timeline.Cues, Timelines.ParseTimeline(timeline.ToJson()).Cues);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(31)]
    public void FramesToTimeline_refuses_a_duration_outside_the_frames(int durationMs) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Timelines.FramesToTimeline([1, 2, 3], 0, durationMs: durationMs));

    [Fact]
    public void FramesToTimeline_refuses_bad_arguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Timelines.FramesToTimeline([0, 22], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Timelines.FramesToTimeline([0, -1], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Timelines.FramesToTimeline([0, 1], 21));
        Assert.Throws<ArgumentOutOfRangeException>(() => Timelines.FramesToTimeline([0, 1], -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Timelines.FramesToTimeline([0, 1], 0, frameMs: 0));
    }

    [Fact]
    public void TimelineToCues_maps_t_and_v_to_offset_and_viseme()
    {
        var timeline = Timelines.FramesToTimeline([0, 21, 21, 18], speechMs: 30);
        Assert.Equal([new(0, 0), new(10, 21), new(30, 18)], Timelines.TimelineToCues(timeline));
    }

    [Fact]
    public void Frames_survive_encode_serialize_parse_expand()
    {
        var random = new Random(1234);
        for (var round = 0; round < 200; round++)
        {
            var frames = new int[random.Next(0, 500)];
            for (var i = 0; i < frames.Length; i++)
            {
                frames[i] = i > 0 && random.NextDouble() < 0.8 ? frames[i - 1] : random.Next(0, 22);
            }

            var frameMs = random.Next(1, 40);
            var speechMs = random.Next(0, frames.Length * frameMs + 1);
            var timeline = Timelines.FramesToTimeline(frames, speechMs, frameMs);
            var parsed = Timelines.ParseTimeline(timeline.ToUtf8Json());

            Assert.Equal(frames, Timelines.TimelineToFrames(parsed));
            Assert.Equal(timeline.Cues, parsed.Cues);
            Assert.Equal(timeline.DurationMs, parsed.DurationMs);
            Assert.Equal(timeline.SpeechMs, parsed.SpeechMs);
            Assert.Equal(timeline.ToJson(), parsed.ToJson());
        }
    }

    [Fact]
    public void Serialized_form_is_the_spec_shape()
    {
        var json = Timelines.FramesToTimeline([0, 7], speechMs: 10).ToJson();
        Assert.Equal("""{"version":1,"durationMs":20,"speechMs":10,"frameMs":10,"cues":[{"t":0,"v":0},{"t":10,"v":7}]}""", json);
    }
}
