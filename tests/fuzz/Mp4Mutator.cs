using System.Buffers.Binary;
using Lipsync.Engine.Audio.Mp4;

namespace Lipsync.Fuzzing;

/// <summary>
/// Mutates an MP4 file with its box tree in mind: coded samples (AAC frames, Opus packets) changed where
/// the sample table says they are, so the codec sees them; fields of the header boxes (sample sizes,
/// chunk offsets, sample-to-chunk runs, edit lists, track runs, the ES descriptor and AudioSpecificConfig);
/// box sizes set to interesting values; boxes renamed, removed or duplicated; the file cut.
/// </summary>
public sealed class Mp4Mutator(byte[] seed, string format) : IMutator
{
    private static readonly HashSet<string> Containers = ["moov", "trak", "mdia", "minf", "stbl", "edts", "mvex", "moof", "traf", "dinf", "wave"];
    private readonly IReadOnlyList<Mp4Sample> _samples = Mp4Demuxer.Read(new MemoryStream(seed)).Samples;
    private readonly List<Box> _boxes = Walk(seed, 0, seed.Length, 0);

    public string Format => format;

    public byte[] Mutate(Random random)
    {
        var bytes = seed.ToArray();
        var rounds = 1 + random.Next(3);
        for (var r = 0; r < rounds; r++)
        {
            var box = _boxes[random.Next(_boxes.Count)];
            switch (random.Next(10))
            {
                case 0:
                case 1:
                case 2:
                case 3: // a coded sample: the codec's own syntax
                    var sample = _samples[random.Next(_samples.Count)];
                    Mutation.Bytes(random, bytes.AsSpan((int)sample.Offset, sample.Size));
                    break;
                case 4:
                case 5: // a header box's fields
                    if (!box.Container && box.Length > box.Header)
                    {
                        Mutation.Bytes(random, bytes.AsSpan(box.Start + box.Header, box.Length - box.Header));
                    }

                    break;
                case 6: // a 32-bit field of a header box set to an interesting value
                    if (!box.Container && box.Length >= box.Header + 4)
                    {
                        var at = box.Start + box.Header + (4 * random.Next((box.Length - box.Header) / 4));
                        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(at), (uint)Mutation.InterestingValue(random));
                    }

                    break;
                case 7: // a box's size
                    BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(box.Start), (uint)(random.Next(3) == 0 ? Mutation.InterestingValue(random) : box.Length + random.Next(-16, 17)));
                    break;
                case 8: // a box renamed: required ones go missing, or repeat under another name
                    var names = new[] { "free", "moov", "trak", "mdat", "stsz", "stco", "co64", "elst", "moof", "trun", "esds", "Opus", "mp4a" };
                    System.Text.Encoding.ASCII.GetBytes(names[random.Next(names.Length)]).CopyTo(bytes.AsSpan(box.Start + 4));
                    break;
                default:
                    bytes = bytes[..random.Next(bytes.Length)];
                    return bytes;
            }
        }

        return bytes;
    }

    /// <summary>Every box in the tree (sample entries and their children included), outermost first.</summary>
    private static List<Box> Walk(byte[] file, int start, int end, int depth)
    {
        var boxes = new List<Box>();
        var at = start;
        while (at + 8 <= end && depth < 12)
        {
            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(file, at + 4, 4);
            size = size == 0 ? end - at : size;
            if (size < 8 || at + size > end)
            {
                break;
            }

            var container = Containers.Contains(type);
            boxes.Add(new Box(at, size, 8, container));
            if (container)
            {
                boxes.AddRange(Walk(file, at + 8, at + size, depth + 1));
            }
            else if (type == "stsd")
            {
                boxes.AddRange(Walk(file, at + 16, at + size, depth + 1)); // version, flags, entry count
            }
            else if (type is "mp4a" or "Opus")
            {
                boxes.AddRange(Walk(file, at + 36, at + size, depth + 1)); // the audio sample entry's fields
            }

            at += size;
        }

        return boxes;
    }

    private readonly record struct Box(int Start, int Length, int Header, bool Container);
}
