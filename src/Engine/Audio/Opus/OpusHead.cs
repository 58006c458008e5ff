using System.Buffers.Binary;

namespace Lipsync.Engine.Audio.Opus;

/// <summary>
/// The Opus identification header (RFC 7845, section 5.1), as Ogg carries it in its first packet and
/// Matroska in the track's CodecPrivate. Only channel mapping family 0 (mono or stereo) is taken:
/// that is what browsers, TTS services and opusenc emit for speech.
/// </summary>
internal readonly record struct OpusHead(int Channels, int PreSkip, float Gain)
{
    public static bool Matches(ReadOnlySpan<byte> packet) => packet.StartsWith("OpusHead"u8);

    public static OpusHead Parse(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 19 || !Matches(packet))
        {
            throw AudioErrors.Undecodable("the Opus identification header is missing or too short.");
        }

        // Spec: a major version (upper four bits) other than 0 is an incompatible format.
        if (packet[8] >> 4 != 0)
        {
            throw AudioErrors.Unsupported($"Opus header version {packet[8]}.");
        }

        var channels = packet[9];
        var preSkip = BinaryPrimitives.ReadUInt16LittleEndian(packet[10..]);
        var gainQ8 = BinaryPrimitives.ReadInt16LittleEndian(packet[16..]);
        var family = packet[18];
        if (channels == 0)
        {
            throw AudioErrors.Undecodable("the Opus header declares no channels.");
        }

        return Create(channels, preSkip, gainQ8, family);
    }

    /// <summary>The header from its fields, whichever container carried them (Ogg's OpusHead, MP4's 'dOps').</summary>
    public static OpusHead Create(int channels, int preSkip, short gainQ8, int family)
    {
        if (family != 0 || channels is 0 or > 2)
        {
            throw AudioErrors.Unsupported($"Opus with {channels} channels (channel mapping family {family}); send mono or stereo.");
        }

        // Output gain is Q7.8 dB (spec: applied by every decoder).
        return new OpusHead(channels, preSkip, MathF.Pow(10f, gainQ8 / (20f * 256f)));
    }
}
