using System.Buffers.Binary;
using Lipsync.Engine.Audio.Opus;

namespace Lipsync.Engine.Audio.Mp4;

/// <summary>
/// Opus in MP4 ("Encapsulation of Opus in ISO Base Media File Format"): the 'dOps' box is the Opus header
/// with big-endian fields, and the edit list's duration marks where the audio ends.
/// </summary>
internal sealed class Mp4OpusPackets : IOpusPackets
{
    private readonly Mp4SampleReader _reader;

    public Mp4OpusPackets(Stream stream, Mp4AudioTrack track)
    {
        var dops = track.CodecConfig;
        if (dops[0] != 0)
        {
            throw AudioErrors.Unsupported($"'dOps' version {dops[0]}.");
        }

        // The Opus header's fields in big-endian: channels, pre-skip, input rate, gain, mapping family.
        Head = OpusHead.Create(dops[1], BinaryPrimitives.ReadUInt16BigEndian(dops.AsSpan(2)), BinaryPrimitives.ReadInt16BigEndian(dops.AsSpan(8)), dops[10]);
        EndGranule = track.Length is { } length ? Head.PreSkip + (long)Math.Round(length * 48_000.0 / track.Timescale) : null;
        _reader = new Mp4SampleReader(stream, track.Samples);
    }

    public OpusHead Head { get; }

    public long? EndGranule { get; }

    public bool TryRead(out ReadOnlyMemory<byte> packet)
    {
        var read = _reader.TryRead(out var buffer, out var length);
        packet = buffer.AsMemory(0, length);
        return read;
    }

    public void Dispose() => _reader.Dispose();
}
