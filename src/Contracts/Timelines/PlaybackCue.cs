namespace Lipsync.Contracts.Timelines;

/// <summary>The playback engine's view of a cue (<c>timelineToCues</c>): offset in ms and viseme id.</summary>
public readonly record struct PlaybackCue(int Offset, int VisemeId);
