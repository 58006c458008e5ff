namespace Lipsync.Engine.Audio.Mp4;

/// <summary>
/// A track's sample table (ISO/IEC 14496-12, 8.5-8.7): sizes (stsz), sample-to-chunk runs (stsc) and chunk
/// offsets (stco, co64) give each sample's place in the file. Every loop walks a table held in the box,
/// so its length is bounded by the box's bytes.
/// </summary>
internal static class Mp4SampleTable
{
    public static void Read(ReadOnlySpan<byte> stbl, Mp4SampleList samples)
    {
        var stsz = Mp4Box.Child(stbl, "stsz");
        if (stsz.Length == 0)
        {
            return; // a fragmented file: the samples are in its fragments
        }

        var constant = Mp4Box.U32(stsz, 4);
        var count = Math.Min(Mp4Box.U32(stsz, 8), (uint)Mp4SampleList.MaxSamples + 1);
        var stco = Mp4Box.Child(stbl, "stco");
        var large = stco.Length == 0;
        var offsets = large ? Mp4Box.Child(stbl, "co64") : stco;
        var chunks = offsets.Length >= 8 ? Mp4Box.U32(offsets, 4) : 0;
        var stsc = Mp4Box.Child(stbl, "stsc");
        var runs = stsc.Length >= 8 ? Mp4Box.U32(stsc, 4) : 0;
        var sample = 0;
        for (var run = 0; run < runs && sample < count; run++)
        {
            var firstChunk = Mp4Box.U32(stsc, 8 + (run * 12));
            var perChunk = Mp4Box.U32(stsc, 12 + (run * 12));
            var lastChunk = run + 1 < runs ? Mp4Box.U32(stsc, 8 + ((run + 1) * 12)) - 1 : chunks;
            if (firstChunk == 0 || lastChunk > chunks)
            {
                throw Mp4Box.Corrupt();
            }

            for (var chunk = firstChunk; chunk <= lastChunk && sample < count; chunk++)
            {
                // Reading the chunk's offset fails past the table's end, so a lying count cannot spin.
                var offset = large ? (long)Math.Min(Mp4Box.U64(offsets, 8 + ((int)(chunk - 1) * 8)), long.MaxValue / 2) : Mp4Box.U32(offsets, 8 + ((int)(chunk - 1) * 4));
                for (var i = 0u; i < perChunk && sample < count; i++, sample++)
                {
                    long size = constant != 0 ? constant : Mp4Box.U32(stsz, 12 + (sample * 4));
                    samples.Add(offset, size);
                    offset += size;
                }
            }
        }
    }
}
