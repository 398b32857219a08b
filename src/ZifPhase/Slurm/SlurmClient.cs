using System.Diagnostics;

namespace ZifPhase.Slurm;

/// <summary>Slurm's own commands (sbatch, scontrol, scancel), run as processes; found on PATH.</summary>
public sealed class SlurmClient
{
    /// <summary>Submits a script; returns the job id (<c>sbatch --parsable</c>).</summary>
    public string Submit(string script, string? afterOk = null)
    {
        var args = new List<string> { "--parsable" };
        if (afterOk is not null) args.Add("--dependency=afterok:" + afterOk);
        args.Add(script);
        var (code, output, error) = Run("sbatch", args);
        if (code != 0) throw new ZifPhaseException($"sbatch {script} failed: {FirstLine(error, output)}");
        var id = output.Trim().Split(';')[0];
        if (id.Length == 0 || !id.All(char.IsAsciiDigit)) throw new ZifPhaseException($"sbatch {script} gave no job id ('{output.Trim()}')");
        return id;
    }

    /// <summary>The job's lines from <c>scontrol show job -o</c> (every task of an array); empty once Slurm forgot the job.</summary>
    public IReadOnlyList<SlurmJobState> Show(string jobId)
    {
        var (code, output, error) = Run("scontrol", ["show", "job", "-o", jobId]);
        if (code != 0)
        {
            if (error.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase)) return [];
            throw new ZifPhaseException($"scontrol show job {jobId} failed: {FirstLine(error, output)}");
        }
        return SlurmJobState.ParseAll(output);
    }

    /// <summary>
    /// Cancels job (or array) <paramref name="jobId"/> with scancel.
    /// An exit status of scancel is not checked (the job may already be gone).
    /// </summary>
    /// <exception cref="ZifPhaseException">scancel is not on PATH or cannot be started.</exception>
    public void Cancel(string jobId) => Run("scancel", [jobId]);

    private static string FirstLine(string error, string output)
    {
        var text = error.Trim().Length > 0 ? error : output;
        return text.Trim().Split('\n')[0];
    }

    private static (int Code, string Output, string Error) Run(string program, IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new ZifPhaseException($"could not start {program}");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new ZifPhaseException($"{program} was not found on PATH: is this a Slurm login node? (use --dry-run to see the scripts)");
        }
        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output, error.Result);
        }
    }
}
