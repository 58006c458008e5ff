namespace Lipsync.Engine.Audio.Mp4;

/// <summary>Where one coded sample (an AAC frame, an Opus packet) lies in the file.</summary>
internal readonly record struct Mp4Sample(long Offset, int Size);
