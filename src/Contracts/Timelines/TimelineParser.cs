using System.Buffers;
using System.Text;
using System.Text.Json;
using Lipsync.Contracts.Errors;

namespace Lipsync.Contracts.Timelines;

/// <summary>
/// Strict reader for VisemeTimeline v1, the trust boundary for stored or received timelines.
/// A forward-only <see cref="Utf8JsonReader"/> pass (no DOM, no reflection) followed by the
/// semantic rules, so time and memory stay linear in the input and capped by <see cref="TimelineLimits"/>.
/// Every failure is a <see cref="LipsyncException"/> with code <c>bad_timeline</c> naming the first violation.
/// </summary>
internal static class TimelineParser
{
    [Flags]
    private enum Field
    {
        None = 0,
        Version = 1,
        DurationMs = 2,
        SpeechMs = 4,
        FrameMs = 8,
        Cues = 16,
        All = Version | DurationMs | SpeechMs | FrameMs | Cues,
    }

    public static VisemeTimeline Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length > TimelineLimits.MaxJsonBytes)
        {
            throw TooLarge();
        }

        var byteCount = Encoding.UTF8.GetByteCount(json);
        if (byteCount > TimelineLimits.MaxJsonBytes)
        {
            throw TooLarge();
        }

        var rented = ArrayPool<byte>.Shared.Rent(byteCount);
        try
        {
            var length = Encoding.UTF8.GetBytes(json, rented);
            return Parse(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public static VisemeTimeline Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > TimelineLimits.MaxJsonBytes)
        {
            throw TooLarge();
        }

        if (utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        try
        {
            return Validate(Read(utf8));
        }
        catch (JsonException e)
        {
            throw Bad($"the document is not well-formed JSON ({Trim(e.Message)}).");
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader reports invalid UTF-8 and similar token problems this way.
            throw Bad($"the document is not well-formed JSON ({Trim(e.Message)}).");
        }
    }

    private readonly record struct RawTimeline(int? Version, int DurationMs, int SpeechMs, int FrameMs, List<VisemeCue> Cues, Field Present, string? UnknownProperty);

    private static RawTimeline Read(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 4 });
        if (!reader.Read())
        {
            throw Bad("the document is empty.");
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Bad($"the root must be a JSON object, not {Describe(reader.TokenType)}.");
        }

        int? version = null;
        int durationMs = 0, speechMs = 0, frameMs = 0;
        List<VisemeCue> cues = [];
        var present = Field.None;
        string? unknown = null;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = NameOf(ref reader);
            if (field == Field.None)
            {
                unknown ??= reader.GetString();
                reader.Read();
                reader.Skip();
                continue;
            }

            if ((present & field) != 0)
            {
                throw Bad($"property '{NameText(field)}' appears more than once.");
            }

            present |= field;
            reader.Read();
            switch (field)
            {
                case Field.Version: version = ReadInt(ref reader, "version"); break;
                case Field.DurationMs: durationMs = ReadInt(ref reader, "durationMs"); break;
                case Field.SpeechMs: speechMs = ReadInt(ref reader, "speechMs"); break;
                case Field.FrameMs: frameMs = ReadInt(ref reader, "frameMs"); break;
                default: ReadCues(ref reader, cues); break;
            }
        }

        // The reader itself rejects trailing content after the root object.
        while (reader.Read())
        {
        }

        return new RawTimeline(version, durationMs, speechMs, frameMs, cues, present, unknown);
    }

    private static void ReadCues(ref Utf8JsonReader reader, List<VisemeCue> cues)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Bad($"'cues' must be an array, not {Describe(reader.TokenType)}.");
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var index = cues.Count;
            if (index >= TimelineLimits.MaxCues)
            {
                throw Bad($"there are more than {TimelineLimits.MaxCues} cues.");
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Bad($"cues[{index}] must be an object, not {Describe(reader.TokenType)}.");
            }

            int? t = null, v = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("t"u8))
                {
                    if (t is not null)
                    {
                        throw Bad($"cues[{index}] has property 't' more than once.");
                    }

                    reader.Read();
                    t = ReadInt(ref reader, $"cues[{index}].t");
                }
                else if (reader.ValueTextEquals("v"u8))
                {
                    if (v is not null)
                    {
                        throw Bad($"cues[{index}] has property 'v' more than once.");
                    }

                    reader.Read();
                    v = ReadInt(ref reader, $"cues[{index}].v");
                }
                else
                {
                    throw Bad($"cues[{index}] has unknown property '{Trim(reader.GetString())}'; cues have only 't' and 'v'.");
                }
            }

            if (t is null || v is null)
            {
                throw Bad($"cues[{index}] is missing '{(t is null ? "t" : "v")}'.");
            }

            cues.Add(new VisemeCue(t.Value, v.Value));
        }
    }

    private static VisemeTimeline Validate(RawTimeline raw)
    {
        if ((raw.Present & Field.Version) == 0)
        {
            throw Bad("property 'version' is missing.");
        }

        if (raw.Version != VisemeTimeline.CurrentVersion)
        {
            throw Bad($"version {raw.Version} is not supported; this reader accepts version {VisemeTimeline.CurrentVersion} only.");
        }

        if (raw.UnknownProperty is not null)
        {
            throw Bad($"unknown property '{Trim(raw.UnknownProperty)}'; version 1 has only version, durationMs, speechMs, frameMs and cues.");
        }

        var missing = Field.All & ~raw.Present;
        if (missing != Field.None)
        {
            throw Bad($"property '{NameText(LowestFlag(missing))}' is missing.");
        }

        if (raw.FrameMs <= 0)
        {
            throw Bad($"frameMs must be positive, got {raw.FrameMs}.");
        }

        if (raw.FrameMs > TimelineLimits.MaxFrameMs)
        {
            throw Bad($"frameMs must be at most {TimelineLimits.MaxFrameMs}, got {raw.FrameMs}.");
        }

        if (raw.DurationMs < 0)
        {
            throw Bad($"durationMs must not be negative, got {raw.DurationMs}.");
        }

        if (raw.SpeechMs < 0 || raw.SpeechMs > raw.DurationMs)
        {
            throw Bad($"speechMs must be between 0 and durationMs ({raw.DurationMs}), got {raw.SpeechMs}.");
        }

        var cues = raw.Cues;
        if (cues.Count == 0 || cues[0].T != 0)
        {
            throw Bad("the first cue must start at t = 0.");
        }

        for (var i = 0; i < cues.Count; i++)
        {
            var cue = cues[i];
            if (!Visemes.IsValid(cue.V))
            {
                throw Bad($"cues[{i}].v = {cue.V} is not a viseme id (0..{Visemes.MaxId}).");
            }

            if (i == 0)
            {
                continue;
            }

            var previous = cues[i - 1];
            if (cue.T <= previous.T)
            {
                throw Bad($"cue offsets must be strictly increasing: cues[{i}].t = {cue.T} follows {previous.T}.");
            }

            if (cue.T % raw.FrameMs != 0)
            {
                throw Bad($"cues[{i}].t = {cue.T} is not a multiple of frameMs ({raw.FrameMs}).");
            }

            if (cue.T >= raw.DurationMs)
            {
                throw Bad($"cues[{i}].t = {cue.T} is not before durationMs ({raw.DurationMs}).");
            }

            if (cue.V == previous.V)
            {
                throw Bad($"cues[{i}] repeats viseme {cue.V}; a cue appears only when the viseme changes.");
            }
        }

        return new VisemeTimeline
        {
            Version = VisemeTimeline.CurrentVersion,
            DurationMs = raw.DurationMs,
            SpeechMs = raw.SpeechMs,
            FrameMs = raw.FrameMs,
            Cues = cues.ToArray(),
        };
    }

    private static int ReadInt(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw Bad($"'{name}' must be an integer, not {Describe(reader.TokenType)}.");
        }

        if (reader.TryGetInt32(out var value))
        {
            return value;
        }

        var raw = reader.ValueSpan;
        return raw.IndexOfAny(".eE"u8) >= 0
            ? throw Bad($"'{name}' must be a whole number, got {Trim(Encoding.UTF8.GetString(raw))}.")
            : throw Bad($"'{name}' is outside the 32-bit integer range.");
    }

    private static Field NameOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("version"u8) ? Field.Version
        : reader.ValueTextEquals("durationMs"u8) ? Field.DurationMs
        : reader.ValueTextEquals("speechMs"u8) ? Field.SpeechMs
        : reader.ValueTextEquals("frameMs"u8) ? Field.FrameMs
        : reader.ValueTextEquals("cues"u8) ? Field.Cues
        : Field.None;

    private static string NameText(Field field) => field switch
    {
        Field.Version => "version",
        Field.DurationMs => "durationMs",
        Field.SpeechMs => "speechMs",
        Field.FrameMs => "frameMs",
        _ => "cues",
    };

    private static Field LowestFlag(Field set) => (Field)((int)set & -(int)set);

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        _ => token.ToString(),
    };

    private static string Trim(string? text) =>
        text is null ? string.Empty : text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 80), "…");

    private static LipsyncException TooLarge() =>
        Bad($"the document is larger than {TimelineLimits.MaxJsonBytes} bytes.");

    private static LipsyncException Bad(string detail) =>
        new(ErrorCodes.BadTimeline, "Invalid viseme timeline: " + detail);
}
