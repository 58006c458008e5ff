namespace Lipsync.Engine.Audio.Matroska;

/// <summary>EBML variable-length integers (RFC 8794, section 4): the marker bit's position gives the length (1-8 bytes).</summary>
internal static class EbmlVint
{
    /// <summary>
    /// Reads one at <paramref name="pos"/> and moves past it; <paramref name="keepMarker"/> keeps the marker
    /// bit (element IDs are written that way). False when the bytes end first or the first byte is 0.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> data, ref int pos, bool keepMarker, out ulong value, out int length)
    {
        value = 0;
        length = 0;
        if (pos >= data.Length || data[pos] == 0)
        {
            return false;
        }

        length = System.Numerics.BitOperations.LeadingZeroCount((uint)data[pos]) - 23;
        if (pos + length > data.Length)
        {
            return false;
        }

        value = keepMarker ? data[pos] : (ulong)(data[pos] & (0xFF >> length));
        for (var i = 1; i < length; i++)
        {
            value = (value << 8) | data[pos + i];
        }

        pos += length;
        return true;
    }
}
