namespace Lipsync.Contracts.Timelines;

/// <summary>The 22 Microsoft/Azure viseme ids (0 = silence .. 21 = p b m).</summary>
public static class Visemes
{
    /// <summary>Number of viseme ids.</summary>
    public const int Count = 22;

    /// <summary>Mouth at rest.</summary>
    public const int Silence = 0;

    /// <summary>Largest valid id.</summary>
    public const int MaxId = Count - 1;

    /// <summary>Whether <paramref name="id"/> is a viseme id.</summary>
    public static bool IsValid(int id) => (uint)id <= MaxId;
}
