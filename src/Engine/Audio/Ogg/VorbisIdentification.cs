using System.Buffers.Binary;

namespace Lipsync.Engine.Audio.Ogg;

/// <summary>
/// The Vorbis identification header, checked against the Vorbis I specification (section 4.2.2)
/// before any decoder sees it: NVorbis trusts these fields, and an out-of-range block size makes its
/// sample loop spin forever.
/// </summary>
internal readonly record struct VorbisIdentification(int Channels, int SampleRate, int BlockSize0, int BlockSize1)
{
    public const int Length = 30;

    public static VorbisIdentification Parse(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 7 || packet[0] != 1 || !packet[1..7].SequenceEqual("vorbis"u8))
        {
            throw AudioErrors.Unsupported("an Ogg stream that is not Vorbis.");
        }

        if (packet.Length != Length)
        {
            throw AudioErrors.Undecodable("the Vorbis identification header has the wrong length.");
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(packet[7..]);
        var channels = packet[11];
        var rate = BinaryPrimitives.ReadUInt32LittleEndian(packet[12..]);
        var exponent0 = packet[28] & 0x0F;
        var exponent1 = packet[28] >> 4;
        if (version != 0 || channels == 0 || rate is < 1000 or > 768_000)
        {
            throw AudioErrors.Undecodable("the Vorbis identification header declares an impossible format.");
        }

        // Spec: block sizes are 64..8192 samples and blocksize_0 <= blocksize_1; the framing bit is set.
        if (exponent0 is < 6 or > 13 || exponent1 is < 6 or > 13 || exponent0 > exponent1 || (packet[29] & 1) == 0)
        {
            throw AudioErrors.Undecodable("the Vorbis identification header declares impossible block sizes.");
        }

        return new VorbisIdentification(channels, (int)rate, 1 << exponent0, 1 << exponent1);
    }
}
