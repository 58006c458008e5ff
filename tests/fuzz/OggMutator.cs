using System.Buffers.Binary;
using Lipsync.Engine.Audio.Ogg;

namespace Lipsync.Fuzzing;

/// <summary>
/// Mutates an Ogg file page by page and, unless the mutation is about the container itself, leaves
/// every page well-formed (lacing consistent with the body, sequence numbers in order, CRC correct) so
/// the bytes get past the page checks and into the Vorbis decoder.
/// </summary>
public sealed class OggMutator(byte[] seed, string format = "ogg") : IMutator
{
    private readonly List<byte[]> _pages = Split(seed);

    public string Format => format;

    public byte[] Mutate(Random random)
    {
        var pages = _pages.Select(p => p.ToArray()).ToList();
        var rounds = 1 + random.Next(3);
        var keepCrc = false;
        var keepSequence = false;
        for (var r = 0; r < rounds; r++)
        {
            var i = random.Next(pages.Count);
            var page = pages[i];
            var bodyStart = 27 + page[26];
            switch (random.Next(10))
            {
                case 0:
                case 1: // codec bytes: mostly the setup header (page 1) and audio packets
                    Mutation.Bytes(random, page.AsSpan(Math.Min(bodyStart, page.Length)));
                    break;
                case 2:
                    BinaryPrimitives.WriteInt64LittleEndian(page.AsSpan(6), Mutation.InterestingValue(random));
                    break;
                case 3: // identification header fields: channels, rate, block sizes, framing (Opus: pre-skip, rate, gain, mapping)
                    if (pages[0].Length < 28 + 30)
                    {
                        break;
                    }

                    var id = pages[0].AsSpan(28);
                    var field = random.Next(4);
                    if (field == 0) { id[11] = (byte)Mutation.InterestingValue(random); }
                    else if (field == 1) { BinaryPrimitives.WriteInt32LittleEndian(id[12..], (int)Mutation.InterestingValue(random)); }
                    else if (field == 2) { id[28] = (byte)random.Next(256); }
                    else { id[29] ^= 1; }
                    break;
                case 4:
                    if (pages.Count > 1) { pages.RemoveAt(i); }
                    break;
                case 5:
                    pages.Insert(i, page.ToArray());
                    break;
                case 6:
                    page[5] = (byte)random.Next(8);
                    break;
                case 7: // one lacing value changed, the body cut or padded to match
                    if (page[26] > 0 && page.Length >= 27 + page[26])
                    {
                        var seg = random.Next(page[26]);
                        var old = page[27 + seg];
                        var now = (byte)random.Next(256);
                        var bodyAt = bodyStart + page.AsSpan(27, seg).ToArray().Sum(b => b);
                        var fill = new byte[now];
                        random.NextBytes(fill);
                        if (bodyAt + old > page.Length)
                        {
                            break; // an earlier round broke this page's lacing on purpose
                        }

                        pages[i] = [.. page[..bodyAt], .. fill, .. page[(bodyAt + old)..]];
                        pages[i][27 + seg] = now;
                    }

                    break;
                case 8:
                    keepCrc = random.Next(4) == 0;
                    keepSequence = !keepCrc;
                    break;
                default:
                    Mutation.Bytes(random, page.AsSpan(0, Math.Min(bodyStart, page.Length)));
                    break;
            }
        }

        for (var i = 0; i < pages.Count; i++)
        {
            if (pages[i].Length < 27)
            {
                continue;
            }

            if (!keepSequence)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(pages[i].AsSpan(18), (uint)i);
            }

            if (!keepCrc)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(pages[i].AsSpan(22), OggCrc.OfPage(pages[i]));
            }
        }

        var bytes = pages.SelectMany(p => p).ToArray();
        return random.Next(8) == 0 ? bytes[..random.Next(bytes.Length)] : bytes;
    }

    /// <summary>The pages of a well-formed Ogg file.</summary>
    public static List<byte[]> Split(byte[] file)
    {
        var pages = new List<byte[]>();
        var at = 0;
        while (at + 27 <= file.Length && at + 27 + file[at + 26] <= file.Length)
        {
            var segments = file[at + 26];
            var length = 27 + segments + file.AsSpan(at + 27, segments).ToArray().Sum(b => b);
            if (at + length > file.Length)
            {
                break;
            }

            pages.Add(file[at..(at + length)]);
            at += length;
        }

        return pages;
    }

    /// <summary>Joins pages, renumbering them and fixing every CRC (for hand-crafted cases).</summary>
    public static byte[] Join(IEnumerable<byte[]> pages)
    {
        var list = pages.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(list[i].AsSpan(18), (uint)i);
            BinaryPrimitives.WriteUInt32LittleEndian(list[i].AsSpan(22), OggCrc.OfPage(list[i]));
        }

        return list.SelectMany(p => p).ToArray();
    }
}
