using System.Buffers.Binary;
using Lipsync.Contracts.Errors;
using Lipsync.Engine.Audio.Mp4;
using Lipsync.Engine.Features;
using Lipsync.Fuzzing;

namespace Lipsync.UnitTests.Engine;

/// <summary>The MP4 reader's rules: where fragment data starts, what a cut file keeps, and the bounds on what a file may claim.</summary>
public sealed class Mp4ContainerTests
{
    [Fact]
    public void A_track_fragment_without_a_base_starts_where_the_previous_one_ended()
    {
        // moof at 1,000: a video traf (track 2) with two samples of 10 and 20 bytes at moof + 100, then the
        // audio traf (track 1) with no base and no data offset: its samples follow the video's (ISO/IEC 14496-12, 8.8.7.1).
        var moof = Concat(
            Box("traf", Box("tfhd", U32(0), U32(2)), Box("trun", U32(0x201), U32(2), U32(100), U32(10), U32(20))),
            Box("traf", Box("tfhd", U32(0), U32(1)), Box("trun", U32(0x200), U32(2), U32(5), U32(7))));
        var samples = new Mp4SampleList(fileLength: 10_000);

        Mp4Fragments.Read(moof, moofStart: 1_000, audioTrack: 1, new Dictionary<uint, uint>(), samples);

        Assert.Equal([new Mp4Sample(1_130, 5), new Mp4Sample(1_135, 7)], samples.Samples);
    }

    [Fact]
    public void Default_base_is_moof_and_an_explicit_base_win_over_the_previous_fragment()
    {
        var moof = Concat(
            Box("traf", Box("tfhd", U32(0), U32(2)), Box("trun", U32(0x201), U32(1), U32(100), U32(10))),
            Box("traf", Box("tfhd", U32(0x20000), U32(1)), Box("trun", U32(0x201), U32(1), U32(200), U32(5))),
            Box("traf", Box("tfhd", U32(0x1), U32(1), U32(0), U32(5_000)), Box("trun", U32(0x201), U32(1), U32(8), U32(6))));
        var samples = new Mp4SampleList(fileLength: 10_000);

        Mp4Fragments.Read(moof, moofStart: 1_000, audioTrack: 1, new Dictionary<uint, uint>(), samples);

        Assert.Equal([new Mp4Sample(1_200, 5), new Mp4Sample(5_008, 6)], samples.Samples);
    }

    [Fact]
    public void A_recording_cut_inside_a_fragment_header_keeps_the_fragments_before_it()
    {
        var file = Seeds.FragmentedMp4;
        var third = NthBox(file, "moof", 3);

        var features = FrontEnd.Extract(new MemoryStream(file[..(third + 20)]), TimeSpan.FromMinutes(1));

        Assert.InRange(features.DurationMs, 900, 1100); // two 0.5 s fragments
    }

    [Fact]
    public void A_second_movie_header_is_refused()
    {
        var file = Seeds.FragmentedMp4;
        var moov = NthBox(file, "moov", 1);
        var length = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(moov));
        byte[] twice = [.. file[..(moov + length)], .. file.AsSpan(moov, length), .. file[(moov + length)..]];

        var error = Assert.Throws<LipsyncException>(() => Mp4Demuxer.Read(new MemoryStream(twice)));

        Assert.Contains("two movie headers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_samples_a_file_may_name_are_capped_in_total_and_must_lie_inside_it()
    {
        var samples = new Mp4SampleList(fileLength: 100);
        samples.Add(offset: 90, size: 20); // past the end: left out
        for (var i = 0; i < Mp4SampleList.MaxSamples; i++)
        {
            samples.Add(offset: 0, size: 1);
        }

        var error = Assert.Throws<LipsyncException>(() => samples.Add(offset: 0, size: 1));
        Assert.Equal(ErrorCodes.AudioUndecodable, error.Code);
        Assert.Equal(Mp4SampleList.MaxSamples, samples.Samples.Count);
    }

    private static int NthBox(byte[] file, string type, int n)
    {
        var at = 0;
        var seen = 0;
        while (at + 8 <= file.Length)
        {
            if (System.Text.Encoding.ASCII.GetString(file, at + 4, 4) == type && ++seen == n)
            {
                return at;
            }

            at += (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at));
        }

        throw new InvalidOperationException($"no {type} #{n}");
    }

    private static byte[] U32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] Box(string type, params byte[][] body)
    {
        var payload = Concat(body);
        return [.. U32((uint)(payload.Length + 8)), .. System.Text.Encoding.ASCII.GetBytes(type), .. payload];
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
