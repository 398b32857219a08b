using System.CommandLine;
using Spectre.Console;
using ZifPhase.IO;

namespace ZifPhase.Cli;

/// <summary>Where a command writes, and the one place that turns failures into a single stderr line.</summary>
public sealed class CliContext(TextWriter stdout, TextWriter stderr)
{
    public TextWriter Out { get; } = stdout;
    public TextWriter Err { get; } = stderr;

    /// <summary>Console for tables on stdout (plain text when redirected).</summary>
    public IAnsiConsole OutConsole() => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Out),
        Ansi = ReferenceEquals(Out, Console.Out) && !Console.IsOutputRedirected ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = ReferenceEquals(Out, Console.Out) && !Console.IsOutputRedirected ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
    });

    /// <summary>Progress display on stderr, shown only when stderr is an interactive terminal.</summary>
    public bool ShowProgress => ReferenceEquals(Err, Console.Error) && !Console.IsErrorRedirected;

    public IAnsiConsole ErrConsole() => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Err) });

    /// <summary>Prints a non-fatal remark as one "zifphase: warning: ..." line on stderr.</summary>
    public void Warn(string message) => Err.WriteLine($"zifphase: warning: {OneLine(message)}");

    /// <summary>Runs a command body; user errors become one "zifphase: error: ..." line and exit code 1 (2 for a bad command line); a bug becomes "zifphase: internal error: ..." and exit code 70, with its stack trace under --debug.</summary>
    public Func<ParseResult, int> Guard(Func<ParseResult, int> body) => parse =>
    {
        try
        {
            return body(parse);
        }
        catch (UsageException e)
        {
            Err.WriteLine($"zifphase: error: {OneLine(e.Message)}");
            return 2;
        }
        catch (Exception e) when (IsUserError(e))
        {
            Err.WriteLine($"zifphase: error: {OneLine(UserText(e))}");
            return 1;
        }
        catch (Exception e)
        {
            // A bug: not dressed up as the user's mistake. Named as ours, exit code 70 (EX_SOFTWARE) so that scripts
            // can tell it from a bad input (1) or a bad command line (2); the stack trace to report with --debug.
            Err.WriteLine($"zifphase: internal error: {e.GetType().Name}: {OneLine(e.Message)}");
            if (parse?.GetValue(Debug) == true || Environment.GetEnvironmentVariable("ZIFPHASE_DEBUG") is "1" or "true")
            {
                Err.WriteLine($"zifphase: this is a bug in zifphase {Version}; please report it with the lines below");
                Err.WriteLine(e.ToString());
            }
            else Err.WriteLine($"zifphase: this is a bug in zifphase {Version}; run the same command with --debug for the stack trace to report");
            return InternalError;
        }
    };

    /// <summary>`--debug` (every command): an internal error prints its stack trace. ZIFPHASE_DEBUG=1 does the same.</summary>
    public Option<bool> Debug { get; } = new("--debug")
    {
        Description = "on an internal error (a bug in zifphase), print its stack trace to report (also: ZIFPHASE_DEBUG=1)",
        Recursive = true,
    };

    /// <summary>Exit code of a bug (EX_SOFTWARE of sysexits.h).</summary>
    public const int InternalError = 70;

    private static string Version => typeof(CliContext).Assembly.GetName().Version?.ToString(3) ?? "";

    /// <summary>
    /// Whether a failure is the user's to fix and becomes one line: a <see cref="ZifPhaseException"/> (bad input,
    /// a bad value), a bad command line (<see cref="UsageException"/>), or what the system refuses (a full disk, a
    /// file that may not be written). Anything else is a bug: it crashes with its stack trace.
    /// </summary>
    public static bool IsUserError(Exception e) =>
        e is ZifPhaseException or UsageException or IOException or UnauthorizedAccessException;

    /// <summary>
    /// The message without what .NET adds for programmers: " (Parameter 'name')" and "Actual value was …".
    /// </summary>
    public static string UserText(Exception e)
    {
        var text = e.Message;
        if (e is ArgumentOutOfRangeException { ActualValue: not null })
            text = System.Text.RegularExpressions.Regex.Replace(text, @"\s*Actual value was .*$", "", System.Text.RegularExpressions.RegexOptions.Singleline);
        if (e is ArgumentException { ParamName: { } name })
            text = text.Replace($" (Parameter '{name}')", "");
        return text;
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
