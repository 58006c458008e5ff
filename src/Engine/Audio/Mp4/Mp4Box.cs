using System.Buffers.Binary;

namespace Lipsync.Engine.Audio.Mp4;

/// <summary>
/// Bounds-checked reads from an ISO BMFF box held in memory (ISO/IEC 14496-12). A field or child that
/// runs past its parent is a corrupt file, so a crafted size can never reach outside the box.
/// </summary>
internal static class Mp4Box
{
    public static uint U32(ReadOnlySpan<byte> box, int at) => BinaryPrimitives.ReadUInt32BigEndian(Slice(box, at, 4));

    public static ulong U64(ReadOnlySpan<byte> box, int at) => BinaryPrimitives.ReadUInt64BigEndian(Slice(box, at, 8));

    public static ushort U16(ReadOnlySpan<byte> box, int at) => BinaryPrimitives.ReadUInt16BigEndian(Slice(box, at, 2));

    public static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> box, int at, int length) =>
        at >= 0 && length >= 0 && at <= box.Length - length ? box.Slice(at, length) : throw Corrupt();

    /// <summary>The children of a box's payload, as (type, payload) pairs, in order.</summary>
    public static List<(uint Type, int Start, int Length)> Children(ReadOnlySpan<byte> payload)
    {
        var children = new List<(uint, int, int)>();
        var at = 0;
        while (at + 8 <= payload.Length)
        {
            long size = U32(payload, at);
            var type = U32(payload, at + 4);
            var header = 8;
            if (size == 1)
            {
                size = (long)Math.Min(U64(payload, at + 8), long.MaxValue);
                header = 16;
            }
            else if (size == 0)
            {
                size = payload.Length - at; // to the end of the parent
            }

            if (size < header || size > payload.Length - at)
            {
                throw Corrupt();
            }

            children.Add((type, at + header, (int)size - header));
            at += (int)size;
        }

        return children;
    }

    /// <summary>The payload of the first child of <paramref name="type"/>, or empty when there is none.</summary>
    public static ReadOnlySpan<byte> Child(ReadOnlySpan<byte> payload, string type)
    {
        var code = Code(type);
        foreach (var (childType, start, length) in Children(payload))
        {
            if (childType == code)
            {
                return payload.Slice(start, length);
            }
        }

        return [];
    }

    public static uint Code(string type) => BinaryPrimitives.ReadUInt32BigEndian([(byte)type[0], (byte)type[1], (byte)type[2], (byte)type[3]]);

    public static Exception Corrupt() => AudioErrors.Undecodable("the MP4 file's boxes are corrupt or cut short.");
}
