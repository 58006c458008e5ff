namespace Lipsync.Engine.Audio.Flac;

/// <summary>The STREAMINFO block (RFC 9639, section 8.2): the defaults frames may refer to.</summary>
internal readonly record struct FlacStreamInfo(int SampleRate, int Channels, int BitsPerSample, int MaxBlockSize)
{
    public static FlacStreamInfo Read(FlacBitReader bits)
    {
        bits.ReadBits(16); // minimum block size
        var maxBlock = (int)bits.ReadBits(16);
        bits.ReadBits(24); // minimum frame size
        bits.ReadBits(24); // maximum frame size
        var rate = (int)bits.ReadBits(20);
        var channels = (int)bits.ReadBits(3) + 1;
        var bitsPerSample = (int)bits.ReadBits(5) + 1;
        for (var i = 0; i < 2 + 16; i++)
        {
            bits.ReadBits(i < 2 ? 18 : 8); // total samples (36 bits) and the MD5 signature
        }

        if (rate is < 1000 or > 655_350 || bitsPerSample < 4 || maxBlock is < 16)
        {
            throw AudioErrors.Undecodable("the FLAC stream info declares an impossible format.");
        }

        return new FlacStreamInfo(rate, channels, bitsPerSample, maxBlock);
    }
}
