namespace Lipsync.Fuzzing;

/// <summary>
/// Mutates an ADTS stream frame by frame: raw data blocks (element ids, section data, scalefactors,
/// Huffman-coded spectra) behind intact headers, header fields set to other values (profile, rate index,
/// channels, frame length, CRC flag), frames dropped, repeated or cut, the stream cut.
/// </summary>
public sealed class AdtsMutator(byte[] seed) : IMutator
{
    private readonly List<byte[]> _frames = Split(seed);

    public string Format => "adts";

    public byte[] Mutate(Random random)
    {
        var frames = _frames.Select(f => f.ToArray()).ToList();
        var rounds = 1 + random.Next(3);
        for (var r = 0; r < rounds; r++)
        {
            var i = random.Next(frames.Count);
            var frame = frames[i];
            if (frame.Length < 8)
            {
                continue;
            }

            switch (random.Next(10))
            {
                case 0:
                case 1:
                case 2: // the first bits of the raw data block: element ids, ics_info, sections, scalefactors
                    Mutation.Bytes(random, frame.AsSpan(7, Math.Min(frame.Length - 7, 24)));
                    break;
                case 3:
                case 4: // anywhere in the spectrum
                    Mutation.Bytes(random, frame.AsSpan(7));
                    break;
                case 5: // header fields that stay a header: profile, rate index, channels, CRC flag
                    var field = random.Next(4);
                    if (field == 0) { frame[2] = (byte)((frame[2] & 0x3F) | (random.Next(4) << 6)); }
                    else if (field == 1) { frame[2] = (byte)((frame[2] & 0xC3) | (random.Next(16) << 2)); }
                    else if (field == 2) { frame[2] = (byte)((frame[2] & 0xFE) | random.Next(2)); frame[3] = (byte)((frame[3] & 0x3F) | (random.Next(4) << 6)); }
                    else { frame[1] ^= 0x01; }
                    break;
                case 6: // the 13-bit frame length
                    var length = random.Next(4) == 0 ? random.Next(8192) : Math.Max(0, frame.Length + random.Next(-16, 17));
                    frame[3] = (byte)((frame[3] & 0xFC) | (length >> 11));
                    frame[4] = (byte)(length >> 3);
                    frame[5] = (byte)((frame[5] & 0x1F) | ((length & 7) << 5));
                    break;
                case 7:
                    if (frames.Count > 1) { frames.RemoveAt(i); } else { frames.Insert(i, frame.ToArray()); }
                    break;
                case 8:
                    frames.Insert(i, frame.ToArray());
                    break;
                default:
                    frames[i] = frame[..random.Next(frame.Length)];
                    break;
            }
        }

        byte[] bytes = [.. frames.SelectMany(f => f)];
        return random.Next(10) == 0 ? bytes[..random.Next(bytes.Length)] : bytes;
    }

    private static List<byte[]> Split(byte[] stream)
    {
        var frames = new List<byte[]>();
        var at = 0;
        while (at + 7 <= stream.Length)
        {
            var length = ((stream[at + 3] & 3) << 11) | (stream[at + 4] << 3) | (stream[at + 5] >> 5);
            if (length < 7 || at + length > stream.Length)
            {
                break;
            }

            frames.Add(stream[at..(at + length)]);
            at += length;
        }

        return frames.Count > 0 ? frames : throw new InvalidOperationException("the ADTS seed has no frames");
    }
}
