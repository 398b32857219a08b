using System.CommandLine;
using System.Reflection;

namespace ZifPhase.Cli;

/// <summary>
/// One `zifphase analyze` subcommand. A class of this assembly that implements it is found by
/// <see cref="AnalyzeCommand.Create"/>: adding an analysis needs no edit to a registration list.
/// </summary>
public interface IAnalyzeCommand
{
    /// <summary>The subcommand (name, help, options, action).</summary>
    static abstract Command Create(CliContext context);
}

/// <summary>`zifphase analyze ...`: analyses of structures and classified trajectories, one per <see cref="IAnalyzeCommand"/>.</summary>
public static class AnalyzeCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("analyze", "Analyses of structures and classified trajectories.");
        foreach (var sub in Subcommands(context)) command.Subcommands.Add(sub);
        return command;
    }

    /// <summary>Every <see cref="IAnalyzeCommand"/> of this assembly, created and sorted by name (a stable help order).</summary>
    public static IReadOnlyList<Command> Subcommands(CliContext context)
    {
        var create = typeof(IAnalyzeCommand).GetMethod(nameof(IAnalyzeCommand.Create))!;
        return [.. typeof(IAnalyzeCommand).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IAnalyzeCommand).IsAssignableFrom(t))
            .Select(t =>
            {
                var map = t.GetInterfaceMap(typeof(IAnalyzeCommand));
                var method = map.TargetMethods[Array.IndexOf(map.InterfaceMethods, create)];
                return (Command)method.Invoke(null, [context])!;
            })
            .OrderBy(c => c.Name, StringComparer.Ordinal)];
    }
}
