using System.Text;
using Lipsync.Contracts.Errors;
using Lipsync.Contracts.Timelines;

namespace Lipsync.UnitTests.Contracts;

public sealed class TimelineParserTests
{
    private const string SpecExample =
        """{"version":1,"durationMs":1840,"speechMs":1610,"frameMs":10,"cues":[{"t":0,"v":0},{"t":120,"v":7},{"t":260,"v":19},{"t":410,"v":0}]}""";

    [Fact]
    public void Parses_the_spec_example()
    {
        var timeline = Timelines.ParseTimeline(SpecExample);
        Assert.Equal(1, timeline.Version);
        Assert.Equal(1840, timeline.DurationMs);
        Assert.Equal(1610, timeline.SpeechMs);
        Assert.Equal(10, timeline.FrameMs);
        Assert.Equal([new(0, 0), new(120, 7), new(260, 19), new(410, 0)], timeline.Cues);
    }

    [Fact]
    public void Accepts_any_member_order_whitespace_and_a_byte_order_mark()
    {
        var json = "\uFEFF" + """
            { "cues" : [ { "v": 3, "t": 0 } ],
              "frameMs": 20, "speechMs": 0, "durationMs": 5, "version": 1 }
            """;
        var fromString = Timelines.ParseTimeline(json);
        var fromBytes = Timelines.ParseTimeline(Encoding.UTF8.GetBytes(json));
        Assert.Equal([new VisemeCue(0, 3)], fromString.Cues);
        Assert.Equal(fromString.Cues, fromBytes.Cues);
        Assert.Equal(20, fromBytes.FrameMs);
    }

    public static TheoryData<string, string> Violations => new()
    {
        // Spec rule 1: version.
        { """{"version":2,"durationMs":10,"speechMs":0,"frameMs":10,"cues":[{"t":0,"v":0}]}""", "version 2 is not supported" },
        { """{"version":0,"durationMs":10,"speechMs":0,"frameMs":10,"cues":[{"t":0,"v":0}]}""", "version 0 is not supported" },
        { """{"durationMs":10,"speechMs":0,"frameMs":10,"cues":[{"t":0,"v":0}]}""", "'version' is missing" },
        // Spec rule 2: frameMs positive.
        { """{"version":1,"durationMs":10,"speechMs":0,"frameMs":0,"cues":[{"t":0,"v":0}]}""", "frameMs must be positive" },
        { """{"version":1,"durationMs":10,"speechMs":0,"frameMs":-10,"cues":[{"t":0,"v":0}]}""", "frameMs must be positive" },
        // Spec rule 3: strictly increasing.
        { """{"version":1,"durationMs":100,"speechMs":0,"frameMs":10,"cues":[{"t":0,"v":0},{"t":50,"v":1},{"t":50,"v":2}]}""", "strictly increasing" },
        { """{"version":1,"durationMs":100,"speechMs":0,"frameMs":10,"cues":[{"t":0,"v":0},{"t":50,"v":1},{"t":40,"v":2}]}""", "strictly increasing" },
        // Spec rule 4: leading cue at 0.
        { """{"version":1,"durationMs":100,"speechMs":0,"frameMs":10,"cues":[{"t":10,"v":0}]}""", "first cue must start at t = 0" },
        { """{"version":1,"durationMs":100,"speechMs":0,"frameMs":10,"cues":[]}""", "first cue must start at t = 0" },
        // Spec rule 5: viseme range.
        { """{"version":1,"durationMs":100,"speechMs":0,"frameMs":10,"cues":[{"t":0,"v":22}]}""", "cues[0].v = 22 is not a viseme id" },
        { """{"version":1,"durationMs":100,"speechMs":0,"frameMs":10,"cues":[{"t":0,"v":0},{"t":10,"v":-1}]}""", "cues[1].v = -1 is not a viseme id" },
        // Spec rule 6: types.
        { """{"version":"1","durationMs":10,"speechMs":0,"frameMs":10,"cues":[{"t":0,"v":0}]}""", "'version' must be an integer, not a string" },
        { """{"version":1,"durationMs":10.5,"speechMs":0,"frameMs":10,"cues":[{"t":0,"v":0}]}""", "'durationMs' must be a whole number" },
        { """{"version":1,"durationMs":10,"speechMs":1.0,"frameMs":10,"cues":[{"t":0,"v":0}]}""", "'speechMs' must be a whole number" },
        { """{"version":1,"durationMs":1e3,"speechMs":0,"frameMs":10,"cues":[{"t":0,"v":0}]}""", "'durationMs' must be a whole number" },
        { """{"version":1,"durationMs":99999999999,"speechMs":0,"frameMs":10,"cues":[{"t":0,"v":0}]}""", "outside the 32-bit integer range" },
        { """{"version":1,"durationMs":null,"speechMs":0,"frameMs":10,"cues":[{"t":0,"v":0}]}""", "'durationMs' must be an integer, not null" },
        { """{"version":1,"durationMs":10,"speechMs":true,"frameMs":10,"cues":[{"t":0,"v":0}]}""", "'speechMs' must be an integer, not a boolean" },
        { """{"version":1,"durationMs":10,"speechMs":0,"frameMs":10,"cues":{"t":0,"v":0}}""", "'cues' must be an array, not an object" },
        { """{"version":1,"durationMs":10,"speechMs":0,"frameMs":10,"cues":null}""", "'cues' must be an array, not null" },
        { """{"version":1,"durationMs":10,"speechMs":0,"frameMs":10,"cues":[0]}""", "cues[0] must be an object, not a number" },
        { """{"version":1,"durationMs":10,"speechMs":0,"frameMs":10,"cues":[{"t":"0","v":0}]}""", "'cues[0].t' must be an integer, not a string" },
        { """{"version":1,"durationMs":10,"speechMs":0,"frameMs":10,"cues":[{"t":0,"v":[1]}]}""", "'cues[0].v' must be an integer, not an array" },
        { """{"version":1,"durationMs":10,"speechMs":0,"frameMs":10,"cues":[{"t":0}]}""", "cues[0] is missing 'v'" },
        { """{"version":1,"durationMs":10,"speechMs":0,"frameMs":10,"cues":[{"v":0}]}""", "cues[0] is missing 't'" },
        { """{"version":1,"speechMs":0,"frameMs":10,"cues":[{"t":0,"v":0}]}""", "'durationMs' is missing" },
        { """{"version":1,"durationMs":10,"frameMs":10,"cues":[{"t":0,"v":0}]}""", "'speechMs' is missing" },
        { """{"version":1,"durationMs":10,"speechMs":0,"cues":[{"t":0,"v":0}]}""", "'frameMs' is missing" },
        { """{"version":1,"durationMs":10,"speechMs":0,"frameMs":10}""", "'cues' is missing" },
        { "[]", "root must be a JSON object, not an array" },
        { "null", "root must be a JSON object, not null" },
        { "\"timeline\"", "root must be a JSON object, not a string" },
        { "", "not well-formed JSON" },
        { "   ", "not well-formed JSON" },
        { "{", "not well-formed JSON" },
        { """{"version":1,} """, "not well-formed JSON" },
        { """{"version":1,"durationMs":10,"speechMs":0,"frameMs":10,"cues":[{"t":0,"v":0}]} {}""", "not well-formed JSON" },
        { """{"version":1,"durationMs":10,"speechMs":0,"frameMs":10,"cues":[{"t":0,"v":0}]} // c""", "not well-formed JSON" },
        // Documented choices beyond the spec.
        { """{"version":1,"version":1,"durationMs":10,"speechMs":0,"frameMs":10,"cues":[{"t":0,"v":0}]}""", "'version' appears more than once" },
        { """{"version":1,"durationMs":10,"speechMs":0,"frameMs":10,"cues":[{"t":0,"t":0,"v":0}]}""", "'t' more than once" },
        { """{"version":1,"durationMs":10,"speechMs":0,"frameMs":10,"extra":true,"cues":[{"t":0,"v":0}]}""", "unknown property 'extra'" },
        { """{"version":1,"durationMs":10,"speechMs":0,"frameMs":10,"cues":[{"t":0,"v":0,"w":1}]}""", "unknown property 'w'" },
        { """{"version":1,"durationMs":10,"speechMs":20,"frameMs":10,"cues":[{"t":0,"v":0}]}""", "speechMs must be between 0 and durationMs" },
        { """{"version":1,"durationMs":10,"speechMs":-1,"frameMs":10,"cues":[{"t":0,"v":0}]}""", "speechMs must be between 0 and durationMs" },
        { """{"version":1,"durationMs":-10,"speechMs":0,"frameMs":10,"cues":[{"t":0,"v":0}]}""", "durationMs must not be negative" },
        { """{"version":1,"durationMs":10,"speechMs":0,"frameMs":1001,"cues":[{"t":0,"v":0}]}""", "frameMs must be at most 1000" },
        { """{"version":1,"durationMs":100,"speechMs":0,"frameMs":10,"cues":[{"t":0,"v":0},{"t":15,"v":1}]}""", "not a multiple of frameMs" },
        { """{"version":1,"durationMs":100,"speechMs":0,"frameMs":10,"cues":[{"t":0,"v":0},{"t":100,"v":1}]}""", "not before durationMs" },
        { """{"version":1,"durationMs":100,"speechMs":0,"frameMs":10,"cues":[{"t":0,"v":4},{"t":10,"v":4}]}""", "repeats viseme 4" },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public void Each_violation_is_bad_timeline_naming_it(string json, string expected)
    {
        var error = Assert.Throws<LipsyncException>(() => Timelines.ParseTimeline(json));
        Assert.Equal(ErrorCodes.BadTimeline, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("Invalid viseme timeline: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_is_checked_before_the_shape_so_future_shapes_get_a_version_error()
    {
        var v2 = """{"version":2,"frames":[0,0,1],"hz":100}""";
        var error = Assert.Throws<LipsyncException>(() => Timelines.ParseTimeline(v2));
        Assert.Contains("version 2 is not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_input_is_bad_timeline()
    {
        var error = Assert.Throws<LipsyncException>(() => Timelines.ParseTimeline((string)null!));
        Assert.Equal(ErrorCodes.BadTimeline, error.Code);
    }

    [Fact]
    public void Invalid_utf8_is_bad_timeline()
    {
        var prefix = Encoding.UTF8.GetBytes("{\"version\":1,\"durationMs\":10,\"speechMs\":0,\"frameMs\":10,\"cues\":[{\"t\":0,\"v\":0}],\"");
        byte[] bytes = [.. prefix, 0xC3, 0x28, .. "\":1}"u8];
        var error = Assert.Throws<LipsyncException>(() => Timelines.ParseTimeline(bytes));
        Assert.Equal(ErrorCodes.BadTimeline, error.Code);
    }

    [Fact]
    public void Deep_nesting_is_refused_without_recursion()
    {
        var json = """{"version":1,"durationMs":10,"speechMs":0,"frameMs":10,"x":""" + new string('[', 100_000) + new string(']', 100_000) + ""","cues":[{"t":0,"v":0}]}""";
        var error = Assert.Throws<LipsyncException>(() => Timelines.ParseTimeline(json));
        Assert.Equal(ErrorCodes.BadTimeline, error.Code);
    }

    [Fact]
    public void Documents_over_the_size_limit_are_refused_before_reading()
    {
        var huge = new string(' ', TimelineLimits.MaxJsonBytes + 1);
        var error = Assert.Throws<LipsyncException>(() => Timelines.ParseTimeline(huge));
        Assert.Contains("larger than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_cues_than_the_limit_are_refused()
    {
        var sb = new StringBuilder("""{"version":1,"durationMs":2000000000,"speechMs":0,"frameMs":1,"cues":[""");
        for (var i = 0; i <= TimelineLimits.MaxCues; i++)
        {
            sb.Append(i == 0 ? "" : ",").Append("{\"t\":").Append(i).Append(",\"v\":").Append(i % 2).Append('}');
        }

        sb.Append("]}");
        var error = Assert.Throws<LipsyncException>(() => Timelines.ParseTimeline(sb.ToString()));
        Assert.Contains($"more than {TimelineLimits.MaxCues} cues", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_property_names_are_trimmed_in_the_message()
    {
        var name = new string('a', 5000);
        var json = "{\"version\":1,\"" + name + "\":0}";
        var error = Assert.Throws<LipsyncException>(() => Timelines.ParseTimeline(json));
        Assert.True(error.Message.Length < 300, error.Message);
    }
}
