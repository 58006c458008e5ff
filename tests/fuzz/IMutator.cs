namespace Lipsync.Fuzzing;

/// <summary>Turns a valid seed file into a slightly broken one that still looks like its format.</summary>
public interface IMutator
{
    string Format { get; }

    byte[] Mutate(Random random);
}
