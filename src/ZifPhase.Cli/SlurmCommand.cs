using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using ZifPhase.Slurm;
using ZifPhase.Sharding;

namespace ZifPhase.Cli;

/// <summary>
/// `zifphase slurm --shards N [resources] -- COMMAND...`: runs describe, dataset build or classify as a Slurm job
/// array (one task per shard) and merges the parts in a job that depends on the array (afterok).
/// </summary>
public static class SlurmCommand
{
    private static readonly string[] Shardable = ["describe", "build", "classify"];

    public static Command Create(CliContext context, RootCommand root)
    {
        var inner = new Argument<string[]>("COMMAND")
        {
            Description = "after --: the zifphase command to spread over the array (describe, dataset build or classify, with its arguments, without --shard)",
            Arity = ArgumentArity.OneOrMore,
        };
        var shards = new Option<int>("--shards", "-n") { Description = "number of shards (array tasks)", Required = true, HelpName = "N" }.Allow(n => n >= 1, "at least 1");
        var shardBy = new Option<string>("--shard-by") { Description = "blocks (contiguous frames, default) or stride (round robin)", DefaultValueFactory = _ => "blocks", HelpName = "MODE" };
        var partition = new Option<string?>("--partition", "-p") { Description = "Slurm partition", HelpName = "NAME" };
        var time = new Option<string?>("--time", "-t") { Description = "time limit per task, as sbatch takes it (e.g. 02:00:00)", HelpName = "TIME" };
        var mem = new Option<string?>("--mem") { Description = "memory per task, as sbatch takes it (e.g. 4G)", HelpName = "SIZE" };
        var cpus = new Option<int>("--cpus-per-task", "-c") { Description = "CPUs per task (the task's --threads)", DefaultValueFactory = _ => 1, HelpName = "N" }.Allow(n => n >= 1, "at least 1");
        var jobName = new Option<string?>("--job-name", "-J") { Description = "job name (default zifphase-COMMAND)", HelpName = "NAME" };
        var extra = new Option<string[]>("--sbatch") { Description = "another #SBATCH option for both jobs, e.g. --sbatch=--account=proj42 (repeatable)", HelpName = "OPTION", AllowMultipleArgumentsPerToken = false };
        var dir = new Option<string?>("--dir") { Description = "folder for the scripts and logs (default OUT.slurm beside the first output)", HelpName = "DIR" };
        var exe = new Option<string?>("--zifphase") { Description = "how the jobs start zifphase (default: as this process was started)", HelpName = "CMD" };
        var dryRun = new Option<bool>("--dry-run") { Description = "print both scripts; write and submit nothing" };
        var wait = new Option<bool>("--wait") { Description = "follow the jobs until the merge is done; exit non-zero, naming the task, if any fails" };
        var poll = new Option<double>("--poll") { Description = "with --wait: seconds between looks at the queue", DefaultValueFactory = _ => 5, HelpName = "S" }.Allow(CommonOptions.Positive, "a positive number of seconds");
        var command = new Command("slurm", "Spread describe, dataset build or classify over a Slurm job array, one task per shard, and merge the parts in a dependent job: the result is the single-run file, byte for byte.");
        command.Arguments.Add(inner);
        foreach (var o in new Option[] { shards, shardBy, partition, time, mem, cpus, jobName, extra, dir, exe, dryRun, wait, poll }) command.Options.Add(o);
        command.SetAction(context.Guard(parse =>
        {
            var args = parse.GetValue(inner)!;
            int n = parse.GetValue(shards);
            var mode = Shard.ParseMode(parse.GetValue(shardBy)!);

            var innerParse = root.Parse(args);
            if (CliApp.CommandLineError(innerParse, root) is { } innerError) throw new ZifPhaseException($"the command after --: {innerError}");
            var leaf = innerParse.CommandResult.Command;
            if (!Shardable.Contains(leaf.Name) || (leaf.Name == "build" && args[0] != "dataset"))
                throw new ZifPhaseException($"'{string.Join(' ', args.Take(2))}' cannot be sharded: use describe, dataset build or classify");
            if (args.Any(a => a == "--shard" || a.StartsWith("--shard=", StringComparison.Ordinal) || a == "--shard-by" || a.StartsWith("--shard-by=", StringComparison.Ordinal)))
                throw new ZifPhaseException("the command after -- must not have --shard or --shard-by: each task adds its own");
            if (args.Contains("--follow")) throw new ZifPhaseException("--follow cannot be sharded");
            var outputs = new List<string>();
            foreach (var name in new[] { "--output", "--fractions" })
            {
                var option = leaf.Options.FirstOrDefault(o => o.Name == name);
                if (option is not null && innerParse.GetResult(option) is { Tokens.Count: > 0 } r) outputs.Add(r.Tokens[0].Value);
            }
            if (outputs.Count == 0) throw new ZifPhaseException("the command after -- writes no output (-o or --fractions)");

            var workDir = Directory.GetCurrentDirectory();
            var scriptDir = Path.GetFullPath(parse.GetValue(dir) ?? outputs[0] + ".slurm");
            var scripts = new SlurmScripts
            {
                Zifphase = parse.GetValue(exe) is { } e ? e.Split(' ', StringSplitOptions.RemoveEmptyEntries) : SelfCommand(),
                Command = args,
                Shards = n,
                Mode = mode,
                JobName = parse.GetValue(jobName) ?? "zifphase-" + (leaf.Name == "build" ? "dataset" : leaf.Name),
                WorkDirectory = workDir,
                ScriptDirectory = scriptDir,
                Merges = [.. outputs.Select(o => new SlurmMerge(o, [.. Enumerable.Range(1, n).Select(i => ShardFiles.PartPath(o, new Shard(i, n)))]))],
                Resources = new SlurmResources(parse.GetValue(partition), parse.GetValue(time), parse.GetValue(mem), parse.GetValue(cpus), parse.GetValue(extra)),
                ResumeTasks = true, // every shardable command resumes a killed task
            };
            var arrayPath = scripts.ArrayScriptPath;
            var mergePath = scripts.MergeScriptPath;
            if (parse.GetValue(dryRun))
            {
                context.Out.WriteLine($"# {arrayPath}");
                context.Out.Write(scripts.ArrayScript());
                context.Out.WriteLine();
                context.Out.WriteLine($"# {mergePath}  (submitted with --dependency=afterok:<array job id>)");
                context.Out.Write(scripts.MergeScript());
                return 0;
            }

            ZifPhase.IO.OutputFolder.Create(scripts.LogDirectory);
            IO.AtomicFile.WriteAllText(arrayPath, scripts.ArrayScript());
            IO.AtomicFile.WriteAllText(mergePath, scripts.MergeScript());
            var slurm = new SlurmClient();
            var arrayId = slurm.Submit(arrayPath);
            var mergeId = slurm.Submit(mergePath, afterOk: arrayId);
            context.Out.WriteLine($"submitted array job {arrayId} ({n} shards of '{string.Join(' ', args.Take(leaf.Name == "build" ? 2 : 1))}') and merge job {mergeId} (runs when every shard succeeded)");
            context.Out.WriteLine($"scripts and logs: {scriptDir}");
            if (!parse.GetValue(wait)) return 0;
            return Wait(context, slurm, scripts, arrayId, mergeId, TimeSpan.FromSeconds(Math.Max(parse.GetValue(poll), 0.1)));
        }));
        return command;
    }

    /// <summary>The command line that started this process (apphost, or dotnet and the dll).</summary>
    private static string[] SelfCommand()
    {
        var process = Environment.ProcessPath ?? "zifphase";
        // Only used under `dotnet zifphase.dll`, where the dll lies in the base folder (Assembly.Location is
        // empty in a single-file build).
        var dll = Path.Combine(AppContext.BaseDirectory, typeof(SlurmCommand).Assembly.GetName().Name + ".dll");
        return Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? [process, dll] : [process];
    }

    private static int Wait(CliContext context, SlurmClient slurm, SlurmScripts scripts, string arrayId, string mergeId, TimeSpan poll)
    {
        int n = scripts.Shards;
        var states = new string[n + 1];
        string mergeState = "PENDING";
        var clock = Stopwatch.StartNew();
        string? failure = null;

        bool Look()
        {
            foreach (var job in slurm.Show(arrayId))
            {
                foreach (int task in job.TaskIds())
                {
                    if (task < 1 || task > n) continue;
                    if (states[task] != job.State && !context.ShowProgress)
                        context.Err.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{clock.Elapsed:hh\\:mm\\:ss}] shard {task}/{n} (job {arrayId}_{task}): {job.State}"));
                    states[task] = job.State;
                    if (job.IsFailed && failure is null)
                        failure = $"shard {task}/{n} (job {arrayId}_{task}) ended {job.State}, exit code {job.ExitCode}; log {scripts.TaskLog(task)}{Tail(scripts.TaskLog(task))}";
                }
            }
            var merge = slurm.Show(mergeId);
            if (merge.Count > 0 && merge[0].State != mergeState)
            {
                mergeState = merge[0].State;
                if (!context.ShowProgress) context.Err.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{clock.Elapsed:hh\\:mm\\:ss}] merge (job {mergeId}): {mergeState}"));
            }
            if (failure is not null) return true;
            if (merge.Count > 0 && merge[0].IsFailed)
            {
                failure = $"the merge (job {mergeId}) ended {merge[0].State}, exit code {merge[0].ExitCode}; log {scripts.MergeLog}{Tail(scripts.MergeLog)}";
                return true;
            }
            // Slurm forgets finished jobs after MinJobAge: then the merged outputs tell whether it succeeded
            return mergeState == "COMPLETED" || (merge.Count == 0 && scripts.Merges.All(m => File.Exists(m.Output)));
        }

        int Done() => states.Count(s => s == "COMPLETED");
        if (context.ShowProgress)
        {
            context.ErrConsole().Progress().AutoClear(false).HideCompleted(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    var shardsBar = ctx.AddTask($"shards (job {arrayId})", maxValue: n);
                    var mergeBar = ctx.AddTask($"merge (job {mergeId})", maxValue: 1);
                    while (true)
                    {
                        bool over = Look();
                        int running = states.Count(s => s == "RUNNING");
                        shardsBar.Value = Done();
                        shardsBar.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"shards (job {arrayId}): {Done()}/{n} done, {running} running"));
                        mergeBar.Description = Markup.Escape($"merge (job {mergeId}): {mergeState}");
                        if (over)
                        {
                            if (failure is null) mergeBar.Value = 1;
                            break;
                        }
                        Thread.Sleep(poll);
                    }
                });
        }
        else
        {
            while (!Look()) Thread.Sleep(poll);
        }

        if (failure is not null)
        {
            if (mergeState is "PENDING") slurm.Cancel(mergeId); // it would wait forever on a dependency that can never be met
            context.Err.WriteLine($"zifphase: error: {failure}");
            return 1;
        }
        context.Err.WriteLine($"done: {string.Join(", ", scripts.Merges.Select(m => m.Output))} (all {n} shards merged)");
        return 0;
    }

    /// <summary>The last lines of a log, indented, to show with a failure.</summary>
    private static string Tail(string log)
    {
        try
        {
            var lines = File.ReadAllLines(log).Where(l => l.Trim().Length > 0).TakeLast(3).ToArray();
            return lines.Length == 0 ? "" : " — " + string.Join(" | ", lines.Select(l => l.Trim()));
        }
        catch (IOException)
        {
            return "";
        }
    }
}
