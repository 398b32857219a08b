using System.CommandLine;
using ZifPhase.IO;

namespace ZifPhase.Cli;

/// <summary>Options shared by every command that reads structures.</summary>
public static class CommonOptions
{
    public static Option<string?> Types() => new("--types")
    {
        Description = "LAMMPS type → element map for files without element names, e.g. 1=Zn,2=N,3=C,4=H",
        HelpName = "MAP",
    };

    public static Option<string?> Frames() => new("--frames")
    {
        Description = "frames to use, as a Python slice start:stop:step (0-based, stop exclusive, negative counts from the end) or one index: 0:100:10, -10: (the last ten), -1 (the last)",
        HelpName = "SLICE",
    };

    public static Option<string?> Format(string what) => new("--format")
    {
        Description = $"{what} format when the extension does not tell: dump, extxyz, cif, data",
        HelpName = "FORMAT",
    };

    public static Option<int> Threads() => new Option<int>("--threads")
    {
        Description = "worker threads (-1: all cores); results are identical for any value",
        DefaultValueFactory = _ => -1,
        HelpName = "N",
    }.Allow(n => n == -1 || n >= 1, "at least 1, or -1 for all cores");

    /// <summary>
    /// Refuses a value given on the command line outside the allowed range, as a command-line error naming the
    /// option and the range ("--threshold must be in (0, 1], got 1.5"). Defaults are not checked.
    /// </summary>
    public static Option<T> Allow<T>(this Option<T> option, Func<T, bool> ok, string allowed)
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count == 0 || result.Errors.Any()) return;
            T value;
            try
            {
                value = result.GetValueOrDefault<T>();
            }
            catch (InvalidOperationException)
            {
                return; // not a number: the parser says so
            }
            if (!ok(value)) result.AddError($"{option.Name} must be {allowed}, got {result.Tokens[^1].Value}");
        });
        return option;
    }

    /// <summary>Positive and finite (a length, a time, a rate).</summary>
    public static bool Positive(double v) => v > 0 && double.IsFinite(v);

    /// <summary>--resume: continue a killed run of the same command from its last complete frame.</summary>
    public static Option<bool> Resume() => new("--resume")
    {
        Description = "continue a run that was killed, from its last complete frame (same arguments; uncompressed outputs); the result equals an uninterrupted run",
    };

    public static ReadOptions ReadOptions(string? types, string? frames, Action<string>? warn) => new()
    {
        Types = types is null ? null : TypeMap.Parse(types),
        Frames = frames is null ? FrameRange.All : FrameRange.Parse(frames),
        Warn = warn,
    };

    public static TrajectoryFormat? ParseFormat(string? name) => name is null ? null : AsUsage(() => TrajectoryFormats.Parse(name));

    /// <summary>Runs a parse of an option's value; its ArgumentException becomes a command-line error (exit 2).</summary>
    public static T AsUsage<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (Exception e) when (e is ArgumentException and not UsageException || e is ZifPhaseException and not InputException)
        {
            throw new UsageException(CliContext.UserText(e));
        }
    }
}
