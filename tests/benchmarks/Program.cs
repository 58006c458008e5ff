using Lipsync.Benchmarks;

return args.FirstOrDefault() switch
{
    "verify" => await VerifyBenchmark.RunAsync(args[1..]),
    "engine" => EngineBenchmark.Run(args[1..]),
    "engine-memory" => EngineBenchmark.Memory(args[1]),
    "fuzz" => FuzzBenchmark.Run(args[1..]),
    "memory" => await MemoryBenchmark.RunAsync(args[1..]),
    "pipeline" => await PipelineBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: Lipsync.Benchmarks verify [--seconds N] [--keys N] [--threads N]   (AzureWebJobsStorage must reach a storage emulator)
               Lipsync.Benchmarks engine <audio>... [--repeat N]                  whole path, one thread, audio-seconds per CPU-second
               Lipsync.Benchmarks engine-memory <audio>                           one long file, peak working set
               Lipsync.Benchmarks fuzz [--seconds N] [--seed N]                     structure-aware decoder fuzzing, executions per second per format
               Lipsync.Benchmarks memory <audio> --pid N [--copies 12]             many large jobs at once: peak resident memory of a running LocalHost
               Lipsync.Benchmarks pipeline <folder of .wav>                         drop them all into a running LocalHost's audio-in; latency and throughput
        """);
    return 2;
}
