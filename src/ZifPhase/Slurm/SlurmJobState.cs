using System.Globalization;
using System.Text.RegularExpressions;

namespace ZifPhase.Slurm;

/// <summary>
/// One line of <c>scontrol show job -o ID</c>: a job, an array task, or the still-pending rest of an array
/// (<c>ArrayTaskId=3-8</c>, or <c>1,4-8%2</c>).
/// </summary>
public sealed partial record SlurmJobState(string JobId, string? ArrayJobId, string? ArrayTaskIds, string State, string ExitCode, string Reason, string? StdOut)
{
    [GeneratedRegex(@"(?:^|\s)(?<key>[A-Za-z]+)=(?<value>\S*)")]
    private static partial Regex Field();

    /// <summary>States after which a job never runs again.</summary>
    public bool IsFinished => State is "COMPLETED" || IsFailed;

    /// <summary>Whether the job ended without success (FAILED, CANCELLED, TIMEOUT, OUT_OF_MEMORY, NODE_FAIL, …).</summary>
    public bool IsFailed => State is "FAILED" or "CANCELLED" or "TIMEOUT" or "OUT_OF_MEMORY" or "NODE_FAIL" or "BOOT_FAIL"
        or "DEADLINE" or "PREEMPTED" or "SPECIAL_EXIT" or "REVOKED";

    /// <summary>The array task numbers this line stands for (one for a started task, several for a pending rest).</summary>
    public IEnumerable<int> TaskIds()
    {
        if (string.IsNullOrEmpty(ArrayTaskIds)) yield break;
        var list = ArrayTaskIds.Split('%')[0];
        foreach (var part in list.Split(','))
        {
            var range = part.Split(':')[0].Split('-');
            int step = part.Contains(':') ? int.Parse(part.Split(':')[1], CultureInfo.InvariantCulture) : 1;
            int a = int.Parse(range[0], CultureInfo.InvariantCulture);
            int b = range.Length > 1 ? int.Parse(range[1], CultureInfo.InvariantCulture) : a;
            for (int i = a; i <= b; i += step) yield return i;
        }
    }

    /// <summary>Parses the output of <c>scontrol show job -o</c>: one job (or array part) per non-empty line.</summary>
    public static IReadOnlyList<SlurmJobState> ParseAll(string text)
    {
        var jobs = new List<SlurmJobState>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = new Dictionary<string, string>();
            foreach (Match m in Field().Matches(line)) fields.TryAdd(m.Groups["key"].Value, m.Groups["value"].Value);
            if (!fields.TryGetValue("JobId", out var id) || !fields.TryGetValue("JobState", out var state)) continue;
            jobs.Add(new SlurmJobState(id, fields.GetValueOrDefault("ArrayJobId"), fields.GetValueOrDefault("ArrayTaskId"), state,
                fields.GetValueOrDefault("ExitCode", ""), fields.GetValueOrDefault("Reason", ""), fields.GetValueOrDefault("StdOut")));
        }
        return jobs;
    }
}
