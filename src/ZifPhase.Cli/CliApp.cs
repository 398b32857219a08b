using System.CommandLine;
using System.CommandLine.Parsing;

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
        root.Options.Add(context.Debug);

        var parse = root.Parse(args.Length == 0 ? ["--help"] : args);
        if (CommandLineError(parse, root) is { } error)
        {
            stderr.WriteLine($"zifphase: error: {error}");
            return 2;
        }
        return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
    }

    /// <summary>
    /// The one-line answer to a bad command line, with the help to read ("see 'zifphase analyze transition --help'"),
    /// or null when the command line is good. A misspelt command or option is named with the nearest real one,
    /// also when a many-file argument would otherwise have taken the misspelt option as a file name.
    /// </summary>
    public static string? CommandLineError(ParseResult parse, RootCommand root)
    {
        var command = parse.CommandResult.Command;
        var help = $"(see '{CommandPath(parse.CommandResult)} --help')";
        var unmatched = parse.UnmatchedTokens.FirstOrDefault() ?? SwallowedOption(parse);
        if (unmatched is not null)
        {
            if (LooksLikeOption(unmatched))
            {
                var name = unmatched.Split('=', 2)[0];
                var names = command.Options.SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal));
                return $"unrecognized option '{name}'{Spelling.DidYouMean(name, names)} {help}";
            }
            if (command.Subcommands.Count > 0 && command.Arguments.Count == 0)
            {
                // The leaf names of every command below this one: 'transition' finds 'analyze transition'.
                var paths = Leaves(command, "").ToList();
                var nearest = Spelling.Nearest(unmatched, paths.Select(p => p.Leaf));
                var suggestion = nearest is null ? "" : $" (did you mean '{paths.First(p => p.Leaf == nearest).Path}'?)";
                return $"unknown command '{unmatched}'{suggestion} {help}";
            }
            return $"unexpected argument '{unmatched}' {help}";
        }
        if (parse.Errors.Count > 0 && command.Subcommands.Count > 0 && command.Action is null && parse.CommandResult.Parent is not null)
            return $"{CommandPath(parse.CommandResult)} needs a command: {string.Join(", ", command.Subcommands.Select(s => s.Name))} {help}";
        if (parse.Errors.Count > 0) return $"{Plain(parse.Errors[0].Message)} {help}";
        return null;
    }

    /// <summary>The parser's "Cannot parse argument 'abc' for option '--threshold' as expected type 'System.Double'." in plain words.</summary>
    private static string Plain(string message)
    {
        var m = System.Text.RegularExpressions.Regex.Match(message, @"^Cannot parse argument '(.*)' for (?:option|argument) '(.*)' as expected type '(.*)'\.?$");
        if (!m.Success) return message;
        var type = m.Groups[3].Value;
        var what = type.Contains("Int32") || type.Contains("Int64") ? "a whole number" : type.Contains("Double") || type.Contains("Single") ? "a number" : "valid here";
        return $"{m.Groups[2].Value}: '{m.Groups[1].Value}' is not {what}";
    }

    /// <summary>"zifphase analyze transition": the names from the root down to this command.</summary>
    public static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is CommandResult c; r = c.Parent)
            names.Add(c.Parent is null ? "zifphase" : c.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }

    private static IEnumerable<(string Leaf, string Path)> Leaves(Command command, string prefix)
    {
        foreach (var sub in command.Subcommands)
        {
            yield return (sub.Name, prefix + sub.Name);
            foreach (var leaf in Leaves(sub, prefix + sub.Name + " ")) yield return leaf;
        }
    }

    /// <summary>An option-like token that a command's argument took as a value (a misspelt option before more files).</summary>
    private static string? SwallowedOption(ParseResult parse)
    {
        int doubleDash = parse.Tokens.ToList().FindIndex(t => t.Type == TokenType.DoubleDash);
        var literal = doubleDash < 0 ? [] : parse.Tokens.Skip(doubleDash + 1).ToHashSet(ReferenceEqualityComparer.Instance);
        for (SymbolResult? r = parse.CommandResult; r is CommandResult c; r = c.Parent)
            foreach (var child in c.Children.OfType<ArgumentResult>())
                foreach (var token in child.Tokens)
                    if (!literal.Contains(token) && LooksLikeOption(token.Value)) return token.Value;
        return null;
    }

    private static bool LooksLikeOption(string token) => token.Length > 1 && token[0] == '-' && !char.IsAsciiDigit(token[1]) && token[1] != '.';
}
