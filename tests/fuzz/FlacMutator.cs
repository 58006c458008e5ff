using System.Buffers.Binary;
using Lipsync.Engine.Audio.Flac;

namespace Lipsync.Fuzzing;

/// <summary>
/// Mutates a FLAC file frame by frame and, unless the checksum is the mutation, re-computes each frame
/// header's CRC-8 and each frame's CRC-16, so broken subframes, residuals and headers get past the
/// checks and into the decoder's arithmetic. Also: stream info fields, metadata block sizes, frames
/// dropped, repeated or cut.
/// </summary>
public sealed class FlacMutator(byte[] seed) : IMutator
{
    private readonly byte[] _metadata = seed[..FirstFrame(seed)];
    private readonly List<byte[]> _frames = SplitFrames(seed);

    public string Format => "flac";

    public byte[] Mutate(Random random)
    {
        var metadata = _metadata.ToArray();
        var frames = _frames.Select(f => f.ToArray()).ToList();
        var fixCrc = random.Next(6) != 0;
        var rounds = 1 + random.Next(3);
        for (var r = 0; r < rounds; r++)
        {
            var i = random.Next(frames.Count);
            var frame = frames[i];
            switch (random.Next(9))
            {
                case 0:
                case 1:
                case 2: // subframes and residuals: the bulk of the decoder
                    Mutation.Bytes(random, frame.AsSpan(Math.Min(frame.Length - 2, HeaderLength(frame)), Math.Max(0, frame.Length - 2 - HeaderLength(frame))));
                    break;
                case 3: // frame header fields: block size, rate, channels, sample size codes
                    frame[2] = (byte)random.Next(256);
                    frame[3] = (byte)random.Next(256);
                    break;
                case 4: // stream info: block sizes, rate, channels, bits per sample
                    Mutation.Bytes(random, metadata.AsSpan(8, 18));
                    break;
                case 5: // a metadata block's declared length
                    var length = (uint)Mutation.InterestingValue(random) & 0xFFFFFF;
                    metadata[5] = (byte)(length >> 16);
                    metadata[6] = (byte)(length >> 8);
                    metadata[7] = (byte)length;
                    break;
                case 6:
                    if (frames.Count > 1)
                    {
                        frames.RemoveAt(i);
                    }

                    break;
                case 7:
                    frames.Insert(i, frame.ToArray());
                    break;
                default: // cut inside a frame
                    frames[i] = frame[..random.Next(frame.Length)];
                    fixCrc = false;
                    break;
            }
        }

        if (fixCrc)
        {
            foreach (var frame in frames)
            {
                FixCrcs(frame);
            }
        }

        byte[] bytes = [.. metadata, .. frames.SelectMany(f => f)];
        return random.Next(10) == 0 ? bytes[..random.Next(bytes.Length)] : bytes;
    }

    /// <summary>Where the first frame starts: after "fLaC" and the metadata blocks.</summary>
    public static int FirstFrame(byte[] file)
    {
        var at = 4;
        while (at + 4 <= file.Length)
        {
            var last = (file[at] & 0x80) != 0;
            at += 4 + ((file[at + 1] << 16) | (file[at + 2] << 8) | file[at + 3]);
            if (last)
            {
                break;
            }
        }

        return at;
    }

    /// <summary>The frames of a well-formed file: each starts at a sync code whose header CRC-8 checks.</summary>
    public static List<byte[]> SplitFrames(byte[] file)
    {
        var starts = new List<int>();
        for (var at = FirstFrame(file); at + 6 < file.Length; at++)
        {
            if (file[at] == 0xFF && (file[at + 1] & 0xFE) == 0xF8 && HeaderCrcMatches(file.AsSpan(at)))
            {
                starts.Add(at);
            }
        }

        starts.Add(file.Length);
        return [.. starts.Zip(starts.Skip(1), (a, b) => file[a..b])];
    }

    private static bool HeaderCrcMatches(ReadOnlySpan<byte> frame)
    {
        var length = HeaderLength(frame);
        if (length <= 0 || length >= frame.Length)
        {
            return false;
        }

        byte crc = 0;
        foreach (var b in frame[..(length - 1)])
        {
            crc = FlacCrc.Step8(crc, b);
        }

        return crc == frame[length - 1];
    }

    /// <summary>The frame header's length, CRC-8 byte included (RFC 9639, 9.1); 0 if it cannot be one.</summary>
    private static int HeaderLength(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 6)
        {
            return 0;
        }

        var at = 4;
        var first = frame[at];
        var extra = first < 0x80 ? 0 : first >= 0xFE ? 6 : System.Numerics.BitOperations.LeadingZeroCount((uint)(byte)~first) - 24 - 1;
        at += 1 + Math.Max(0, extra);
        var blockCode = frame[2] >> 4;
        var rateCode = frame[2] & 0x0F;
        at += blockCode == 6 ? 1 : blockCode == 7 ? 2 : 0;
        at += rateCode == 12 ? 1 : rateCode is 13 or 14 ? 2 : 0;
        return at + 1;
    }

    /// <summary>Recomputes a frame's header CRC-8 and frame CRC-16 in place (for hand-crafted cases too).</summary>
    public static void FixCrcs(byte[] frame)
    {
        var header = HeaderLength(frame);
        if (header <= 0 || header + 2 > frame.Length)
        {
            return;
        }

        byte crc8 = 0;
        foreach (var b in frame.AsSpan(0, header - 1))
        {
            crc8 = FlacCrc.Step8(crc8, b);
        }

        frame[header - 1] = crc8;
        ushort crc16 = 0;
        foreach (var b in frame.AsSpan(0, frame.Length - 2))
        {
            crc16 = FlacCrc.Step16(crc16, b);
        }

        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(frame.Length - 2), crc16);
    }
}
