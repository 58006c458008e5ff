using System.CommandLine;
using System.Text.Json;
using Lipsync.Cli.Processing;
using Lipsync.Contracts.Errors;
using Lipsync.Contracts.Jobs;
using Lipsync.Contracts.Serialization;
using Lipsync.Jobs.Events;
using Lipsync.Jobs.Records;
using Lipsync.Jobs.Submission;
using Lipsync.Storage;
using Spectre.Console;

namespace Lipsync.Cli.Jobs;

/// <summary>
/// <c>lipsync jobs submit|list|get</c>: the batch pipeline from a terminal, against the emulator or an
/// Azure storage account alike (the same blobs, queue and table the hosts use).
/// </summary>
internal static class JobCommands
{
    public static Command Create()
    {
        var jobs = new Command("jobs", "Submit audio to the batch pipeline and read its jobs and timelines.");
        jobs.Subcommands.Add(Submit());
        jobs.Subcommands.Add(List());
        jobs.Subcommands.Add(Get());
        CliOptions.AddTo(jobs);
        return jobs;
    }

    private static Option<string> AccountOption() => new("--account")
    {
        Description = "Account whose folder of audio-in the files go to (default: $LIPSYNC_ACCOUNT, else dev, the account ./run creates).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("LIPSYNC_ACCOUNT") is { Length: > 0 } a ? a : "dev",
    };

    private static Command Submit()
    {
        var files = new Argument<string[]>("audio") { Description = "Audio files or folders of them.", Arity = ArgumentArity.OneOrMore };
        var account = AccountOption();
        var wait = new Option<bool>("--wait") { Description = "Wait for every job to finish, with a progress bar; exit 1 if any failed." };
        var dropOnly = new Option<bool>("--drop-only")
        {
            Description = "Only upload: the drop zone's blob event (Event Grid in Azure, the scanner locally) makes each job, as for any dropped file. Prints the job ids that event makes; with --wait, waits for them.",
        };
        var command = new Command("submit", $"Upload files into audio-in/<account>/ and submit a job for each; print the job ids.\n\n{ExitCodes.Help}") { files, account, wait, dropOnly };
        command.SetAction((parse, ct) => CliContext.RunAsync(parse, async ctx =>
        {
            var inputs = Expand(parse.GetValue(files)!);
            var accountId = parse.GetValue(account)!;
            var storage = ctx.Get<StorageClients>();
            var submitter = ctx.Get<JobSubmitter>();
            // Every name is checked before anything is uploaded: two inputs may not land on one blob.
            var named = inputs.Select(i => (i.Path, Name: $"{accountId}/{i.Relative.Replace('\\', '/')}")).ToList();
            foreach (var (path, name) in named)
            {
                if (BlobNames.Problem(name) is { } problem)
                {
                    throw new LipsyncException(ErrorCodes.InvalidBlobName, $"{path}: {problem}.");
                }
            }

            if (named.GroupBy(n => n.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } clash)
            {
                throw new IOException($"{string.Join(" and ", clash.Select(c => c.Path))} would both upload to audio-in/{clash.Key}; submit their folders instead.");
            }

            var submitted = new List<JobEntity>();
            foreach (var (path, name) in named)
            {
                Azure.ETag etag;
                await using (var content = File.OpenRead(path))
                {
                    etag = (await BlobNames.Client(storage.Container(StorageNames.AudioInContainer), name).UploadAsync(content, overwrite: true, ct)).Value.ETag;
                }

                submitted.Add(parse.GetValue(dropOnly)
                    ? new JobEntity { PartitionKey = JobIds.For(new AudioInput(name, BlobEvents.Unquote(etag.ToString()))), InputName = name, AccountId = accountId }
                    : await submitter.SubmitExistingAsync(name, "Cli", ct) ?? throw new LipsyncException(ErrorCodes.BlobNotFound, $"audio-in/{name} vanished right after its upload."));
            }

            if (!parse.GetValue(wait))
            {
                Print(submitted, ctx.Json);
                return;
            }

            var finished = await WaitAsync(ctx.Get<JobStore>(), submitted, ct);
            Print(finished, ctx.Json);
            if (finished.Any(j => j.Status != JobStatus.Succeeded))
            {
                throw new LipsyncException(finished.First(j => j.Status != JobStatus.Succeeded).ErrorCode ?? ErrorCodes.EngineFailure,
                    $"{finished.Count(j => j.Status != JobStatus.Succeeded)} of {finished.Count} jobs failed (see above).");
            }
        }));
        return command;
    }

    private static Command List()
    {
        var account = AccountOption();
        var status = new Option<string?>("--status") { Description = "Only jobs in this state." };
        status.AcceptOnlyFromAmong(JobStatus.Queued, JobStatus.Running, JobStatus.Succeeded, JobStatus.Failed);
        var top = new Option<int>("--top") { Description = "At most this many jobs, newest first.", DefaultValueFactory = _ => 50 };
        var command = new Command("list", "List an account's jobs, newest first.") { account, status, top };
        command.SetAction((parse, ct) => CliContext.RunAsync(parse, async ctx =>
        {
            var wanted = Math.Clamp(parse.GetValue(top), 1, 10_000);
            var listed = new List<JobEntity>();
            string? next = null;
            do
            {
                var (page, continuation) = await ctx.Get<JobStore>().ListAsync(parse.GetValue(account)!, parse.GetValue(status), Math.Min(200, wanted), next, ct);
                listed.AddRange(page);
                next = continuation;
            }
            while (next is not null && listed.Count < wanted);

            Print(listed.Take(wanted).ToList(), ctx.Json);
        }));
        return command;
    }

    private static Command Get()
    {
        var jobId = new Argument<string>("jobId") { Description = "The job id printed by 'jobs submit' or 'jobs list'." };
        var timeline = new Option<bool>("--timeline") { Description = "Print the job's timeline instead of its record." };
        var output = new Option<string?>("-o", "--output") { Description = "With --timeline: write it to this file." };
        var command = new Command("get", $"Show a job, or with --timeline fetch its timeline.\n\n{ExitCodes.Help}") { jobId, timeline, output };
        command.SetAction((parse, ct) => CliContext.RunAsync(parse, async ctx =>
        {
            var id = parse.GetValue(jobId)!;
            var job = (JobIds.IsWellFormed(id) ? await ctx.Get<JobStore>().GetAsync(id, ct) : null)
                ?? throw new LipsyncException(ErrorCodes.JobNotFound, $"No job '{id}' exists.");
            if (!parse.GetValue(timeline))
            {
                Console.WriteLine(JsonSerializer.Serialize(job.ToRecord(), ContractsJson.Context.JobRecord));
                return;
            }

            if (job.Status == JobStatus.Failed)
            {
                throw new LipsyncException(job.ErrorCode ?? ErrorCodes.EngineFailure, job.ErrorMessage ?? "The job failed.");
            }

            if (job.Status != JobStatus.Succeeded)
            {
                throw new LipsyncException(ErrorCodes.JobNotFinished, $"Job {job.JobId} is {job.Status}; try again when it has succeeded (or use 'jobs submit --wait').");
            }

            var content = await ctx.Get<StorageClients>().Container(StorageNames.TimelinesContainer).GetBlobClient(job.OutputName).DownloadContentAsync(ct);
            if (parse.GetValue(output) is { } path)
            {
                await File.WriteAllBytesAsync(path, content.Value.Content.ToArray(), ct);
                Console.Error.WriteLine($"timeline written to {path}");
            }
            else
            {
                Console.WriteLine(content.Value.Content.ToString());
            }
        }));
        return command;
    }

    private static async Task<List<JobEntity>> WaitAsync(JobStore store, List<JobEntity> jobs, CancellationToken ct)
    {
        var done = new Dictionary<string, JobEntity>(StringComparer.Ordinal);
        if (Console.IsOutputRedirected)
        {
            // No terminal: no progress bar (it would print a frozen "0%"), just wait.
            await PollAsync(store, jobs, done, () => { }, ct);
        }
        else
        {
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async progress =>
                {
                    var bar = progress.AddTask($"{jobs.Count} jobs", maxValue: jobs.Count);
                    await PollAsync(store, jobs, done, () => bar.Increment(1), ct);
                });
        }

        return [.. jobs.Select(j => done[j.JobId])];
    }

    private static async Task PollAsync(JobStore store, List<JobEntity> jobs, Dictionary<string, JobEntity> done, Action finished, CancellationToken ct)
    {
        while (done.Count < jobs.Count)
        {
            foreach (var job in jobs.Where(j => !done.ContainsKey(j.JobId)))
            {
                if (await store.GetAsync(job.JobId, ct) is { IsTerminal: true } result)
                {
                    done[job.JobId] = result;
                    finished();
                }
            }

            if (done.Count < jobs.Count)
            {
                await Task.Delay(500, ct);
            }
        }
    }

    private static void Print(List<JobEntity> jobs, bool json)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new JobList([.. jobs.Select(j => j.ToRecord())], null), ContractsJson.Context.JobList));
            return;
        }

        if (jobs.Count == 0)
        {
            Console.WriteLine("no jobs");
            return;
        }

        foreach (var job in jobs)
        {
            var outcome = job.Status switch
            {
                JobStatus.Succeeded => $"timelines/{job.OutputName}",
                JobStatus.Failed => $"{job.ErrorCode}: {job.ErrorMessage}",
                _ => "",
            };
            Console.WriteLine($"{job.JobId}  {job.Status,-9}  audio-in/{job.InputName}  {outcome}");
        }
    }

    private static List<(string Path, string Relative)> Expand(IEnumerable<string> inputs)
    {
        var files = new List<(string, string)>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                files.AddRange(Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories)
                    .Where(AudioFiles.IsAudio)
                    .Order(StringComparer.Ordinal)
                    .Select(f => (f, Path.GetRelativePath(input, f))));
            }
            else
            {
                files.Add(File.Exists(input) ? (input, Path.GetFileName(input)) : throw new FileNotFoundException($"no such file: {input}", input));
            }
        }

        return files.Count > 0 ? files : throw new IOException("no audio files found");
    }
}
