using Lipsync.Benchmarks;

return args.FirstOrDefault() switch
{
    "verify" => await VerifyBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Lipsync.Benchmarks verify [--seconds N] [--keys N] [--threads N]   (AzureWebJobsStorage must reach a storage emulator)");
    return 2;
}
