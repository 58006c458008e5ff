using System.Globalization;

namespace Lipsync.Train;

/// <summary>Truth for one frame: Azure id (−1 = unknown phone, ignored), coarse class and accepted alternate.</summary>
public readonly record struct FrameTruth(int Viseme, Coarse Primary, Coarse? Alternate);

/// <summary>
/// Phone segments ("&lt;end seconds&gt;\t&lt;phone&gt;" lines) to one truth per 10 ms frame, taken at the frame
/// centre t = 10·i + 5 ms (the instant the front end's window i is centred on). Frames past the last
/// segment are silence. <c>lagSeconds</c> applies an engine's measured label lag (its sound trails its labels).
/// </summary>
public static class FrameLabels
{
    public static FrameTruth[] Read(string labPath, int frames, double lagSeconds = 0)
    {
        var segments = new List<(double Start, double End, string Phone)>();
        var previous = 0.0;
        foreach (var line in File.ReadLines(labPath))
        {
            var parts = line.Split('\t');
            if (parts.Length < 2 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var end))
            {
                continue;
            }

            segments.Add((previous, end, parts[1].Trim()));
            previous = end;
        }

        var truth = new FrameTruth[frames];
        var s = 0;
        for (var i = 0; i < frames; i++)
        {
            var t = (i * 0.010) + 0.005 - lagSeconds; // acoustic events trail the labels by the engine's lag
            while (s < segments.Count && segments[s].End <= t)
            {
                s++;
            }

            if (s >= segments.Count)
            {
                truth[i] = new FrameTruth(0, Coarse.SIL, null);
                continue;
            }

            var (start, end, phone) = segments[s];
            if (!PhoneSet.TryGet(phone, out var ids, out var primary, out var alternate))
            {
                truth[i] = new FrameTruth(-1, Coarse.SIL, null);
                continue;
            }

            var id = ids.Length == 1 || t < (start + end) / 2 ? ids[0] : ids[1];
            truth[i] = new FrameTruth(id, primary, alternate);
        }

        return truth;
    }
}
