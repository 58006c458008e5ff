using System.Globalization;

namespace Lipsync.Benchmarks;

/// <summary>
/// A process and its descendants from /proc (Linux): the engine's decode workers are child processes,
/// so CPU and memory figures must count them too.
/// </summary>
internal static class ProcessTree
{
    private const double ClockTicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>User + system CPU seconds of the process and every live descendant.</summary>
    public static double CpuSeconds(int pid) => new[] { pid }.Concat(Descendants(pid)).Sum(Cpu);

    /// <summary>Resident memory of the process and every live descendant, in bytes.</summary>
    public static long Rss(int pid) => new[] { pid }.Concat(Descendants(pid)).Sum(RssOf);

    public static long RssOf(int pid)
    {
        var line = Read($"/proc/{pid}/status").Split('\n').FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    public static IEnumerable<int> Descendants(int pid)
    {
        var children = new List<int>();
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (IOException)
        {
            return [];
        }

        foreach (var task in tasks)
        {
            children.AddRange(Read(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(c => int.Parse(c, CultureInfo.InvariantCulture)));
        }

        return children.Concat(children.SelectMany(Descendants)).ToList();
    }

    private static double Cpu(int pid)
    {
        // Fields after the parenthesised command name: utime is the 14th, stime the 15th field of the line.
        var stat = Read($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length < 13 ? 0 : (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
    }

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return ""; // the process ended between listing and reading
        }
    }
}
