using System.CommandLine;

namespace ZifPhase.Cli;

/// <summary>`zifphase analyze ...`: analyses of classified trajectories.</summary>
public static class AnalyzeCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("analyze", "Analyses of structures and classified trajectories.");
        command.Subcommands.Add(AnalyzeNetworkCommand.Create(context));
        command.Subcommands.Add(AnalyzeRingsCommand.Create(context));
        command.Subcommands.Add(AnalyzeClustersCommand.Create(context));
        command.Subcommands.Add(AnalyzeTransitionCommand.Create(context));
        return command;
    }
}
