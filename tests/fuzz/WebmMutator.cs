using System.Buffers.Binary;
using Lipsync.Engine.Audio.Matroska;

namespace Lipsync.Fuzzing;

/// <summary>
/// Mutates a WebM file element by element: Opus packets inside blocks (the block header kept), block
/// flags and lacing, element sizes rewritten in place (interesting values, unknown size, past the end),
/// IDs swapped, the OpusHead in CodecPrivate, elements dropped or repeated, and cuts.
/// </summary>
public sealed class WebmMutator(byte[] seed) : IMutator
{
    private static readonly ulong[] Masters = [0x1A45DFA3, 0x18538067, 0x1654AE6B, 0xAE, 0x1F43B675, 0xA0];
    private readonly List<Element> _elements = Walk(seed);

    public string Format => "webm";

    public byte[] Mutate(Random random)
    {
        var bytes = seed.ToArray();
        var blocks = _elements.Where(e => e.Id is 0xA3 or 0xA1).ToList();
        var rounds = 1 + random.Next(3);
        for (var r = 0; r < rounds; r++)
        {
            var element = _elements[random.Next(_elements.Count)];
            var block = blocks.Count > 0 ? blocks[random.Next(blocks.Count)] : element;
            switch (random.Next(8))
            {
                case 0:
                case 1: // an Opus packet's bytes
                    if (block.DataLength > 4)
                    {
                        Mutation.Bytes(random, bytes.AsSpan(block.Data + 4, block.DataLength - 4));
                    }

                    break;
                case 2: // block flags: lacing modes, with a frame count byte that may not fit
                    if (block.DataLength > 4)
                    {
                        bytes[block.Data + 3] = (byte)random.Next(256);
                        bytes[block.Data + 4] = (byte)random.Next(256);
                    }

                    break;
                case 3: // a size rewritten in its own width
                    WriteSize(bytes, element, random.Next(3) switch
                    {
                        0 => ulong.MaxValue, // unknown size
                        1 => (ulong)Mutation.InterestingValue(random),
                        _ => (ulong)random.Next(element.DataLength * 2 + 2),
                    });
                    break;
                case 4: // the OpusHead (version, channels, pre-skip, gain, mapping family)
                    var head = bytes.AsSpan().IndexOf("OpusHead"u8);
                    if (head >= 0 && head + 19 <= bytes.Length)
                    {
                        Mutation.Bytes(random, bytes.AsSpan(head + 8, 11));
                    }

                    break;
                case 5: // an ID byte
                    bytes[element.Start] = (byte)random.Next(256);
                    break;
                case 6: // an element dropped or repeated (its parents' sizes now lie)
                    var whole = bytes[element.Start..(element.Data + element.DataLength)];
                    bytes = random.Next(2) == 0
                        ? [.. bytes[..element.Start], .. bytes[(element.Data + element.DataLength)..]]
                        : [.. bytes[..element.Start], .. whole, .. bytes[element.Start..]];
                    return bytes; // offsets are stale now
                default:
                    return bytes[..random.Next(bytes.Length)];
            }
        }

        return bytes;
    }

    /// <summary>Every element of a well-formed file, depth first, entering the masters the demuxer reads.</summary>
    public static List<Element> Walk(byte[] file)
    {
        var elements = new List<Element>();
        Walk(file, 0, file.Length, elements);
        return elements;
    }

    private static void Walk(byte[] file, int from, int to, List<Element> elements)
    {
        var at = from;
        while (at < to)
        {
            var start = at;
            if (!EbmlVint.TryRead(file, ref at, keepMarker: true, out var id, out _)
                || !EbmlVint.TryRead(file, ref at, keepMarker: false, out var size, out var sizeLength))
            {
                return;
            }

            var unknown = size == (1UL << (7 * sizeLength)) - 1;
            var length = unknown ? to - at : (int)Math.Min((ulong)(to - at), size);
            elements.Add(new Element(id, start, at - sizeLength, sizeLength, at, length));
            if (Masters.Contains(id))
            {
                Walk(file, at, at + length, elements);
            }

            at += length;
        }
    }

    /// <summary>Rewrites an element's size in its own width (<see cref="ulong.MaxValue"/>: "unknown size").</summary>
    public static void WriteSize(byte[] bytes, Element element, ulong value)
    {
        var bits = 7 * element.SizeLength;
        var max = (1UL << bits) - 1;
        var v = Math.Min(value, max) | (1UL << bits); // the marker bit
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(buffer, v);
        buffer[(8 - element.SizeLength)..].CopyTo(bytes.AsSpan(element.SizeAt));
    }

    /// <summary>An element: its ID, where it starts, where its size is and how wide, where its data is and how long.</summary>
    public readonly record struct Element(ulong Id, int Start, int SizeAt, int SizeLength, int Data, int DataLength);
}
