using System.Buffers.Binary;
using System.Text;
using Lipsync.Contracts.Errors;
using Lipsync.Engine.Features;

namespace Lipsync.Engine.Isolation;

/// <summary>
/// The pipe protocol between the engine and its decode worker, little-endian, one request at a time.
/// Request: <c>'D'</c>, max duration (int64 ticks), input length (int32), the input bytes.
/// Answers: any number of <c>'P'</c> frames-so-far (int32) progress beats and <c>'C'</c> feature chunks
/// (frames int32, then values and levels float32), then one of <c>'F'</c> total frames (int32),
/// 16 kHz samples (int64) and the source's sample rate (int32), or <c>'E'</c> code and message (int32-length UTF-8 each).
/// </summary>
internal static class DecodeProtocol
{
    public const byte Request = (byte)'D';
    public const byte Progress = (byte)'P';
    public const byte Features = (byte)'F';
    public const byte Chunk = (byte)'C';
    public const byte Error = (byte)'E';

    public static void WriteRequest(Stream pipe, TimeSpan maxDuration, Stream input, int length)
    {
        Span<byte> header = stackalloc byte[13];
        header[0] = Request;
        BinaryPrimitives.WriteInt64LittleEndian(header[1..], maxDuration.Ticks);
        BinaryPrimitives.WriteInt32LittleEndian(header[9..], length);
        pipe.Write(header);
        input.CopyTo(pipe);
        pipe.Flush();
    }

    public static void WriteProgress(Stream pipe, int frames)
    {
        Span<byte> message = stackalloc byte[5];
        message[0] = Progress;
        BinaryPrimitives.WriteInt32LittleEndian(message[1..], frames);
        pipe.Write(message);
        pipe.Flush();
    }

    public static void WriteChunk(Stream pipe, ReadOnlySpan<float> values, ReadOnlySpan<float> levels)
    {
        Span<byte> header = stackalloc byte[5];
        header[0] = Chunk;
        BinaryPrimitives.WriteInt32LittleEndian(header[1..], levels.Length);
        pipe.Write(header);
        pipe.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
        pipe.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(levels));
    }

    public static void WriteEnd(Stream pipe, int frames, long samples16k, int sourceSampleRate)
    {
        Span<byte> message = stackalloc byte[17];
        message[0] = Features;
        BinaryPrimitives.WriteInt32LittleEndian(message[1..], frames);
        BinaryPrimitives.WriteInt64LittleEndian(message[5..], samples16k);
        BinaryPrimitives.WriteInt32LittleEndian(message[13..], sourceSampleRate);
        pipe.Write(message);
        pipe.Flush();
    }

    public static void WriteError(Stream pipe, string code, string message)
    {
        pipe.WriteByte(Error);
        WriteString(pipe, code);
        WriteString(pipe, message);
        pipe.Flush();
    }

    /// <summary>
    /// Reads a worker's answer to one request: beats and chunks (each calling <paramref name="onMessage"/>,
    /// the parent's stall clock) until the end, assembled into a matrix; a catalogue error for
    /// <c>'E'</c>; <see cref="EndOfStreamException"/> when the worker is gone.
    /// </summary>
    public static FeatureMatrix ReadAnswer(Stream pipe, TimeSpan maxDuration, Action onMessage)
    {
        // Chunks accumulate here, where the job's memory reservation accounts for them.
        var values = new List<float>(64 * 1024);
        var levels = new List<float>(1024);
        var maxFrames = (int)Math.Min(int.MaxValue / LogMel.Bands, (maxDuration.TotalSeconds * 100) + 1000);
        while (true)
        {
            var kind = pipe.ReadByte();
            onMessage();
            switch (kind)
            {
                case Progress:
                    ReadInt32(pipe);
                    continue;
                case Chunk:
                    ReadChunk(pipe, values, levels, maxFrames);
                    continue;
                case Features:
                    return ReadEnd(pipe, values, levels);
                case Error:
                    var code = ReadString(pipe);
                    var message = ReadString(pipe);
                    throw new LipsyncException(ErrorCatalog.TryGet(code, out _) ? code : ErrorCodes.AudioUndecodable, message);
                default:
                    throw new EndOfStreamException();
            }
        }
    }

    /// <summary>Reads one chunk's frames into the growing feature buffers.</summary>
    private static void ReadChunk(Stream pipe, List<float> values, List<float> levels, int maxFrames)
    {
        var frames = ReadInt32(pipe);
        if (frames < 0 || levels.Count + frames > maxFrames)
        {
            throw new InvalidDataException("the decode worker sent an impossible frame count");
        }

        var chunkValues = new float[frames * LogMel.Bands];
        var chunkLevels = new float[frames];
        pipe.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(chunkValues.AsSpan()));
        pipe.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(chunkLevels.AsSpan()));
        values.AddRange(chunkValues);
        levels.AddRange(chunkLevels);
    }

    /// <summary>The end of a stream of chunks: the matrix, if the counts agree with what arrived.</summary>
    private static FeatureMatrix ReadEnd(Stream pipe, List<float> values, List<float> levels)
    {
        var frames = ReadInt32(pipe);
        var samples = ReadInt64(pipe);
        var sourceRate = ReadInt32(pipe);
        if (frames != levels.Count || values.Count != frames * LogMel.Bands)
        {
            throw new InvalidDataException("the decode worker's frame count disagrees with its chunks");
        }

        if (sourceRate <= 0)
        {
            throw new InvalidDataException("the decode worker sent an impossible sample rate");
        }

        return new FeatureMatrix([.. values], [.. levels], frames, samples, sourceRate);
    }

    public static int ReadInt32(Stream pipe)
    {
        Span<byte> value = stackalloc byte[4];
        pipe.ReadExactly(value);
        return BinaryPrimitives.ReadInt32LittleEndian(value);
    }

    public static long ReadInt64(Stream pipe)
    {
        Span<byte> value = stackalloc byte[8];
        pipe.ReadExactly(value);
        return BinaryPrimitives.ReadInt64LittleEndian(value);
    }

    public static string ReadString(Stream pipe)
    {
        var length = ReadInt32(pipe);
        if (length is < 0 or > 64 * 1024)
        {
            throw new InvalidDataException("the decode worker sent an impossible string");
        }

        var bytes = new byte[length];
        pipe.ReadExactly(bytes);
        return Encoding.UTF8.GetString(bytes);
    }

    private static void WriteString(Stream pipe, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        pipe.Write(length);
        pipe.Write(bytes);
    }
}
