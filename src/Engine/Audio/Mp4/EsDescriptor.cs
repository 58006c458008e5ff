namespace Lipsync.Engine.Audio.Mp4;

/// <summary>
/// The 'esds' box's ES_Descriptor (ISO/IEC 14496-1, 7.2.6.5): only the path to the decoder-specific info,
/// which for MPEG-4 audio is the AudioSpecificConfig.
/// </summary>
internal static class EsDescriptor
{
    private const byte EsTag = 0x03;
    private const byte DecoderConfigTag = 0x04;
    private const byte DecoderSpecificTag = 0x05;
    private const byte Mpeg4Audio = 0x40;

    public static byte[] AudioSpecificConfig(ReadOnlySpan<byte> esds)
    {
        if (esds.Length < 4)
        {
            throw AudioErrors.Undecodable("the MP4 AAC track has no 'esds' box.");
        }

        var at = 4; // version and flags
        var es = Descriptor(esds, ref at, EsTag);
        var inner = 3; // ES_ID, flags
        var flags = Mp4Box.Slice(es, 2, 1)[0];
        inner += (flags & 0x80) != 0 ? 2 : 0; // dependsOn_ES_ID
        inner += (flags & 0x40) != 0 ? 1 + Mp4Box.Slice(es, inner, 1)[0] : 0; // URL
        inner += (flags & 0x20) != 0 ? 2 : 0; // OCR_ES_Id
        var config = Descriptor(es, ref inner, DecoderConfigTag);
        var objectType = Mp4Box.Slice(config, 0, 1)[0];
        if (objectType is not (Mpeg4Audio or 0x66 or 0x67 or 0x68))
        {
            // 0x69 and 0x6B are MPEG-1/2 layer 3 (MP3) in MP4; anything else is not AAC either.
            throw AudioErrors.Unsupported($"an MP4 'mp4a' track with object type 0x{objectType:X2}, not AAC; send the MP3 as an .mp3 file.");
        }

        var specificAt = 13; // objectType, streamType, bufferSize(3), maxBitrate(4), avgBitrate(4)
        return Descriptor(config, ref specificAt, DecoderSpecificTag).ToArray();
    }

    private static ReadOnlySpan<byte> Descriptor(ReadOnlySpan<byte> data, ref int at, byte tag)
    {
        if (Mp4Box.Slice(data, at, 1)[0] != tag)
        {
            throw AudioErrors.Undecodable($"the MP4 'esds' box lacks descriptor 0x{tag:X2}.");
        }

        at++;
        var length = 0;
        for (var i = 0; i < 4; i++)
        {
            var b = Mp4Box.Slice(data, at++, 1)[0];
            length = (length << 7) | (b & 0x7F);
            if ((b & 0x80) == 0)
            {
                break;
            }
        }

        var body = Mp4Box.Slice(data, at, length);
        at += length;
        return body;
    }
}
