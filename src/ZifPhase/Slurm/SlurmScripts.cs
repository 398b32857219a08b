using System.Globalization;
using System.Text;
using ZifPhase.Sharding;

namespace ZifPhase.Slurm;

/// <summary>Resources asked of Slurm for every task (null: the cluster's default).</summary>
public sealed record SlurmResources(string? Partition = null, string? Time = null, string? Memory = null, int CpusPerTask = 1,
    IReadOnlyList<string>? ExtraOptions = null);

/// <summary>One merged output of a sharded run: the target and the command line that joins its parts.</summary>
public sealed record SlurmMerge(string Output, IReadOnlyList<string> Parts);

/// <summary>
/// The two batch scripts of a sharded run: a job array with one task per shard, each running the same
/// zifphase command with <c>--shard $SLURM_ARRAY_TASK_ID/N</c>, and a merge job submitted with
/// <c>--dependency=afterok</c> on the array.
/// </summary>
public sealed class SlurmScripts
{
    /// <summary>How to start zifphase on the nodes (the program, or e.g. "dotnet zifphase.dll"), one word per item.</summary>
    public required IReadOnlyList<string> Zifphase { get; init; }
    /// <summary>The zifphase command and its arguments, without --shard.</summary>
    public required IReadOnlyList<string> Command { get; init; }
    /// <summary>Number of shards N, one array task each (--array=1-N).</summary>
    public required int Shards { get; init; }
    /// <summary>How frames are dealt out to the shards (--shard-by).</summary>
    public ShardMode Mode { get; init; } = ShardMode.Blocks;
    /// <summary>Slurm job name (--job-name); the merge job gets "-merge" appended.</summary>
    public required string JobName { get; init; }
    /// <summary>Directory the tasks cd into before running the command.</summary>
    public required string WorkDirectory { get; init; }
    /// <summary>Where array.sh, merge.sh and logs/ go.</summary>
    public required string ScriptDirectory { get; init; }
    /// <summary>ScriptDirectory/logs, where the tasks and the merge write their output.</summary>
    public string LogDirectory => Path.Combine(ScriptDirectory, "logs");
    /// <summary>ScriptDirectory/array.sh.</summary>
    public string ArrayScriptPath => Path.Combine(ScriptDirectory, "array.sh");
    /// <summary>ScriptDirectory/merge.sh.</summary>
    public string MergeScriptPath => Path.Combine(ScriptDirectory, "merge.sh");
    /// <summary>The outputs the merge job joins, one 'zifphase merge' line each.</summary>
    public required IReadOnlyList<SlurmMerge> Merges { get; init; }
    /// <summary>Partition, time, memory, CPUs and extra #SBATCH options of every task.</summary>
    public SlurmResources Resources { get; init; } = new();
    /// <summary>Pass --resume to each task (describe, dataset build, classify: a re-run task continues from its last complete frame).</summary>
    public bool ResumeTasks { get; init; }

    /// <summary>The --output pattern of the array tasks: logs/shard-%a.out (%a: the task number).</summary>
    public string ArrayLogPattern => Path.Combine(LogDirectory, "shard-%a.out");
    /// <summary>The log file of the merge job: logs/merge.out.</summary>
    public string MergeLog => Path.Combine(LogDirectory, "merge.out");

    /// <summary>The log file of array task <paramref name="task"/>.</summary>
    public string TaskLog(int task) => Path.Combine(LogDirectory, string.Create(CultureInfo.InvariantCulture, $"shard-{task}.out"));

    /// <summary>
    /// Text of array.sh: #SBATCH header, then the command with --shard "$SLURM_ARRAY_TASK_ID/N" (and --threads from SLURM_CPUS_PER_TASK unless given).
    /// </summary>
    public string ArrayScript()
    {
        var sb = Header(JobName, $"1-{Shards.ToString(CultureInfo.InvariantCulture)}", ArrayLogPattern);
        sb.Append("# Written by 'zifphase slurm': one array task per shard of\n#   ").Append(Join(Command)).Append('\n');
        sb.Append("# A failed shard can run again alone (then submit merge.sh, or run its command):\n");
        sb.Append("#   sbatch --array=TASK ").Append(Quote(ArrayScriptPath)).Append('\n');
        sb.Append("set -euo pipefail\n");
        sb.Append("cd ").Append(Quote(WorkDirectory)).Append('\n');
        sb.Append("planned=").Append(Shards.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("shards=\"${SLURM_ARRAY_TASK_COUNT:-$planned}\"\n");
        sb.Append("# a re-run of some tasks is a smaller array; the shards stay those of the plan\n");
        sb.Append("[ \"$shards\" = \"$planned\" ] || shards=$planned\n");
        sb.Append("exec ").Append(Join(Zifphase)).Append(' ').Append(Join(Command));
        sb.Append(" --shard \"${SLURM_ARRAY_TASK_ID}/${shards}\" --shard-by ").Append(Mode == ShardMode.Blocks ? "blocks" : "stride");
        if (!Command.Contains("--threads")) sb.Append(" --threads \"${SLURM_CPUS_PER_TASK:-1}\"");
        if (ResumeTasks) sb.Append(" --resume");
        sb.Append('\n');
        return sb.ToString();
    }

    /// <summary>
    /// Text of merge.sh: #SBATCH header, then one 'zifphase merge' per output; submit it with --dependency=afterok on the array.
    /// </summary>
    public string MergeScript()
    {
        var sb = Header(JobName + "-merge", null, MergeLog);
        sb.Append("# Written by 'zifphase slurm': joins the parts once every shard succeeded (--dependency=afterok).\n");
        sb.Append("set -euo pipefail\n");
        sb.Append("cd ").Append(Quote(WorkDirectory)).Append('\n');
        foreach (var m in Merges)
            sb.Append(Join(Zifphase)).Append(" merge ").Append(Join(m.Parts)).Append(" -o ").Append(Quote(m.Output)).Append('\n');
        return sb.ToString();
    }

    private StringBuilder Header(string name, string? array, string log)
    {
        var sb = new StringBuilder("#!/bin/bash\n");
        void Option(string text) => sb.Append("#SBATCH ").Append(text).Append('\n');
        Option("--job-name=" + name);
        if (array is not null) Option("--array=" + array);
        Option("--output=" + log);
        Option("--ntasks=1");
        Option("--cpus-per-task=" + Resources.CpusPerTask.ToString(CultureInfo.InvariantCulture));
        if (Resources.Partition is { } p) Option("--partition=" + p);
        if (Resources.Time is { } t) Option("--time=" + t);
        if (Resources.Memory is { } m) Option("--mem=" + m);
        foreach (var extra in Resources.ExtraOptions ?? []) Option(extra);
        return sb;
    }

    /// <summary>A word for bash: left bare when it is plainly safe, otherwise in single quotes.</summary>
    public static string Quote(string word)
    {
        if (word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c))) return word;
        return "'" + word.Replace("'", "'\\''") + "'";
    }

    private static string Join(IEnumerable<string> words) => string.Join(' ', words.Select(Quote));
}
