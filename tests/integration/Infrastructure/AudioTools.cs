using System.Diagnostics;

namespace Lipsync.IntegrationTests.Infrastructure;

/// <summary>Makes test audio with the Debian tools <c>./test</c> installs (espeak-ng, sox, lame, oggenc).</summary>
internal static class AudioTools
{
    public static async Task RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} failed: {await stderr}");
        _ = await stdout;
    }

    /// <summary>Speech for <paramref name="text"/> as a 16 kHz mono WAV.</summary>
    public static async Task SpeechWavAsync(string text, string path, string voice = "en")
    {
        var raw = path + ".raw.wav";
        await RunAsync("espeak-ng", "-v", voice, "-w", raw, text);
        await RunAsync("sox", raw, "-r", "16000", "-c", "1", "-b", "16", path);
        File.Delete(raw);
    }

    /// <summary>The same audio as 44.1 kHz stereo WAV, MP3 and Ogg Vorbis beside <paramref name="wav"/>.</summary>
    public static async Task<string[]> OtherFormatsAsync(string wav)
    {
        var stem = Path.ChangeExtension(wav, null);
        var stereo = stem + "-44k.wav";
        await RunAsync("sox", wav, "-r", "44100", "-c", "2", "-b", "24", stereo);
        await RunAsync("lame", "--quiet", "-b", "96", stereo, stem + ".mp3");
        await RunAsync("oggenc", "-Q", "-o", stem + ".ogg", stereo);
        return [stereo, stem + ".mp3", stem + ".ogg"];
    }
}
