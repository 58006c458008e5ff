using System.Buffers.Binary;
using System.Text;
using Lipsync.Engine.Features;

namespace Lipsync.Engine.Isolation;

/// <summary>
/// The pipe protocol between the engine and its decode worker, little-endian, one request at a time.
/// Request: <c>'D'</c>, max duration (int64 ticks), input length (int32), the input bytes.
/// Answers: any number of <c>'P'</c> frames-so-far (int32) progress beats, then one of
/// <c>'F'</c> frames (int32), 16 kHz samples (int64), values and levels (float32) or
/// <c>'E'</c> code and message (int32-length UTF-8 each).
/// </summary>
internal static class DecodeProtocol
{
    public const byte Request = (byte)'D';
    public const byte Progress = (byte)'P';
    public const byte Features = (byte)'F';
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

    public static void WriteFeatures(Stream pipe, FeatureMatrix features)
    {
        Span<byte> header = stackalloc byte[13];
        header[0] = Features;
        BinaryPrimitives.WriteInt32LittleEndian(header[1..], features.Frames);
        BinaryPrimitives.WriteInt64LittleEndian(header[5..], features.Samples16k);
        pipe.Write(header);
        pipe.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(features.Values.AsSpan(0, features.Frames * LogMel.Bands)));
        pipe.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(features.LevelsDbfs.AsSpan(0, features.Frames)));
        pipe.Flush();
    }

    public static void WriteError(Stream pipe, string code, string message)
    {
        pipe.WriteByte(Error);
        WriteString(pipe, code);
        WriteString(pipe, message);
        pipe.Flush();
    }

    public static FeatureMatrix ReadFeatures(Stream pipe)
    {
        Span<byte> header = stackalloc byte[12];
        pipe.ReadExactly(header);
        var frames = BinaryPrimitives.ReadInt32LittleEndian(header);
        var samples = BinaryPrimitives.ReadInt64LittleEndian(header[4..]);
        if (frames < 0 || frames > int.MaxValue / LogMel.Bands)
        {
            throw new InvalidDataException("the decode worker sent an impossible frame count");
        }

        var values = new float[frames * LogMel.Bands];
        var levels = new float[frames];
        pipe.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        pipe.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(levels.AsSpan()));
        return new FeatureMatrix(values, levels, frames, samples);
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
