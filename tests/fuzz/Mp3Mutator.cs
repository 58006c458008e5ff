namespace Lipsync.Fuzzing;

/// <summary>
/// Mutates an MP3 frame by frame: payloads (side information and Huffman data) behind intact frame
/// headers, header fields set to other valid values, frames dropped, repeated or separated by junk,
/// and ID3 tags whose declared size lies.
/// </summary>
public sealed class Mp3Mutator(byte[] seed) : IMutator
{
    private readonly List<byte[]> _frames = Split(seed);

    public string Format => "mp3";

    public byte[] Mutate(Random random)
    {
        var frames = _frames.Select(f => f.ToArray()).ToList();
        var rounds = 1 + random.Next(3);
        byte[] prefix = [];
        for (var r = 0; r < rounds; r++)
        {
            var i = random.Next(frames.Count);
            var frame = frames[i];
            var kind = random.Next(8);
            if (kind <= 3 && frame.Length < 8)
            {
                continue; // junk inserted by an earlier round, not a frame
            }

            switch (kind)
            {
                case 0:
                case 1: // side information and the start of the main data
                    Mutation.Bytes(random, frame.AsSpan(4, Math.Min(frame.Length - 4, 40)));
                    break;
                case 2:
                    Mutation.Bytes(random, frame.AsSpan(4));
                    break;
                case 3: // bitrate, sample rate, padding, mode, layer or version, still with a frame sync
                    var field = random.Next(5);
                    if (field == 0) { frame[2] = (byte)((frame[2] & 0x0F) | (random.Next(16) << 4)); }
                    else if (field == 1) { frame[2] = (byte)((frame[2] & 0xF3) | (random.Next(4) << 2)); }
                    else if (field == 2) { frame[2] ^= 0x02; }
                    else if (field == 3) { frame[3] = (byte)random.Next(256); }
                    else { frame[1] = (byte)(0xE0 | random.Next(32)); }
                    break;
                case 4:
                    if (frames.Count > 1) { frames.RemoveAt(i); }
                    break;
                case 5:
                    frames.Insert(i, frame.ToArray());
                    break;
                case 6:
                    var junk = new byte[random.Next(1, 64)];
                    random.NextBytes(junk);
                    if (random.Next(2) == 0) { junk[0] = 0xFF; junk[^1] = 0xFF; }
                    frames.Insert(i, junk);
                    break;
                default: // an ID3v2 tag whose size may lie
                    var size = random.Next(4) == 0 ? 0x0FFF_FFFF : random.Next(0, 4096);
                    prefix = [(byte)'I', (byte)'D', (byte)'3', 3, 0, (byte)(random.Next(2) * 0x10),
                        (byte)((size >> 21) & 0x7F), (byte)((size >> 14) & 0x7F), (byte)((size >> 7) & 0x7F), (byte)(size & 0x7F)];
                    break;
            }
        }

        var bytes = prefix.Concat(frames.SelectMany(f => f)).ToArray();
        return random.Next(8) == 0 ? bytes[..random.Next(bytes.Length)] : bytes;
    }

    /// <summary>The frames of a constant-layout MPEG-1/2 Layer III file (ID3v2 skipped), by their headers.</summary>
    public static List<byte[]> Split(byte[] file)
    {
        var at = 0;
        if (file.AsSpan().StartsWith("ID3"u8))
        {
            at = 10 + ((file[6] & 0x7F) << 21 | (file[7] & 0x7F) << 14 | (file[8] & 0x7F) << 7 | (file[9] & 0x7F));
        }

        var frames = new List<byte[]>();
        while (at + 4 <= file.Length && FrameLength(file.AsSpan(at)) is { } length && at + length <= file.Length)
        {
            frames.Add(file[at..(at + length)]);
            at += length;
        }

        return frames.Count > 0 ? frames : throw new ArgumentException("not an MP3 seed", nameof(file));
    }

    private static int? FrameLength(ReadOnlySpan<byte> h)
    {
        if (h[0] != 0xFF || (h[1] & 0xE0) != 0xE0 || (h[1] & 0x06) != 0x02)
        {
            return null;
        }

        var mpeg1 = (h[1] & 0x18) == 0x18;
        int[] rates1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
        int[] rates2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
        var index = h[2] >> 4;
        var srIndex = (h[2] >> 2) & 3;
        if (index is 0 or 15 || srIndex == 3)
        {
            return null;
        }

        int[] rates = mpeg1 ? [44100, 48000, 32000] : (h[1] & 0x18) == 0x10 ? [22050, 24000, 16000] : [11025, 12000, 8000];
        var bitrate = (mpeg1 ? rates1 : rates2)[index] * 1000;
        var padding = (h[2] >> 1) & 1;
        return ((mpeg1 ? 144 : 72) * bitrate / rates[srIndex]) + padding;
    }
}
