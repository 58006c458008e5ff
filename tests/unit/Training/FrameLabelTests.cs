using Lipsync.Train;

namespace Lipsync.UnitTests.Training;

public sealed class FrameLabelTests : IDisposable
{
    private readonly string _lab = Path.GetTempFileName();

    public void Dispose() => File.Delete(_lab);

    [Fact]
    public void Frames_take_the_phone_at_their_centre_and_two_id_phones_split_in_half()
    {
        // pau 0-20 ms, m 20-50, ch 50-90 (19 then 16), ey 90-130 (4 then 6), then past the end: silence.
        File.WriteAllText(_lab, "0.020\tpau\n0.050\tm\n0.090\tch\n0.130\tey\n");
        var truth = FrameLabels.Read(_lab, 15);
        Assert.Equal([0, 0, 21, 21, 21, 19, 19, 16, 16, 4, 4, 6, 6, 0, 0], truth.Select(t => t.Viseme));
        Assert.Equal(Coarse.OPEN, truth[9].Primary);
        Assert.Equal(Coarse.NARROW, truth[9].Alternate);
    }

    [Fact]
    public void Unknown_phones_are_ignored_and_stress_digits_dropped()
    {
        File.WriteAllText(_lab, "0.010\txyz\n0.020\tAA1\n");
        var truth = FrameLabels.Read(_lab, 2);
        Assert.Equal(-1, truth[0].Viseme);
        Assert.Equal(2, truth[1].Viseme);
    }

    [Fact]
    public void Tokens_from_the_ipa_table_of_other_languages_are_labels_too()
    {
        // phones.py writes monophthong /o/ and the front rounded vowels as "oh"; glottal strokes as "unk".
        File.WriteAllText(_lab, "0.010\toh\n0.020\tunk\n0.030\tb\n");
        var truth = FrameLabels.Read(_lab, 3);
        Assert.Equal([8, -1, 21], truth.Select(t => t.Viseme));
        Assert.Equal(Coarse.ROUND, truth[0].Primary);
    }

    [Fact]
    public void Metrics_report_recall_per_coarse_class()
    {
        File.WriteAllText(_lab, "0.040\tm\n0.080\tf\n");
        var metrics = new Metrics();
        metrics.Add([21, 21, 19, 19, 18, 18, 18, 18], FrameLabels.Read(_lab, 8));
        var recalls = metrics.Recalls();
        Assert.Equal(0.5, recalls["MBP"], 3);
        Assert.Equal(1.0, recalls["FV"], 3);
        Assert.Equal(0.75, metrics.Coarse8Balanced, 3);
    }

    [Fact]
    public void Metrics_accept_either_class_of_a_diphthong_and_count_tolerance()
    {
        File.WriteAllText(_lab, "0.050\tay\n0.100\tm\n");
        var truth = FrameLabels.Read(_lab, 10);
        var metrics = new Metrics();
        metrics.Add([11, 11, 6, 6, 11, 11, 21, 21, 21, 21], truth); // 6 (NARROW) is the diphthong's other class
        Assert.Equal(0.7, metrics.Accuracy22, 3);          // frames 2, 3 (6 for ay) and 5 (11 for m) are wrong
        Assert.Equal(0.9, metrics.Coarse8, 3);             // 6 is NARROW, ay's accepted second class; frame 5 stays wrong
        Assert.Equal(0.8, metrics.Accuracy22Tolerant, 3);  // the late 11 at frame 5 sits within 2 frames of ay
        Assert.Equal(1.0, metrics.Coarse8Tolerant, 3);
    }
}
