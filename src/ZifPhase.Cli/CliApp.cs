using System.CommandLine;

namespace ZifPhase.Cli;

/// <summary>Builds the `zifphase` command tree and runs it. Every command prints errors as one line on stderr.</summary>
public static class CliApp
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var context = new CliContext(stdout, stderr);
        var root = new RootCommand("ZifPhase: per-atom phase classification of Zn(Im)2 (ZIF-4 polymorph) MD trajectories.");
        root.Subcommands.Add(DemoCommand.Create(context));
        root.Subcommands.Add(InfoCommand.Create(context));
        root.Subcommands.Add(ConvertCommand.Create(context));
        root.Subcommands.Add(DescribeCommand.Create(context));
        root.Subcommands.Add(DatasetCommand.Create(context));
        root.Subcommands.Add(TrainCommand.Create(context));
        root.Subcommands.Add(EvaluateCommand.Create(context));
        root.Subcommands.Add(PredictCommand.Create(context));
        root.Subcommands.Add(ExperimentCommand.Create(context));
        root.Subcommands.Add(ClassifyCommand.Create(context));
        root.Subcommands.Add(MergeCommand.Create(context));
        root.Subcommands.Add(SlurmCommand.Create(context, root));
        root.Subcommands.Add(AnalyzeCommand.Create(context));
        root.Subcommands.Add(EmbedCommand.Create(context));
        root.Subcommands.Add(BenchCommand.Create(context));

        var parse = root.Parse(args.Length == 0 ? ["--help"] : args);
        if (parse.Errors.Count > 0)
        {
            var command = parse.CommandResult.Command;
            var path = command == root ? "zifphase" : $"zifphase {command.Name}";
            stderr.WriteLine($"zifphase: error: {parse.Errors[0].Message} (see '{path} --help')");
            return 2;
        }
        return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
    }
}
