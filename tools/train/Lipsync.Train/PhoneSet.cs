namespace Lipsync.Train;

/// <summary>The eight coarse mouth classes used to compare systems with different viseme sets.</summary>
public enum Coarse { SIL, MBP, FV, NARROW, OPEN, WIDE, ROUND, PUCKER }

/// <summary>
/// ARPAbet phones (flite, festival; other languages arrive as these tokens through tools/train/phones.py) to Azure en-US viseme ids (notes/speech-data.md §3), with the coarse
/// class(es) derived from the phone. Two-id phones (ch jh ey ow) split their duration 50/50.
/// </summary>
public static class PhoneSet
{
    private static readonly Dictionary<string, (int[] Ids, Coarse Primary, Coarse? Alternate)> Map = new(StringComparer.Ordinal)
    {
        ["pau"] = ([0], Coarse.SIL, null), ["sil"] = ([0], Coarse.SIL, null), ["h#"] = ([0], Coarse.SIL, null), ["ssil"] = ([0], Coarse.SIL, null),
        ["p"] = ([21], Coarse.MBP, null), ["b"] = ([21], Coarse.MBP, null), ["m"] = ([21], Coarse.MBP, null), ["em"] = ([21], Coarse.MBP, null),
        ["t"] = ([19], Coarse.NARROW, null), ["d"] = ([19], Coarse.NARROW, null), ["dx"] = ([19], Coarse.NARROW, null),
        ["n"] = ([19], Coarse.NARROW, null), ["en"] = ([19], Coarse.NARROW, null), ["nx"] = ([19], Coarse.NARROW, null),
        ["k"] = ([20], Coarse.NARROW, null), ["g"] = ([20], Coarse.NARROW, null), ["ng"] = ([20], Coarse.NARROW, null),
        ["f"] = ([18], Coarse.FV, null), ["v"] = ([18], Coarse.FV, null),
        ["th"] = ([19], Coarse.NARROW, null), ["dh"] = ([17], Coarse.NARROW, null),
        ["s"] = ([15], Coarse.NARROW, null), ["z"] = ([15], Coarse.NARROW, null),
        ["sh"] = ([16], Coarse.NARROW, null), ["zh"] = ([16], Coarse.NARROW, null),
        ["ch"] = ([19, 16], Coarse.NARROW, null), ["jh"] = ([19, 16], Coarse.NARROW, null),
        ["hh"] = ([12], Coarse.NARROW, null), ["h"] = ([12], Coarse.NARROW, null),
        ["r"] = ([13], Coarse.ROUND, null), ["l"] = ([14], Coarse.OPEN, null), ["el"] = ([14], Coarse.OPEN, null),
        ["y"] = ([6], Coarse.NARROW, null), ["w"] = ([7], Coarse.PUCKER, null),
        ["iy"] = ([6], Coarse.NARROW, null), ["ih"] = ([6], Coarse.NARROW, null), ["ix"] = ([6], Coarse.NARROW, null),
        ["eh"] = ([4], Coarse.OPEN, null), ["ae"] = ([1], Coarse.OPEN, null), ["aa"] = ([2], Coarse.WIDE, null),
        ["ao"] = ([3], Coarse.ROUND, null), ["uw"] = ([7], Coarse.PUCKER, null), ["ux"] = ([7], Coarse.PUCKER, null),
        ["uh"] = ([4], Coarse.PUCKER, null), ["ah"] = ([1], Coarse.OPEN, null), ["ax"] = ([1], Coarse.OPEN, null),
        ["er"] = ([5], Coarse.ROUND, null), ["axr"] = ([5], Coarse.ROUND, null),
        ["ey"] = ([4, 6], Coarse.OPEN, Coarse.NARROW), ["ay"] = ([11], Coarse.WIDE, Coarse.NARROW),
        ["oy"] = ([10], Coarse.ROUND, Coarse.NARROW), ["ow"] = ([8, 4], Coarse.ROUND, Coarse.PUCKER),
        ["aw"] = ([9], Coarse.WIDE, Coarse.ROUND),

        // Not ARPAbet: monophthong /o/ and the front rounded vowels of other languages (tools/train/phones.py).
        ["oh"] = ([8], Coarse.ROUND, null),
    };

    private static readonly Coarse[] ByViseme =
    [
        Coarse.SIL, Coarse.OPEN, Coarse.WIDE, Coarse.ROUND, Coarse.OPEN, Coarse.ROUND, Coarse.NARROW, Coarse.PUCKER,
        Coarse.ROUND, Coarse.WIDE, Coarse.ROUND, Coarse.WIDE, Coarse.NARROW, Coarse.ROUND, Coarse.OPEN, Coarse.NARROW,
        Coarse.NARROW, Coarse.NARROW, Coarse.FV, Coarse.NARROW, Coarse.NARROW, Coarse.MBP,
    ];

    public static Coarse CoarseOf(int viseme) => ByViseme[viseme];

    public static bool TryGet(string phone, out int[] ids, out Coarse primary, out Coarse? alternate)
    {
        var key = phone.ToLowerInvariant().TrimEnd('0', '1', '2');
        if (Map.TryGetValue(key, out var entry))
        {
            (ids, primary, alternate) = entry;
            return true;
        }

        (ids, primary, alternate) = ([], Coarse.SIL, null);
        return false;
    }
}
