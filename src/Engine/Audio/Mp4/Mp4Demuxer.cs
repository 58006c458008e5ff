namespace Lipsync.Engine.Audio.Mp4;

/// <summary>
/// Finds the first audio track of an ISO BMFF file (ISO/IEC 14496-12: MP4, M4A, MOV, and the fragmented
/// MP4 that Safari's MediaRecorder writes) and lists its samples. Only the 'moov' and 'moof' boxes are read
/// into memory, each under a size cap; media data is located, never scanned.
/// </summary>
internal static class Mp4Demuxer
{
    private const int MaxHeaderBox = 64 * 1024 * 1024;
    private const int MaxTopLevelBoxes = 1_000_000;

    public static Mp4AudioTrack Read(Stream stream)
    {
        if (!stream.CanSeek)
        {
            throw AudioErrors.Undecodable("an MP4 file must be read from a seekable stream.");
        }

        Movie? movie = null;
        var fileLength = stream.Length;
        var samples = new Mp4SampleList(fileLength);
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

            var cut = size > fileLength - at; // the last box of a file cut short
            if (type == Mp4Box.Code("moov"))
            {
                if (movie is not null)
                {
                    throw AudioErrors.Undecodable("the MP4 file has two movie headers ('moov').");
                }

                movie = cut ? throw AudioErrors.Undecodable("the MP4 movie header ('moov') is cut short.") : ReadMovie(ReadPayload(stream, size - headerSize), samples);
            }
            else if (type == Mp4Box.Code("moof"))
            {
                if (movie is null)
                {
                    throw AudioErrors.Undecodable("an MP4 movie fragment comes before the movie header.");
                }

                if (cut)
                {
                    break; // a recording cut mid-write: the fragments before this one stand
                }

                Mp4Fragments.Read(ReadPayload(stream, size - headerSize), at, movie.TrackId, movie.DefaultSampleSizes, samples);
            }

            at = cut ? fileLength : at + size;
        }

        return movie is null
            ? throw AudioErrors.Undecodable("the MP4 file has no movie header ('moov'): it may be cut short.")
            : new Mp4AudioTrack(movie.Codec, movie.Config, movie.Timescale, samples.Samples, movie.Priming, movie.Length);
    }

    private static byte[] ReadPayload(Stream stream, long length)
    {
        if (length > MaxHeaderBox)
        {
            throw AudioErrors.Undecodable("an MP4 header box is larger than this engine reads.");
        }

        var payload = new byte[length];
        stream.ReadExactly(payload);
        return payload;
    }

    private static Movie ReadMovie(ReadOnlySpan<byte> moov, Mp4SampleList samples)
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
            Mp4SampleTable.Read(stbl, samples);
            var (priming, audioLength) = ReadEdits(Mp4Box.Child(Mp4Box.Child(trak, "edts"), "elst"), movieTimescale, timescale);
            return new Movie(trackId, codec, config, timescale, priming, audioLength, ReadDefaultSampleSizes(Mp4Box.Child(moov, "mvex")));
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

    /// <summary>Each track's default sample size for its fragments ('trex'), by track id.</summary>
    private static Dictionary<uint, uint> ReadDefaultSampleSizes(ReadOnlySpan<byte> mvex)
    {
        var sizes = new Dictionary<uint, uint>();
        if (mvex.Length == 0)
        {
            return sizes;
        }

        foreach (var (type, start, length) in Mp4Box.Children(mvex))
        {
            var trex = mvex.Slice(start, length);
            if (type == Mp4Box.Code("trex"))
            {
                sizes[Mp4Box.U32(trex, 4)] = Mp4Box.U32(trex, 16);
            }
        }

        return sizes;
    }

    private static string Printable(uint code) => new([.. Enumerable.Range(0, 4).Select(i => (char)((code >> (24 - (8 * i))) & 0xFF)).Select(c => c is >= ' ' and <= '~' ? c : '?')]);

    private sealed record Movie(uint TrackId, Mp4Codec Codec, byte[] Config, int Timescale, long? Priming, long? Length, Dictionary<uint, uint> DefaultSampleSizes);
}
