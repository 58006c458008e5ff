namespace Lipsync.Engine.Audio.Opus;

/// <summary>An Opus stream's header and its audio packets in order, from whichever container held them.</summary>
internal interface IOpusPackets : IDisposable
{
    OpusHead Head { get; }

    /// <summary>
    /// Where the stream ends in 48 kHz samples counted from its start, pre-skip included, when the
    /// container says (an Ogg end-of-stream page's granule position); null until then or when it never does.
    /// </summary>
    long? EndGranule { get; }

    /// <summary>The next audio packet, valid until the next call; false at the end.</summary>
    bool TryRead(out ReadOnlyMemory<byte> packet);
}
