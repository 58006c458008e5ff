using System.Globalization;
using System.Net.Http.Headers;

namespace Lipsync.Engine.Audio;

/// <summary>Sample encodings of headerless audio.</summary>
public enum RawEncoding
{
    /// <summary>Signed 16-bit, big-endian (network order): <c>audio/L16</c>, RFC 2586.</summary>
    Linear16BigEndian,

    /// <summary>Signed 16-bit, little-endian: <c>audio/pcm</c>, what TTS services' "pcm" outputs are.</summary>
    Linear16LittleEndian,

    /// <summary>G.711 μ-law: <c>audio/basic</c> (8 kHz mono, RFC 2046) or <c>audio/PCMU</c>.</summary>
    MuLaw,

    /// <summary>G.711 A-law: <c>audio/PCMA</c>.</summary>
    ALaw,
}

/// <summary>
/// Headerless audio as its media type declares it: the one case where bytes cannot tell the format,
/// so the declared type is consulted. Anything with a container header is still read from its bytes.
/// </summary>
public sealed record RawAudioFormat(RawEncoding Encoding, int SampleRate, int Channels)
{
    /// <summary>The media types that declare headerless audio, for error messages and docs.</summary>
    public const string Accepted = "audio/L16;rate=R[;channels=C] (big-endian), audio/pcm;rate=R[;channels=C] (little-endian), audio/basic, audio/PCMU[;rate=R], audio/PCMA[;rate=R]";

    /// <summary>
    /// Reads a Content-Type. Returns false, with a reason, for a raw type with missing or impossible
    /// parameters; true with <paramref name="format"/> null for any other type (the bytes decide).
    /// </summary>
    public static bool TryParse(string? contentType, out RawAudioFormat? format, out string? problem)
    {
        format = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(contentType) || !MediaTypeHeaderValue.TryParse(contentType, out var media) || media.MediaType is null)
        {
            return true;
        }

        (RawEncoding Encoding, int? Rate)? kind = media.MediaType.ToUpperInvariant() switch
        {
            "AUDIO/L16" => (RawEncoding.Linear16BigEndian, null),
            "AUDIO/PCM" or "AUDIO/X-PCM" => (RawEncoding.Linear16LittleEndian, null),
            "AUDIO/BASIC" => (RawEncoding.MuLaw, 8000),
            "AUDIO/PCMU" => (RawEncoding.MuLaw, 8000),
            "AUDIO/PCMA" => (RawEncoding.ALaw, 8000),
            _ => null,
        };
        if (kind is not { } k)
        {
            return true;
        }

        var rate = Parameter(media, "rate");
        var channels = Parameter(media, "channels");
        if (rate is null && k.Rate is null)
        {
            problem = $"'{media.MediaType}' needs its sample rate, e.g. '{media.MediaType};rate=16000;channels=1'.";
            return false;
        }

        if (rate is { } r && (r < 1000 || r > 768_000))
        {
            problem = $"'{media.MediaType}' declares an impossible sample rate ({r} Hz).";
            return false;
        }

        if (channels is { } c && (c < 1 || c > 8))
        {
            problem = $"'{media.MediaType}' declares {c} channels (1 to 8 are accepted).";
            return false;
        }

        format = new RawAudioFormat(k.Encoding, rate ?? k.Rate!.Value, channels ?? 1);
        return true;
    }

    private static int? Parameter(MediaTypeHeaderValue media, string name)
    {
        var value = media.Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.Value?.Trim('"');
        if (value is null)
        {
            return null;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
    }
}
