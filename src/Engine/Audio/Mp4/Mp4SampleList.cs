namespace Lipsync.Engine.Audio.Mp4;

/// <summary>
/// The samples of the audio track as the tables and fragments name them, bounded in total: at most
/// <see cref="MaxSamples"/> (about 6 h of AAC at 48 kHz, 5.5 h of 20 ms Opus packets, 16 MB), each
/// inside the file. A sample past the file's end is left out: a recording cut mid-write keeps what it holds.
/// </summary>
internal sealed class Mp4SampleList(long fileLength)
{
    public const int MaxSamples = 1_000_000;
    private const int MaxSampleSize = 1 << 20;
    private readonly List<Mp4Sample> _samples = [];

    public IReadOnlyList<Mp4Sample> Samples => _samples;

    public void Add(long offset, long size)
    {
        if (size is <= 0 or > MaxSampleSize)
        {
            throw AudioErrors.Undecodable("an MP4 sample has an impossible size.");
        }

        if (offset < 0 || offset > fileLength - size)
        {
            return;
        }

        if (_samples.Count == MaxSamples)
        {
            throw AudioErrors.Undecodable("the MP4 track has more samples than this engine reads.");
        }

        _samples.Add(new Mp4Sample(offset, (int)size));
    }
}
