using Lipsync.Contracts.Errors;
using Lipsync.Engine.Audio.Opus;
using NEbml.Core;

namespace Lipsync.Engine.Audio.Matroska;

/// <summary>
/// Opus packets from WebM or Matroska (what browsers' <c>MediaRecorder</c> writes), read with NEbml's
/// <see cref="EbmlReader"/>. The first audio track is taken; it must be Opus with its header in
/// CodecPrivate. Live recordings leave the Segment's and the Clusters' sizes unknown, so the input is
/// read inside a synthetic envelope (<see cref="EnvelopedStream"/>) and a Cluster met inside a Cluster
/// starts the next one. Every element read consumes input, element payloads are
/// bounded before they are read, and nesting is capped, so a pass over any input ends.
/// </summary>
internal sealed class WebmOpusPackets : IOpusPackets
{
    private const int MaxBlock = 1024 * 1024;
    private const int MaxCodecPrivate = 64 * 1024;
    private const int MaxDepth = 100_000; // unknown-size Clusters nest one level each
    private readonly EbmlReader _reader;
    private readonly Stack<ulong> _open = new();
    private readonly List<(int Offset, int Length)> _frames = [];
    private byte[] _block = new byte[4096];
    private int _nextFrame;
    private ulong _track;

    public WebmOpusPackets(Stream stream)
    {
        _reader = new EbmlReader(new EnvelopedStream(stream));
        Head = Guard(ReadHeaders);
    }

    public OpusHead Head { get; }

    public long? EndGranule => null; // the last frame's padding stays: at most one packet of silence

    public bool TryRead(out ReadOnlyMemory<byte> packet)
    {
        while (_nextFrame >= _frames.Count)
        {
            if (!Guard(NextBlock))
            {
                packet = default;
                return false;
            }
        }

        var (offset, length) = _frames[_nextFrame++];
        packet = _block.AsMemory(offset, length);
        return true;
    }

    public void Dispose()
    {
    }

    /// <summary>NEbml reports bad data with its own exceptions; they become the catalogue's.</summary>
    private static T Guard<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (LipsyncException)
        {
            throw;
        }
        catch (Exception e) when (e is EbmlDataFormatException or InvalidOperationException or IOException or ArgumentException or OverflowException)
        {
            throw AudioErrors.Undecodable("the WebM/Matroska structure is corrupt.", e);
        }
    }

    /// <summary>Reads the EBML header and the Segment up to the track list; returns the Opus header.</summary>
    private OpusHead ReadHeaders()
    {
        if (!_reader.ReadNext() || _reader.ElementId.EncodedValue != EnvelopedStream.EnvelopeId)
        {
            throw AudioErrors.Undecodable("the WebM/Matroska file is empty.");
        }

        _reader.EnterContainer();
        if (!_reader.ReadNext() || _reader.ElementId.EncodedValue != MatroskaIds.Ebml)
        {
            throw AudioErrors.Undecodable("the EBML header is missing.");
        }

        _reader.EnterContainer();
        var docType = "matroska"; // the EBML default when DocType is absent
        while (_reader.ReadNext())
        {
            if (_reader.ElementId.EncodedValue == MatroskaIds.DocType && _reader.ElementSize <= 64)
            {
                docType = _reader.ReadAscii().TrimEnd('\0');
            }
        }

        _reader.LeaveContainer();
        if (docType is not ("webm" or "matroska"))
        {
            throw AudioErrors.Unsupported($"an EBML document of type '{docType}' (only WebM and Matroska).");
        }

        while (_reader.ReadNext())
        {
            if (_reader.ElementId.EncodedValue == MatroskaIds.Segment)
            {
                _reader.EnterContainer();
                while (_reader.ReadNext())
                {
                    var id = _reader.ElementId.EncodedValue;
                    if (id == MatroskaIds.Tracks)
                    {
                        _reader.EnterContainer();
                        _open.Push(MatroskaIds.Segment);
                        return ReadTracks();
                    }

                    if (id == MatroskaIds.Cluster)
                    {
                        break;
                    }
                }

                break;
            }
        }

        throw AudioErrors.Undecodable("the WebM/Matroska file has no track list before its audio.");
    }

    private OpusHead ReadTracks()
    {
        OpusHead? head = null;
        string? codec = null;
        while (_reader.ReadNext())
        {
            if (_reader.ElementId.EncodedValue != MatroskaIds.TrackEntry)
            {
                continue;
            }

            _reader.EnterContainer();
            ulong number = 0, type = 0;
            string? trackCodec = null;
            byte[]? codecPrivate = null;
            var encoded = false;
            while (_reader.ReadNext())
            {
                var id = _reader.ElementId.EncodedValue;
                if (id == MatroskaIds.TrackNumber)
                {
                    number = _reader.ReadUInt();
                }
                else if (id == MatroskaIds.TrackType)
                {
                    type = _reader.ReadUInt();
                }
                else if (id == MatroskaIds.CodecId && _reader.ElementSize <= 64)
                {
                    trackCodec = _reader.ReadAscii().TrimEnd('\0');
                }
                else if (id == MatroskaIds.CodecPrivate && _reader.ElementSize <= MaxCodecPrivate)
                {
                    codecPrivate = new byte[(int)_reader.ElementSize];
                    if (!ReadAll(codecPrivate, codecPrivate.Length))
                    {
                        throw AudioErrors.Undecodable("the WebM/Matroska file ends inside its track list.");
                    }
                }
                else if (id == MatroskaIds.ContentEncodings)
                {
                    encoded = true;
                }
            }

            _reader.LeaveContainer();
            if (type != MatroskaIds.AudioTrack || head is not null || codec is not null)
            {
                continue;
            }

            codec = trackCodec ?? "a track without a codec";
            if (trackCodec != "A_OPUS")
            {
                continue;
            }

            if (encoded)
            {
                throw AudioErrors.Unsupported("a compressed or encrypted Matroska audio track.");
            }

            head = codecPrivate is null
                ? throw AudioErrors.Undecodable("the Opus track has no identification header (CodecPrivate).")
                : OpusHead.Parse(codecPrivate);
            _track = number;
        }

        _reader.LeaveContainer(); // Tracks: back in the Segment
        return head ?? throw (codec is null
            ? AudioErrors.Unsupported("a WebM/Matroska file without an audio track.")
            : AudioErrors.Unsupported($"{codec} audio in WebM/Matroska (only Opus)."));
    }

    /// <summary>Advances to the next block of the chosen track and splits it; false at the end.</summary>
    private bool NextBlock()
    {
        while (true)
        {
            if (!_reader.ReadNext())
            {
                if (_open.Count == 0)
                {
                    return false;
                }

                _open.Pop();
                if (_open.Count > 0)
                {
                    _reader.LeaveContainer();
                }

                continue;
            }

            var id = _reader.ElementId.EncodedValue;
            if (id is MatroskaIds.Cluster or MatroskaIds.BlockGroup)
            {
                if (_open.Count >= MaxDepth)
                {
                    throw AudioErrors.Undecodable("the WebM/Matroska file nests too deeply.");
                }

                _reader.EnterContainer();
                _open.Push(id);
            }
            else if (id is MatroskaIds.SimpleBlock or MatroskaIds.Block && _open.Count > 1)
            {
                if (_reader.ElementSize > MaxBlock)
                {
                    throw AudioErrors.Undecodable($"a Matroska block is larger than {MaxBlock} bytes.");
                }

                var size = (int)_reader.ElementSize;
                if (_block.Length < size)
                {
                    _block = new byte[Math.Max(size, _block.Length * 2)];
                }

                if (!ReadAll(_block, size))
                {
                    return false; // cut inside a block: what came before stands
                }

                if (BlockLacing.Split(_block.AsSpan(0, size), _frames) == _track)
                {
                    _nextFrame = 0;
                    return true;
                }

                _frames.Clear();
            }
        }
    }

    /// <summary>Reads the current element's payload; false when the input ends first (a cut recording).</summary>
    private bool ReadAll(byte[] destination, int length)
    {
        var got = 0;
        while (got < length)
        {
            int n;
            try
            {
                n = _reader.ReadBinary(destination, got, length - got);
            }
            catch (EndOfStreamException)
            {
                return false;
            }

            if (n <= 0)
            {
                return false;
            }

            got += n;
        }

        return true;
    }
}
