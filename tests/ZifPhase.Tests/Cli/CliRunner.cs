using ZifPhase.Cli;

namespace ZifPhase.Tests.Cli;

/// <summary>Runs the CLI in-process with captured stdout and stderr.</summary>
public static class CliRunner
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
