using System.Text;
using CsCheck;
using Lipsync.Contracts.Errors;
using Lipsync.Contracts.Timelines;

namespace Lipsync.UnitTests.Contracts;

/// <summary>
/// ParseTimeline is a trust boundary: for any input it either returns a timeline that satisfies
/// every rule or throws bad_timeline. Nothing else, ever.
/// </summary>
public sealed class TimelineParserPropertyTests
{
    private static readonly Gen<int[]> Frames =
        Gen.Int[0, 300].SelectMany(n => Gen.Int[0, 21].Array[n]);

    private static readonly Gen<VisemeTimeline> ValidTimelines =
        Gen.Select(Frames, Gen.Int[1, 40], Gen.Double[0, 1], (frames, frameMs, share) =>
            Timelines.FramesToTimeline(frames, (int)(share * frames.Length * frameMs), frameMs));

    // Tokens that are likely to break a rule when spliced into a valid document.
    private static readonly string[] Splices =
    [
        "\"", "{", "}", "[", "]", ",", ":", "-", "0", "1", "22", "-1", "1.5", "1e9", "null", "true", "\"v\"", "\"t\"",
        "\"version\":1,", "\"cues\":[],", "{\"t\":0,\"v\":0}", "99999999999", "\\u0000", "\uFEFF", "\u00e9", "\ud800", " ",
    ];

    [Fact]
    public void Valid_documents_always_parse_back_to_the_same_timeline()
    {
        ValidTimelines.Sample(timeline =>
        {
            var parsed = Timelines.ParseTimeline(timeline.ToUtf8Json());
            return parsed.ToJson() == timeline.ToJson();
        }, iter: 3000);
    }

    [Fact]
    public void Mutated_documents_only_succeed_validly_or_fail_with_bad_timeline()
    {
        var mutations = Gen.Select(ValidTimelines, Gen.Int[1, 4], Gen.Int.Array[12], (t, count, seeds) => Mutate(t.ToJson(), count, seeds));
        mutations.Sample(AssertOnlyValidOrBadTimeline, iter: 20_000);
    }

    [Fact]
    public void Random_bytes_only_fail_with_bad_timeline()
    {
        Gen.Byte.Array[0, 400].Sample(bytes => AssertOnlyValidOrBadTimeline(bytes), iter: 10_000);
    }

    [Fact]
    public void Random_json_like_text_only_fails_with_bad_timeline()
    {
        var alphabet = Gen.Char["{}[]:,\"0123456789-.etruflasnvcdmMSF \\"];
        alphabet.Array[0, 300].Select(chars => new string(chars)).Sample(AssertOnlyValidOrBadTimeline, iter: 10_000);
    }

    private static void AssertOnlyValidOrBadTimeline(string json) => AssertOnlyValidOrBadTimeline(Encoding.UTF8.GetBytes(json));

    private static void AssertOnlyValidOrBadTimeline(byte[] utf8)
    {
        VisemeTimeline parsed;
        try
        {
            parsed = Timelines.ParseTimeline(utf8);
        }
        catch (LipsyncException e) when (e.Code == ErrorCodes.BadTimeline)
        {
            Assert.StartsWith("Invalid viseme timeline: ", e.Message, StringComparison.Ordinal);
            return;
        }

        // Accepted: every rule holds and the document round-trips.
        Assert.Equal(1, parsed.Version);
        Assert.InRange(parsed.FrameMs, 1, TimelineLimits.MaxFrameMs);
        Assert.InRange(parsed.SpeechMs, 0, parsed.DurationMs);
        Assert.Equal(0, parsed.Cues[0].T);
        for (var i = 0; i < parsed.Cues.Count; i++)
        {
            Assert.InRange(parsed.Cues[i].V, 0, 21);
            if (i > 0)
            {
                Assert.True(parsed.Cues[i].T > parsed.Cues[i - 1].T);
                Assert.NotEqual(parsed.Cues[i].V, parsed.Cues[i - 1].V);
            }
        }

        Assert.Equal(parsed.ToJson(), Timelines.ParseTimeline(parsed.ToUtf8Json()).ToJson());
    }

    private static string Mutate(string json, int count, int[] seeds)
    {
        var text = new StringBuilder(json);
        for (var m = 0; m < count; m++)
        {
            var seed = seeds[m * 3 % seeds.Length];
            var at = (int)((uint)seeds[(m * 3 + 1) % seeds.Length] % (uint)(text.Length + 1));
            var length = (int)((uint)seeds[(m * 3 + 2) % seeds.Length] % 8);
            switch ((uint)seed % 5)
            {
                case 0: // delete a span
                    text.Remove(Math.Min(at, text.Length), Math.Min(length, text.Length - Math.Min(at, text.Length)));
                    break;
                case 1: // splice a token
                    text.Insert(at, Splices[(uint)seed / 5 % (uint)Splices.Length]);
                    break;
                case 2: // replace one char
                    if (at < text.Length)
                    {
                        text[at] = "0123456789{}[]\":,-. ntfe"[(int)((uint)seed / 5 % 24)];
                    }

                    break;
                case 3: // truncate
                    text.Length = Math.Min(at, text.Length);
                    break;
                default: // duplicate a span
                    var start = Math.Min(at, text.Length);
                    var span = text.ToString(start, Math.Min(length * 4, text.Length - start));
                    text.Insert(start, span);
                    break;
            }
        }

        return text.ToString();
    }
}
