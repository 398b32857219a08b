using System.CommandLine;
using System.CommandLine.Parsing;
using ZifPhase.Pipeline;
using ZifPhase.Sharding;

namespace ZifPhase.Cli;

/// <summary>`--shard I/N` and `--shard-by` for the commands whose frames can be spread over a job array.</summary>
public sealed class ShardOptions
{
    public Option<string?> Shard { get; } = new("--shard")
    {
        Description = "run shard I of N (1-based, e.g. $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT): take its part of the selected frames and write OUT as OUT's part file (soap.npy → soap.shard-2-of-8.npy) with a record beside it; 'zifphase merge' joins the parts",
        HelpName = "I/N",
    };

    public Option<string> ShardBy { get; } = new("--shard-by")
    {
        Description = "how frames are dealt to shards: blocks (contiguous, default) or stride (round robin)",
        DefaultValueFactory = _ => "blocks",
        HelpName = "MODE",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Shard);
        command.Options.Add(ShardBy);
    }

    /// <summary>The shard to run, or null without --shard.</summary>
    public (Shard Shard, ShardMode Mode)? Parse(ParseResult parse) =>
        parse.GetValue(Shard) is { } text ? (Sharding.Shard.Parse(text), Sharding.Shard.ParseMode(parse.GetValue(ShardBy)!)) : null;

    /// <summary>The command line without --shard, --threads and --resume (which do not change results), as shown in records.</summary>
    public static string CommandLine(ParseResult parse)
    {
        var kept = new List<string>();
        var tokens = parse.Tokens;
        for (int i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Type == TokenType.Option && t.Value == "--resume") continue;
            if (t.Type == TokenType.Option && t.Value is "--shard" or "--threads")
            {
                if (i + 1 < tokens.Count && tokens[i + 1].Type == TokenType.Argument) i++;
                continue;
            }
            kept.Add(t.Value.Any(char.IsWhiteSpace) || t.Value.Length == 0 ? $"'{t.Value}'" : t.Value);
        }
        return string.Join(' ', kept);
    }

    /// <summary>The options of a run that writes files: its signature, a resume journal (continued with --resume)
    /// and the command line its shard records show.</summary>
    public static RunOptions Writing(ParseResult parse, RunSignature signature, Option<bool> resume) => new()
    {
        Signature = signature,
        Journal = true,
        Resume = parse.GetValue(resume),
        CommandLine = CommandLine(parse),
    };
}
