using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Spectre.Console;
using ZifPhase.Analysis;
using ZifPhase.IO;
using ZifPhase.Pipeline;
using ZifPhase.Reporting;

namespace ZifPhase.Cli;

/// <summary>`zifphase analyze network FILE [--json]`: the bonded Zn–Zn network of the first frame (SPEC §5).</summary>
public sealed class AnalyzeNetworkCommand : IAnalyzeCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "structure or trajectory (first frame is used)" };
        var json = new Option<bool>("--json") { Description = "print one JSON object on stdout" };
        var types = CommonOptions.Types();
        var format = CommonOptions.Format("input");
        var net = AnalyzeOptions.Network();
        var command = new Command("network", "Bonded Zn–Zn network: Zn bridged by an imidazolate (or within a Zn–Zn cutoff when only Zn are present), degrees and coordination sequence.");
        command.Arguments.Add(file);
        command.Options.Add(json);
        command.Options.Add(types);
        command.Options.Add(format);
        foreach (var o in net.All) command.Options.Add(o);
        command.SetAction(context.Guard(parse =>
        {
            var path = parse.GetValue(file)!;
            var network = AnalysisRuns.Network(path, CommonOptions.ReadOptions(parse.GetValue(types), null, w => context.Err.WriteLine($"zifphase: warning: {w}")),
                CommonOptions.ParseFormat(parse.GetValue(format)), net.Read(parse));
            if (parse.GetValue(json))
            {
                context.Out.WriteLine(NetworkReport.ToJson(path, network).ToJsonString());
                return 0;
            }
            int[] cs = NetworkReport.CoordinationSequence(network);
            var table = new Table().Border(TableBorder.Rounded).AddColumn("property").AddColumn("value");
            table.AddRow("file", Markup.Escape(path));
            table.AddRow("rule", network.Rule == NetworkBondRule.Bridge ? "imidazolate bridge" : "Zn–Zn distance");
            table.AddRow("Zn", network.Count.ToString(CultureInfo.InvariantCulture));
            table.AddRow("Zn–Zn bonds", network.EdgeCount.ToString(CultureInfo.InvariantCulture));
            table.AddRow("degrees", string.Join(", ", network.DegreeHistogram.Select(kv => $"{kv.Key}: {kv.Value}")));
            if (cs.Length > 0) table.AddRow("coordination sequence of Zn 0", string.Join(", ", cs));
            context.OutConsole().Write(table);
            return 0;
        }));
        return command;
    }
}

/// <summary>Options and file helpers shared by the `analyze` commands.</summary>
internal static class AnalyzeOptions
{
    internal sealed record NetworkOptionSet(Option<double> ZnN, Option<double> Ligand, Option<double> ZnZn, Option<string> Rule)
    {
        public Option[] All => [ZnN, Ligand, ZnZn, Rule];

        public NetworkOptions Read(ParseResult parse) => new()
        {
            ZnNCutoff = parse.GetValue(ZnN),
            LigandBondCutoff = parse.GetValue(Ligand),
            ZnZnCutoff = parse.GetValue(ZnZn),
            Rule = parse.GetValue(Rule) switch
            {
                "auto" => NetworkBondRule.Auto,
                "bridge" => NetworkBondRule.Bridge,
                "distance" => NetworkBondRule.Distance,
                var other => throw new ZifPhaseException($"unknown --bond-rule '{other}' (auto, bridge or distance)"),
            },
        };
    }

    public static NetworkOptionSet Network() => new(
        new Option<double>("--zn-n-cutoff") { Description = "Zn–N bond cutoff, Å", DefaultValueFactory = _ => NetworkOptions.Default.ZnNCutoff, HelpName = "Å" }.Allow(CommonOptions.Positive, "a positive distance in Å"),
        new Option<double>("--ligand-cutoff") { Description = "N–C and C–C bond cutoff that joins the atoms of one imidazolate, Å", DefaultValueFactory = _ => NetworkOptions.Default.LigandBondCutoff, HelpName = "Å" }.Allow(CommonOptions.Positive, "a positive distance in Å"),
        new Option<double>("--zn-zn-cutoff") { Description = "Zn–Zn cutoff used when the frame has no N/C (or with --bond-rule distance), Å", DefaultValueFactory = _ => NetworkOptions.Default.ZnZnCutoff, HelpName = "Å" }.Allow(CommonOptions.Positive, "a positive distance in Å"),
        new Option<string>("--bond-rule") { Description = "auto (bridges when N and C are present), bridge or distance", DefaultValueFactory = _ => "auto", HelpName = "RULE" });

    /// <summary>--phase PHASE, the phase to look at (its old name --target is accepted, hidden from help).</summary>
    public static PhaseOption Phase(bool required, string description = "target phase label (as in the 'phase' column of the labelled file)") =>
        new(required, description);
}

/// <summary>
/// The phase an analysis looks at: <c>--phase PHASE</c>, with <c>--target</c> (its name in rings, clusters and
/// network before 0.5) still accepted and hidden from help, so old command lines work.
/// </summary>
public sealed class PhaseOption
{
    public Option<string?> Phase { get; }
    public Option<string?> Target { get; }
    private readonly bool _required;

    public PhaseOption(bool required, string description)
    {
        _required = required;
        Phase = new("--phase") { Description = description, HelpName = "PHASE" };
        Target = new("--target") { Description = "old name of --phase", HelpName = "PHASE", Hidden = true };
    }

    /// <summary>Adds both options, and when the phase is required, the parse error that names --phase.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Phase);
        command.Options.Add(Target);
        command.Validators.Add(result =>
        {
            bool phase = result.GetResult(Phase) is not null, target = result.GetResult(Target) is not null;
            if (phase && target) result.AddError("give --phase once (--target is its old name)");
            else if (_required && !phase && !target) result.AddError("Option '--phase' is required.");
        });
    }

    /// <summary>The phase given, under either name; null when none was.</summary>
    public string? Read(ParseResult parse) => parse.GetValue(Phase) ?? parse.GetValue(Target);
}
