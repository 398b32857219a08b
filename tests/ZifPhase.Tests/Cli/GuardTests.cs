using ZifPhase.Cli;

namespace ZifPhase.Tests.Cli;

/// <summary>
/// Only user errors become one "zifphase: error:" line; a bug (any other exception) is not dressed up as one: it
/// is named an internal error, with its stack trace, and exits with 70.
/// </summary>
public class GuardTests
{
    private static (int Code, string Err) Run(Exception thrown)
    {
        var err = new StringWriter();
        int code = new CliContext(new StringWriter(), err).Guard(_ => throw thrown)(null!);
        return (code, err.ToString());
    }

    [Fact]
    public void UserErrorsAreOneLine()
    {
        Assert.Equal((1, "zifphase: error: f.xyz, frame 2: bad\n"), Run(new InputException("f.xyz", 2, null, "bad")));
        Assert.Equal((1, "zifphase: error: --labels needs --phase PHASE\n"), Run(new ZifPhaseException("--labels needs --phase PHASE")));
        Assert.Equal((2, "zifphase: error: unknown format 'pdb'\n"), Run(new UsageException("unknown format 'pdb'")));
        Assert.Equal((1, "zifphase: error: No space left on device\n"), Run(new IOException("No space left on device")));
        Assert.Equal((1, "zifphase: error: denied\n"), Run(new UnauthorizedAccessException("denied")));
    }

    [Theory]
    [InlineData(typeof(ArgumentException))]
    [InlineData(typeof(ArgumentNullException))]
    [InlineData(typeof(InvalidOperationException))]
    [InlineData(typeof(FormatException))]
    [InlineData(typeof(NullReferenceException))]
    public void ProgrammingErrorsAreReportedAsBugsWithTheirStackTrace(Type type)
    {
        Exception bug;
        try
        {
            throw type == typeof(ArgumentNullException) ? new ArgumentNullException("x", "a bug") : (Exception)Activator.CreateInstance(type, "a bug")!;
        }
        catch (Exception e)
        {
            bug = e; // thrown, so that it has a stack trace
        }
        var (code, err) = Run(bug);
        Assert.Equal(CliContext.InternalError, code);
        var lines = err.Split('\n');
        Assert.StartsWith($"zifphase: internal error: {type.Name}: a bug", lines[0]);
        Assert.StartsWith("zifphase: this is a bug in zifphase ", lines[1]);
        Assert.EndsWith("run the same command with --debug for the stack trace to report", lines[1]);
        Assert.DoesNotContain("zifphase: error:", err);
        Assert.DoesNotContain(bug.StackTrace!.Split('\n')[0].Trim(), err);
    }

    [Fact]
    public void DebugPrintsTheStackTraceOfABug()
    {
        var err = new StringWriter();
        var context = new CliContext(new StringWriter(), err);
        var command = new System.CommandLine.RootCommand();
        command.Options.Add(context.Debug);
        InvalidOperationException bug;
        try
        {
            throw new InvalidOperationException("a bug");
        }
        catch (InvalidOperationException e)
        {
            bug = e;
        }
        int code = context.Guard(_ => throw bug)(command.Parse(["--debug"]));
        Assert.Equal(CliContext.InternalError, code);
        Assert.Contains("please report it with the lines below", err.ToString());
        Assert.Contains(bug.StackTrace!.Split('\n')[0].Trim(), err.ToString());
    }

    [Fact]
    public void DebugIsAnOptionOfEveryCommand()
    {
        var (code, stdout, _) = CliRunner.Run("describe", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--debug", stdout);
    }

    [Fact]
    public void InputAndUsageErrorsShareTheLibraryBase()
    {
        Assert.IsAssignableFrom<ZifPhaseException>(new InputException("x"));
        Assert.IsAssignableFrom<ZifPhaseException>(new TruncatedFrameException("f", 0, null, "cut short"));
    }

    [Fact]
    public void AMissingFileIsOneMessageEverywhere()
    {
        var dir = TestPaths.NewTempDir();
        var missing = Path.Combine(dir, "nothing.here");
        foreach (var read in new Action[]
        {
            () => ZifPhase.IO.InputFiles.ReadAllText(missing),
            () => ZifPhase.IO.InputFiles.ReadAllBytes(missing),
            () => ZifPhase.IO.InputFiles.OpenRead(missing).Dispose(),
            () => ZifPhase.Reporting.NpyFile.ReadFloat32(missing),
            () => ZifPhase.Learning.DatasetManifest.Load(missing),
        })
            Assert.Equal($"{missing}: no such file", Assert.Throws<InputException>(read).Message);
        Assert.Equal($"{missing}: no such model file", Assert.Throws<InputException>(() => ZifPhase.Learning.ModelFile.Load(missing)).Message);
        Assert.Equal($"{dir}: is a directory, not a file", Assert.Throws<InputException>(() => ZifPhase.IO.InputFiles.ReadAllText(dir)).Message);
        var inMissingFolder = Path.Combine(dir, "no-folder", "x.dump");
        Assert.Equal($"{inMissingFolder}: no such file (the folder does not exist)",
            Assert.Throws<InputException>(() => ZifPhase.IO.TrajectoryReader.ReadFirst(inMissingFolder)).Message);
    }
}
