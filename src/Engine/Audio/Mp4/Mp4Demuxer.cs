namespace Lipsync.Engine.Audio.Mp4;

/// <summary>
/// Finds the first audio track of an ISO BMFF file (ISO/IEC 14496-12: MP4, M4A, MOV, and the fragmented
/// MP4 that Safari's MediaRecorder writes) and lists its samples. Only the 'moov' and 'moof' boxes are read
/// into memory, each under a size cap; media data is located, never scanned.
/// </summary>
internal static class Mp4Demuxer
{
    private const int MaxHeaderBox = 64 * 1024 * 1024;
    private const int MaxSamples = 4_000_000; // about 24 h of AAC at 48 kHz
    private const int MaxSampleSize = 1 << 20;
    private const int MaxTopLevelBoxes = 1_000_000;
    private const long MaxOffset = 1L << 48; // far past any file, and far from overflowing when sizes are added

    public static Mp4AudioTrack Read(Stream stream)
    {
        if (!stream.CanSeek)
        {
            throw AudioErrors.Undecodable("an MP4 file must be read from a seekable stream.");
        }

        Track? track = null;
        var samples = new List<Mp4Sample>();
        var fileLength = stream.Length;
        long at = 0;
        Span<byte> header = stackalloc byte[16];
        for (var boxes = 0; at + 8 <= fileLength; boxes++)
        {
            if (boxes == MaxTopLevelBoxes)
            {
                throw AudioErrors.Undecodable("the MP4 file has more top-level boxes than this engine reads.");
            }

            stream.Position = at;
            stream.ReadExactly(header[..8]);
            long size = Mp4Box.U32(header, 0);
            var type = Mp4Box.U32(header, 4);
            var headerSize = 8;
            if (size == 1)
            {
                if (at + 16 > fileLength)
                {
                    throw Mp4Box.Corrupt();
                }

                stream.ReadExactly(header[8..16]);
                size = (long)Math.Min(Mp4Box.U64(header, 8), long.MaxValue);
                headerSize = 16;
            }
            else if (size == 0)
            {
                size = fileLength - at;
            }

            if (size < headerSize)
            {
                throw Mp4Box.Corrupt();
            }

            var payloadLength = Math.Min(size, fileLength - at) - headerSize; // a cut last box still has its start
            if (type == Mp4Box.Code("moov"))
            {
                track = ReadMovie(ReadPayload(stream, payloadLength, size - headerSize), samples);
            }
            else if (type == Mp4Box.Code("moof"))
            {
                if (track is null)
                {
                    throw AudioErrors.Undecodable("an MP4 movie fragment comes before the movie header.");
                }

                ReadFragment(ReadPayload(stream, payloadLength, size - headerSize), at, track, samples);
            }

            at = size > fileLength - at ? fileLength : at + size; // a size past the end makes this the last box
        }

        if (track is null)
        {
            throw AudioErrors.Undecodable("the MP4 file has no movie header ('moov'): it may be cut short.");
        }

        samples.RemoveAll(s => s.Offset + s.Size > fileLength); // a recording cut mid-write keeps what it holds
        return new Mp4AudioTrack(track.Codec, track.Config, track.Timescale, samples, track.Priming, track.Length);
    }

    private static byte[] ReadPayload(Stream stream, long available, long declared)
    {
        if (declared > MaxHeaderBox)
        {
            throw AudioErrors.Undecodable("an MP4 header box is larger than this engine reads.");
        }

        if (available < declared)
        {
            throw Mp4Box.Corrupt();
        }

        var payload = new byte[declared];
        stream.ReadExactly(payload);
        return payload;
    }

    private static Track ReadMovie(ReadOnlySpan<byte> moov, List<Mp4Sample> samples)
    {
        var mvhd = Mp4Box.Child(moov, "mvhd");
        var movieTimescale = mvhd.Length > 0 ? (int)Mp4Box.U32(mvhd, mvhd[0] == 1 ? 20 : 12) : 0;
        foreach (var (type, start, length) in Mp4Box.Children(moov))
        {
            if (type != Mp4Box.Code("trak"))
            {
                continue;
            }

            var trak = moov.Slice(start, length);
            var mdia = Mp4Box.Child(trak, "mdia");
            var hdlr = Mp4Box.Child(mdia, "hdlr");
            if (hdlr.Length < 12 || Mp4Box.U32(hdlr, 8) != Mp4Box.Code("soun"))
            {
                continue;
            }

            var tkhd = Mp4Box.Child(trak, "tkhd");
            var trackId = tkhd.Length > 0 ? Mp4Box.U32(tkhd, tkhd[0] == 1 ? 20 : 12) : 0;
            var mdhd = Mp4Box.Child(mdia, "mdhd");
            if (mdhd.Length == 0)
            {
                throw Mp4Box.Corrupt();
            }

            var timescale = (int)Mp4Box.U32(mdhd, mdhd[0] == 1 ? 20 : 12);
            if (timescale <= 0)
            {
                throw AudioErrors.Undecodable("the MP4 audio track has no timescale.");
            }

            var stbl = Mp4Box.Child(Mp4Box.Child(mdia, "minf"), "stbl");
            var (codec, config) = ReadSampleDescription(Mp4Box.Child(stbl, "stsd"));
            ReadSampleTable(stbl, samples);
            var (priming, audioLength) = ReadEdits(Mp4Box.Child(Mp4Box.Child(trak, "edts"), "elst"), movieTimescale, timescale);
            var defaultSize = ReadDefaultSampleSize(Mp4Box.Child(moov, "mvex"), trackId);
            return new Track(trackId, codec, config, timescale, priming, audioLength, defaultSize);
        }

        throw AudioErrors.Unsupported("an MP4 file with no audio track.");
    }

    private static (Mp4Codec, byte[]) ReadSampleDescription(ReadOnlySpan<byte> stsd)
    {
        if (stsd.Length < 16 || Mp4Box.U32(stsd, 4) == 0)
        {
            throw AudioErrors.Undecodable("the MP4 audio track has no sample description.");
        }

        var entries = Mp4Box.Children(stsd[8..]);
        if (entries.Count == 0)
        {
            throw AudioErrors.Undecodable("the MP4 audio track has no sample description.");
        }

        var entry = entries[0];
        var body = stsd.Slice(8 + entry.Start, entry.Length);
        var version = Mp4Box.U16(body, 8); // QuickTime sound description versions add fields
        var childrenAt = 28 + (version == 1 ? 16 : version == 2 ? 36 : 0);
        var children = Mp4Box.Slice(body, childrenAt, body.Length - childrenAt);
        var format = entry.Type;
        if (format == Mp4Box.Code("mp4a"))
        {
            var esds = Mp4Box.Child(children, "esds");
            if (esds.Length == 0)
            {
                esds = Mp4Box.Child(Mp4Box.Child(children, "wave"), "esds");
            }

            return (Mp4Codec.Aac, EsDescriptor.AudioSpecificConfig(esds));
        }

        if (format == Mp4Box.Code("Opus"))
        {
            var dops = Mp4Box.Child(children, "dOps");
            return dops.Length >= 11 ? (Mp4Codec.Opus, dops.ToArray()) : throw AudioErrors.Undecodable("the MP4 Opus track has no 'dOps' box.");
        }

        throw AudioErrors.Unsupported($"an MP4 audio track coded as '{Printable(format)}'; AAC and Opus in MP4 are read.");
    }

    private static void ReadSampleTable(ReadOnlySpan<byte> stbl, List<Mp4Sample> samples)
    {
        var stsz = Mp4Box.Child(stbl, "stsz");
        if (stsz.Length == 0)
        {
            return; // a fragmented file: the samples are in its fragments
        }

        var constant = (int)Math.Min(Mp4Box.U32(stsz, 4), int.MaxValue);
        var count = Mp4Box.U32(stsz, 8);
        if (count > MaxSamples)
        {
            throw AudioErrors.Undecodable("the MP4 track has more samples than this engine reads.");
        }

        var stco = Mp4Box.Child(stbl, "stco");
        var co64 = Mp4Box.Child(stbl, "co64");
        var large = stco.Length == 0;
        var offsets = large ? co64 : stco;
        var chunks = offsets.Length >= 8 ? Mp4Box.U32(offsets, 4) : 0;
        var stsc = Mp4Box.Child(stbl, "stsc");
        var runs = stsc.Length >= 8 ? Mp4Box.U32(stsc, 4) : 0;
        var sample = 0;
        for (var run = 0; run < runs && sample < count; run++)
        {
            var firstChunk = Mp4Box.U32(stsc, 8 + (run * 12));
            var perChunk = Mp4Box.U32(stsc, 12 + (run * 12));
            var lastChunk = run + 1 < runs ? Mp4Box.U32(stsc, 8 + ((run + 1) * 12)) - 1 : chunks;
            if (firstChunk == 0 || lastChunk > chunks || perChunk > MaxSamples)
            {
                throw Mp4Box.Corrupt();
            }

            for (var chunk = firstChunk; chunk <= lastChunk && sample < count; chunk++)
            {
                var offset = large ? (long)Mp4Box.U64(offsets, 8 + ((int)(chunk - 1) * 8)) : Mp4Box.U32(offsets, 8 + ((int)(chunk - 1) * 4));
                for (var i = 0; i < perChunk && sample < count; i++, sample++)
                {
                    var size = constant != 0 ? constant : (int)Math.Min(Mp4Box.U32(stsz, 12 + (sample * 4)), int.MaxValue);
                    samples.Add(Checked(offset, size));
                    offset += size;
                }
            }
        }
    }

    private static (long? Priming, long? Length) ReadEdits(ReadOnlySpan<byte> elst, int movieTimescale, int timescale)
    {
        if (elst.Length < 8)
        {
            return (null, null);
        }

        var version = elst[0];
        var entries = Mp4Box.U32(elst, 4);
        var entrySize = version == 1 ? 20 : 12;
        for (var i = 0; i < entries && i < 16; i++)
        {
            var at = 8 + (i * entrySize);
            var duration = version == 1 ? (long)Math.Min(Mp4Box.U64(elst, at), long.MaxValue) : Mp4Box.U32(elst, at);
            var mediaTime = version == 1 ? (long)Mp4Box.U64(elst, at + 8) : (int)Mp4Box.U32(elst, at + 4);
            if (mediaTime < 0)
            {
                continue; // an empty edit (a delay before the track): not audio this engine needs
            }

            // The first edit that plays media: where it starts is the priming; its duration, when known, the audio.
            long? length = duration > 0 && movieTimescale > 0 ? (long)((double)duration * timescale / movieTimescale) : null;
            return (mediaTime, length);
        }

        return (0, null);
    }

    private static uint ReadDefaultSampleSize(ReadOnlySpan<byte> mvex, uint trackId)
    {
        if (mvex.Length == 0)
        {
            return 0;
        }

        foreach (var (type, start, length) in Mp4Box.Children(mvex))
        {
            var trex = mvex.Slice(start, length);
            if (type == Mp4Box.Code("trex") && Mp4Box.U32(trex, 4) == trackId)
            {
                return Mp4Box.U32(trex, 16);
            }
        }

        return 0;
    }

    private static void ReadFragment(ReadOnlySpan<byte> moof, long moofStart, Track track, List<Mp4Sample> samples)
    {
        foreach (var (type, start, length) in Mp4Box.Children(moof))
        {
            if (type != Mp4Box.Code("traf"))
            {
                continue;
            }

            var traf = moof.Slice(start, length);
            var tfhd = Mp4Box.Child(traf, "tfhd");
            if (tfhd.Length < 8 || Mp4Box.U32(tfhd, 4) != track.Id)
            {
                continue;
            }

            var flags = Mp4Box.U32(tfhd, 0) & 0xFFFFFF;
            var at = 8;
            var baseOffset = moofStart; // spec: without an explicit base, data offsets count from the 'moof'
            if ((flags & 0x1) != 0)
            {
                baseOffset = (long)Math.Min(Mp4Box.U64(tfhd, at), long.MaxValue);
                at += 8;
            }

            at += (flags & 0x2) != 0 ? 4 : 0;
            at += (flags & 0x8) != 0 ? 4 : 0;
            var defaultSize = (flags & 0x10) != 0 ? Mp4Box.U32(tfhd, at) : track.DefaultSize;
            var next = baseOffset;
            foreach (var (runType, runStart, runLength) in Mp4Box.Children(traf))
            {
                if (runType == Mp4Box.Code("trun"))
                {
                    next = ReadRun(traf.Slice(runStart, runLength), baseOffset, next, defaultSize, samples);
                }
            }
        }
    }

    private static long ReadRun(ReadOnlySpan<byte> trun, long baseOffset, long next, uint defaultSize, List<Mp4Sample> samples)
    {
        var flags = Mp4Box.U32(trun, 0) & 0xFFFFFF;
        var count = Mp4Box.U32(trun, 4);
        var at = 8;
        var offset = next;
        if ((flags & 0x1) != 0)
        {
            offset = baseOffset + (int)Mp4Box.U32(trun, at);
            at += 4;
        }

        at += (flags & 0x4) != 0 ? 4 : 0;
        var fieldSize = (((flags & 0x100) != 0) ? 4 : 0) + (((flags & 0x200) != 0) ? 4 : 0) + (((flags & 0x400) != 0) ? 4 : 0) + (((flags & 0x800) != 0) ? 4 : 0);
        if (count > MaxSamples - samples.Count || (fieldSize > 0 && count > (trun.Length - at) / fieldSize))
        {
            throw Mp4Box.Corrupt();
        }

        for (var i = 0; i < count; i++)
        {
            var field = at + (i * fieldSize) + ((flags & 0x100) != 0 ? 4 : 0);
            var size = (flags & 0x200) != 0 ? Mp4Box.U32(trun, field) : defaultSize;
            samples.Add(Checked(offset, (int)Math.Min(size, int.MaxValue)));
            offset += size;
        }

        return offset;
    }

    private static Mp4Sample Checked(long offset, int size) =>
        offset is >= 0 and <= MaxOffset && size is > 0 and <= MaxSampleSize ? new Mp4Sample(offset, size) : throw AudioErrors.Undecodable("an MP4 sample has an impossible size or position.");

    private static string Printable(uint code) => new([.. Enumerable.Range(0, 4).Select(i => (char)((code >> (24 - (8 * i))) & 0xFF)).Select(c => c is >= ' ' and <= '~' ? c : '?')]);

    private sealed record Track(uint Id, Mp4Codec Codec, byte[] Config, int Timescale, long? Priming, long? Length, uint DefaultSize);
}
