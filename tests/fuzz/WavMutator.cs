using System.Buffers.Binary;

namespace Lipsync.Fuzzing;

/// <summary>
/// Mutates a WAV file chunk by chunk with sizes kept consistent unless the size is the mutation:
/// format fields set to interesting values, lying data and RIFF sizes, extra chunks of odd sizes.
/// </summary>
public sealed class WavMutator(byte[] seed, string format = "wav") : IMutator
{
    public string Format => format;

    public byte[] Mutate(Random random)
    {
        var bytes = seed.ToArray();
        var fmt = bytes.AsSpan().IndexOf("fmt "u8) + 8;
        var data = bytes.AsSpan().IndexOf("data"u8);
        var rounds = 1 + random.Next(3);
        for (var r = 0; r < rounds; r++)
        {
            switch (random.Next(8))
            {
                case 0: BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(fmt), (ushort)(random.Next(5) switch { 0 => 3, 1 => 0xFFFE, 2 => 6, 3 => 7, _ => random.Next(65536) })); break;
                case 1: BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(fmt + 2), (ushort)Mutation.InterestingValue(random)); break;
                case 2: BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(fmt + 4), (uint)Mutation.InterestingValue(random)); break;
                case 3: BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(fmt + 12), (ushort)Mutation.InterestingValue(random)); break;
                case 4: BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(fmt + 14), (ushort)(random.Next(2) == 0 ? random.Next(0, 65) : Mutation.InterestingValue(random))); break;
                case 5: BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(data + 4), (uint)Mutation.InterestingValue(random)); break;
                case 6: // an extra chunk before 'data', declared size true or not
                    var size = random.Next(0, 40);
                    var chunk = new byte[8 + size + (size & 1)];
                    "junk"u8.CopyTo(chunk);
                    BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), random.Next(3) == 0 ? (uint)Mutation.InterestingValue(random) : (uint)size);
                    bytes = [.. bytes[..data], .. chunk, .. bytes[data..]];
                    data += chunk.Length;
                    break;
                default: Mutation.Bytes(random, bytes.AsSpan(data + 8)); break;
            }
        }

        return random.Next(8) == 0 ? bytes[..random.Next(12, bytes.Length)] : bytes;
    }
}
