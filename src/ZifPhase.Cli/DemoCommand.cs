using ZifPhase.Structures;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using ZifPhase.Analysis;
using ZifPhase.IO;
using ZifPhase.Learning;
using ZifPhase.Pipeline;
using ZifPhase.Reporting;

namespace ZifPhase.Cli;

/// <summary>
/// `zifphase demo [-o DIR] [--full]` (`--out` is an alias of `-o/--output`): the whole method on the data shipped in the repository — datasets,
/// both classifiers, evaluation, the cross-force-field table, the shipped models, classification of the transition runs and of the real
/// structures, network/rings/clusters, t-SNE — ending in DIR/report.html. The dataset, training, classify and
/// embed steps are the CLI's own commands, run in-process, so the demo shows what a user would type; the analyses
/// (network, rings, clusters, transition t0) call the library (<see cref="AnalysisRuns"/>) and use its typed results.
/// </summary>
public static class DemoCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Create(CliContext context)
    {
        var outDir = new Option<string>("--output", "-o", "--out") { Description = "folder for every output and report.html", DefaultValueFactory = _ => "demo-out", HelpName = "DIR" };
        var full = new Option<bool>("--full") { Description = "the paper's settings: every MD frame for SOAP, up to 1000 epochs (default: every 4th frame, 150 epochs)" };
        var data = new Option<string?>("--data") { Description = "the shipped data folder (default: ./data when it is one, else the data installed with the tool)", HelpName = "DIR" };
        var command = new Command("demo", "Run the whole method on the shipped data and write DIR/report.html.");
        command.Options.Add(outDir);
        command.Options.Add(full);
        command.Options.Add(data);
        command.SetAction(context.Guard(parse =>
        {
            var run = new DemoRun(context, parse.GetValue(data) ?? DefaultDataFolder(), parse.GetValue(outDir)!, parse.GetValue(full));
            return run.Execute();
        }));
        return command;
    }

    private static bool IsDataFolder(string dir) =>
        Directory.Exists(Path.Combine(dir, "md")) && Directory.Exists(Path.Combine(dir, "manifests"));

    /// <summary>./data in a checkout of the repository; otherwise the copy packed beside the installed tool.</summary>
    private static string DefaultDataFolder()
    {
        if (IsDataFolder("data")) return "data";
        var installed = Path.Combine(AppContext.BaseDirectory, "data");
        return IsDataFolder(installed) ? installed : "data";
    }

    private sealed class DemoRun(CliContext context, string data, string dir, bool full)
    {
        private readonly List<(string Step, double Seconds)> _timings = [];
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        private string D(params string[] parts) => Path.Combine([dir, .. parts]);
        private string Manifest(string name) => Path.Combine(data, "manifests", name);

        /// <summary>Runs one of our own commands in-process; its stdout is returned, a failure stops the demo.</summary>
        private string Zif(string step, params string[] args)
        {
            var sw = Stopwatch.StartNew();
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int code = CliApp.Run(args, stdout, stderr);
            if (code != 0) throw new ZifPhaseException($"demo step '{step}' failed: {stderr.ToString().Trim()}");
            _timings.Add((step, sw.Elapsed.TotalSeconds));
            return stdout.ToString();
        }

        /// <summary>Runs one library call as a timed step of the demo.</summary>
        private T Timed<T>(string step, Func<T> body)
        {
            var sw = Stopwatch.StartNew();
            var result = body();
            _timings.Add((step, sw.Elapsed.TotalSeconds));
            return result;
        }

        public int Execute()
        {
            if (!IsDataFolder(data))
                throw new InputException(data, null, null, "not a ZifPhase data folder (no md/ and manifests/): run the demo from the repository root, install the tool (README), or give --data");
            ZifPhase.IO.OutputFolder.Create(dir);
            var report = new HtmlReport("ZifPhase demo: phases of Zn(Im)₂ from MD and real structures");
            string epochs = full ? "1000" : "150";

            var steps = new (string Name, Action Body)[]
            {
                ("datasets", () =>
                {
                    Zif("dataset BPSF", "dataset", "build", Manifest("train-bpsf.toml"), "-o", D("bpsf.h5"));
                    var soapManifest = full ? WriteFullSoapManifest() : Manifest("train-soap.toml");
                    Zif("dataset SOAP", "dataset", "build", soapManifest, "-o", D("soap.h5"));
                }),
                // Block split: per run an early block trains, a late block tests, GapFrames trajectory frames between them, so
                // that no tested frame has a neighbour (250 fs away) in training.
                ("training BPSF", () => Zif("train BPSF", "train", D("bpsf.h5"), "--preset", "paper-bpsf", "--split", "block", "--gap-frames", GapFrames, "-o", D("bpsf.json"))),
                ("training SOAP", () => Zif("train SOAP", "train", D("soap.h5"), "--preset", "paper-soap", "--split", "block", "--gap-frames", GapFrames, "--epochs", epochs, "-o", D("soap.json"))),
                // The paper's Table 2 on two force fields: BPSF trained on nb-ZIF-FF, on ReaxFF and on both, tested on held-out
                // runs of each (whole glass and liquid runs; a crystal's single run on its late frames after the gap).
                ("cross-force-field table", () => Zif("cross-force-field", "experiment", "cross", Manifest("two-ff-bpsf.toml"), "--preset", "paper-bpsf", "--split", "run", "--gap-frames", GapFrames, "-o", D("cross"))),
                ("classifying transitions", ClassifyTransitions),
                ("classifying real structures", ClassifyRealStructures),
                ("shipped models on real structures", ShippedOnRealStructures),
                ("network, rings, clusters", Analyses),
                ("t-SNE", () => Zif("t-SNE", "embed", D("soap.h5"), "--sample", full ? "5000" : "1500", "-o", D("tsne"))),
            };
            if (context.ShowProgress)
            {
                context.ErrConsole().Status().Start("demo", ctx =>
                {
                    for (int i = 0; i < steps.Length; i++)
                    {
                        ctx.Status(Markup.Escape($"demo {i + 1}/{steps.Length}: {steps[i].Name} ({_clock.Elapsed.TotalSeconds:F0} s so far)"));
                        steps[i].Body();
                    }
                });
            }
            else
            {
                for (int i = 0; i < steps.Length; i++)
                {
                    context.Err.WriteLine($"demo {i + 1}/{steps.Length}: {steps[i].Name}");
                    steps[i].Body();
                }
            }
            var summary = WriteReport(report);
            report.Save(D("report.html"));

            var table = new Table().Border(TableBorder.Rounded).Title("ZifPhase demo").AddColumn("result").AddColumn("value");
            foreach (var (k, v) in summary) table.AddRow(Markup.Escape(k), Markup.Escape(v));
            table.AddRow("time", $"{_clock.Elapsed.TotalSeconds:F0} s");
            table.AddRow("report", Markup.Escape(Path.GetFullPath(D("report.html"))));
            context.OutConsole().Write(table);
            return 0;
        }

        private string WriteFullSoapManifest()
        {
            var text = File.ReadAllText(Manifest("train-soap.toml"));
            var lines = text.Split('\n').Where(l => !l.StartsWith("frames = ", StringComparison.Ordinal));
            var path = D("train-soap-full.toml");
            File.WriteAllText(path, string.Join('\n', lines).Replace("\"../md/", "\"" + Path.GetFullPath(Path.Combine(data, "md")).Replace('\\', '/') + "/"));
            return path;
        }

        private static readonly (string File, string Phase, string Label)[] Transitions =
        [
            ("transition__ZIF-4-to-dense_NPT300K_105MPa_s4201.lammpstrj.gz", "ZIF-4-cp", "105 MPa"),
            ("transition__ZIF-4-to-dense_NPT300K_20MPa_s4202.lammpstrj.gz", "ZIF-4-cp", "20 MPa"),
        ];

        private void ClassifyTransitions()
        {
            ZifPhase.IO.OutputFolder.Create(D("transitions"));
            foreach (var (file, _, label) in Transitions)
            {
                var name = label.Replace(" ", "");
                var extra = name == "105MPa" ? new[] { "-o", D("transitions", "labelled-105MPa.extxyz") } : [];
                Zif($"classify {label}", ["classify", D("soap.json"), Path.Combine(data, "md", file), "--fractions", D("transitions", $"soap-{name}.csv"), .. extra]);
                Zif($"classify {label} (BPSF)", "classify", D("bpsf.json"), Path.Combine(data, "md", file), "--fractions", D("transitions", $"bpsf-{name}.csv"));
            }
            Timed("transition", () =>
            {
                TransitionReport.Write(Transition("soap"), D("transitions"));
                return 0;
            });
        }

        /// <summary>
        /// t0 of ZIF-4-cp in both compression runs as classified by one model (transitions/MODEL-105MPa.csv,
        /// MODEL-20MPa.csv). Dumps carry no time: 0.5 fs per step (data/md/MANIFEST.md).
        /// </summary>
        private TransitionResult Transition(string model) =>
            AnalysisRuns.Transition([D("transitions", $"{model}-105MPa.csv"), D("transitions", $"{model}-20MPa.csv")], "ZIF-4-cp", 0.0005, ["105 MPa", "20 MPa"]);

        private readonly List<(string Structure, StructureVerdict Soap, StructureVerdict Bpsf, int UncertainSoap, int UncertainBpsf)> _real = [];

        /// <summary>
        /// Real structures a training MD class began from (data/md/MANIFEST.md): the structure itself is no training
        /// row, but the class's MD started from it, so classifying it right is not a test on an unrelated structure.
        /// </summary>
        internal static readonly IReadOnlyDictionary<string, string> StartedTrainingMd = new Dictionary<string, string>
        {
            ["structures/lewis-2009/ZIF-4.cif"] = "ZIF-4 MD; ZIF-4-cp MD (via the 105 MPa compression)",
            ["structures/widmer-2019/ZNI-FixedCell.cif"] = "ZIF-zni MD",
            ["structures/widmer-2019/ZIF-4-cp-II.cif"] = "ZIF-4-cp-II MD",
            ["structures/widmer-2019/ZIF-4-hPT-II.cif"] = "ZIF-hPT-II MD",
            ["structures/gaillac-2020-glass/ZIF4_15glass01.cif"] = "glass MD g01; liquid MD from g01",
            ["structures/gaillac-2020-glass/ZIF4_15glass02.cif"] = "glass MD g02",
            ["structures/gaillac-2020-glass/ZIF4_15glass03.cif"] = "glass MD g03; liquid MD from g03",
            ["structures/gaillac-2020-glass/ZIF4_15glass04.cif"] = "glass MD g04",
        };

        /// <summary>Files that hold the same configuration as an earlier file (same cell, every atom within 10⁻³ Å; a test checks it): listed, counted once.</summary>
        internal static readonly IReadOnlyDictionary<string, string> SameConfigurationAs = new Dictionary<string, string>
        {
            ["structures/castel-2023/ZIF4_15glass01.lmp"] = "structures/gaillac-2020-glass/ZIF4_15glass01.cif",
        };

        /// <summary>The structures counted in the score: every distinct configuration once.</summary>
        private IEnumerable<(string Structure, StructureVerdict Soap, StructureVerdict Bpsf, int UncertainSoap, int UncertainBpsf)> Distinct() =>
            _real.Where(r => !SameConfigurationAs.ContainsKey(r.Structure));

        /// <summary>
        /// Classifies each real structure with both models; the fractions CSVs are named by structure
        /// (real/soap/lewis-2009/ZIF-4.csv), and real/real-structures.csv holds the verdicts with paths relative
        /// to the data folder.
        /// </summary>
        private void ClassifyRealStructures()
        {
            var manifest = DatasetManifest.Load(Manifest("real-structures.toml"));
            ZifPhase.IO.OutputFolder.Create(D("real"));
            foreach (var s in manifest.Sources)
            {
                var path = manifest.ResolvePath(s);
                var structure = Path.GetRelativePath(data, path).Replace('\\', '/');
                var (soap, uncertainSoap) = Verdict("soap", path, structure, s.Phase);
                var (bpsf, uncertainBpsf) = Verdict("bpsf", path, structure, s.Phase);
                _real.Add((structure, soap, bpsf, uncertainSoap, uncertainBpsf));
            }
            RealStructureTable.Write(D("real", "real-structures.csv"), _real.Select(r => (r.Structure, new[] { ("SOAP", r.Soap, r.UncertainSoap), ("BPSF", r.Bpsf, r.UncertainBpsf) })).ToList(),
                SameConfigurationAs);
        }

        /// <summary>real/MODEL/author-year/NAME.csv for structures/author-year/NAME.EXT (also NAME.xyz.gz → NAME.csv).</summary>
        internal static string FractionsName(string structure)
        {
            var name = structure.StartsWith("structures/", StringComparison.Ordinal) ? structure["structures/".Length..] : structure;
            if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) name = name[..^3];
            return Path.ChangeExtension(name, ".csv");
        }

        private (StructureVerdict Verdict, int Uncertain) Verdict(string model, string path, string structure, string expected) =>
            Verdict(model, D(model + ".json"), path, structure, expected, out _);

        private (StructureVerdict Verdict, int Uncertain) Verdict(string label, string modelPath, string path, string structure, string expected, out int unknown)
        {
            var csv = D("real", label, FractionsName(structure));
            Zif($"classify {Path.GetFileName(path)}", "classify", modelPath, path, "--fractions", csv);
            // The source column holds the path relative to the data folder, as the tables do, not this machine's path.
            var lines = File.ReadAllLines(csv);
            for (int i = 1; i < lines.Length; i++)
                if (lines[i].StartsWith(path + ",", StringComparison.Ordinal)) lines[i] = structure + lines[i][path.Length..];
            ZifPhase.IO.AtomicFile.WriteAllText(csv, string.Join('\n', lines) + "\n");
            var row = FractionsCsv.Read(csv)[0];
            // Column names are identifiers (count_ZIF_4_cp): the phase names come from the model.
            var classes = ModelFile.Load(modelPath).ClassNames;
            int zn = (int)row.Values["n_centres"];
            int uncertain = (int)Math.Round(row.Values["frac_uncertain"] * zn);
            unknown = (int)Math.Round(row.Values["frac_unknown"] * zn);
            return (StructureVerdict.Of(classes.Select(c => new KeyValuePair<string, int>(c,
                row.Values.TryGetValue("count_" + ColumnNames.Identifier(c), out var n) ? (int)n : 0)), expected), uncertain);
        }

        private readonly List<(string Structure, StructureVerdict Soap, int UnknownSoap, StructureVerdict Bpsf, int UnknownBpsf)> _shipped = [];

        /// <summary>The shipped models (models/paper-soap.json, paper-bpsf.json: both force fields, nothing trained here)
        /// on every real structure: real/shipped-soap/…, real/shipped-bpsf/….</summary>
        private void ShippedOnRealStructures()
        {
            var manifest = DatasetManifest.Load(Manifest("real-structures.toml"));
            string soapModel = ShippedModels.Resolve("paper-soap"), bpsfModel = ShippedModels.Resolve("paper-bpsf");
            foreach (var s in manifest.Sources)
            {
                var path = manifest.ResolvePath(s);
                var structure = Path.GetRelativePath(data, path).Replace('\\', '/');
                var (soap, _) = Verdict("shipped-soap", soapModel, path, structure, s.Phase, out int unknownSoap);
                var (bpsf, _) = Verdict("shipped-bpsf", bpsfModel, path, structure, s.Phase, out int unknownBpsf);
                _shipped.Add((structure, soap, unknownSoap, bpsf, unknownBpsf));
            }
        }

        private RingsResult? _rings;
        private PhaseClusterResult? _clusters;
        private readonly List<(string File, ZnNetwork Network)> _nets = [];

        private void Analyses()
        {
            foreach (var f in new[] { "lewis-2009/ZIF-4.cif", "lewis-2009/zni.cif", "widmer-2019/ZIF-4-cp-II.cif", "widmer-2019/ZIF-4-hPT-II.cif" })
                _nets.Add((f, Timed($"network {f}", () => AnalysisRuns.Network(Path.Combine(data, "structures", f), ReadOptions.Default, null, NetworkOptions.Default))));
            var labelled = D("transitions", "labelled-105MPa.extxyz");
            _rings = Timed("rings", () =>
            {
                var rings = AnalysisRuns.Rings(labelled, null, "ZIF-4-cp", new ReadOptions { Frames = FrameRange.Parse("40:81:10") }, null, NetworkOptions.Default, RingBinWidth);
                RingReport.Write(rings, D("rings"));
                return rings;
            });
            _clusters = Timed("clusters", () =>
            {
                var clusters = AnalysisRuns.Clusters([labelled], "ZIF-4-cp", ReadOptions.Default, null, NetworkOptions.Default);
                ClusterReport.Write(clusters, D("clusters"));
                return clusters;
            });
        }

        /// <summary>φa histogram bin width of the rings step, degrees (analyze rings' default).</summary>
        private const double RingBinWidth = 5.0;

        private List<(string, string)> WriteReport(HtmlReport r)
        {
            var summary = new List<(string, string)>();
            var bpsfMetrics = JsonNode.Parse(File.ReadAllText(D("bpsf.metrics.json")))!;
            var soapMetrics = JsonNode.Parse(File.ReadAllText(D("soap.metrics.json")))!;
            double bpsfAcc = (double)bpsfMetrics["accuracy"]!, soapAcc = (double)soapMetrics["accuracy"]!;
            double bpsfBal = (double)bpsfMetrics["balanced_accuracy"]!, soapBal = (double)soapMetrics["balanced_accuracy"]!;
            string Ci(JsonNode m, string key) => m[key] is JsonArray a ? $"{(double)a[0]!:P1}–{(double)a[1]!:P1}" : "–";
            string splitText = (string)soapMetrics["split_description"]!;
            var bpsfData = Dataset.Load(D("bpsf.h5"));
            var soapData = Dataset.Load(D("soap.h5"));

            r.Paragraph($"This page was made by \"zifphase demo{(full ? " --full" : "")}\" from the data shipped in the repository: " +
                "LAMMPS trajectories of all seven Zn(Im)₂ phases simulated with two force fields, nb-ZIF-FF (data/md) and ReaxFF (data/md-reaxff; each folder's MANIFEST.md says how and gives the caveats), " +
                "and real DFT, experimental, ab initio and reverse-Monte-Carlo structures (data/structures, with their sources).");
            r.Heading("Reading");
            var distinct = Distinct().ToList();
            int realOkSoap = distinct.Count(x => x.Soap.IsRight), realOkBpsf = distinct.Count(x => x.Bpsf.IsRight);
            int tieSoap = distinct.Count(x => x.Soap.Kind == VerdictKind.Tie), tieBpsf = distinct.Count(x => x.Bpsf.Kind == VerdictKind.Tie);
            string duplicates = string.Join("; ", SameConfigurationAs.Where(kv => _real.Any(r => r.Structure == kv.Key)).Select(kv => $"{kv.Key} is the same configuration as {kv.Value}"));
            int started = _real.Count(r => StartedTrainingMd.ContainsKey(r.Structure));
            // t0 depends on the classifier: both models classified both runs (transitions/soap-*.csv, bpsf-*.csv).
            var t0 = Timed("transition t0 (soap)", () => Transition("soap"));
            var t0Bpsf = Timed("transition t0 (bpsf)", () => Transition("bpsf"));
            static string T0Of(TransitionResult result, int i) => result.Runs[i].T0 is { } v ? TransitionReport.FormatTime(v, "ps")
                : $"never (the fraction reaches at most {result.Runs[i].MaxFraction.ToString("F2", Inv)})";
            string T0(int i) => T0Of(t0, i);
            string T0B(int i) => T0Of(t0Bpsf, i);
            r.Paragraph($"Every score below is on frames the models never saw and that are not next to any training frame: {splitText}; here a gap of {GapFrames} frames is {int.Parse(GapFrames, Inv) * 0.25:F0} ps of MD " +
                "(frames 250 fs apart are nearly the same configuration, so a random split of frames would test on near-copies of training frames). " +
                "Intervals are 95 % bootstrap intervals over the held-out frames (the Zn of one frame are not independent).");
            r.Paragraph($"The SOAP classifier labels {soapAcc:P1} (95 % CI {Ci(soapMetrics, "accuracy_ci95")}) of the Zn correctly, balanced accuracy {soapBal:P1}; the BPSF classifier {bpsfAcc:P1} ({Ci(bpsfMetrics, "accuracy_ci95")}), balanced {bpsfBal:P1}. " +
                $"The BPSF see only Zn–Zn geometry, so phases at the same Zn density — ZIF-4 and the glass, kept at the ZIF-4 crystal density — are where BPSF errs most; SOAP sees the ligands too.");
            r.Paragraph($"The {_real.Count} real structure files hold {distinct.Count} distinct configurations ({duplicates}: listed, counted once). None of them is a training row, " +
                $"but {started} of them are where training MD classes began (data/md/MANIFEST.md: the ZIF-4 and ZIF-4-cp MD from lewis-2009/ZIF-4.cif, zni, cp-II and hPT-II from widmer-2019, the glass and liquid MD from gaillac-2020-glass glasses 01–04), so for those the test is how far the force field's MD has moved from its starting structure, not an unrelated structure. " +
                $"Of the {distinct.Count}, SOAP classifies {realOkSoap} and BPSF {realOkBpsf} right — more of their Zn in their known phase than in any other; " +
                $"{tieSoap} (SOAP) and {tieBpsf} (BPSF) are ties between two phases, counted as not right. Zn below the probability threshold (uncertain) are counted in their phase too; the table gives how many. " +
                "Differences come from the force field: nb-ZIF-FF cells and local geometry differ from DFT and experiment, and the MD glass and liquid are model states (see MANIFEST.md).");
            r.Paragraph($"Compressing ZIF-4 at 105 MPa, the fraction of Zn classified as the dense ZIF-4-cp state by the SOAP classifier first reaches one half at t0 = {T0(0)}; at 20 MPa at t0 = {T0(1)}. " +
                $"t0 depends on the classifier: by the BPSF classifier it is {T0B(0)} at 105 MPa and {T0B(1)} at 20 MPa (transitions/bpsf-*.csv). " +
                "The cell parameter c falls at the same time. Later the model's dense state keeps creeping towards higher density, and the classifier follows it.");
            r.Paragraph(CpCircularity);
            summary.Add(("held-out accuracy SOAP / BPSF (block split)", $"{soapAcc:P1} / {bpsfAcc:P1}"));
            summary.Add(("balanced accuracy SOAP / BPSF (block split)", $"{soapBal:P1} / {bpsfBal:P1}"));
            summary.Add(("real structures right (most Zn their phase), SOAP / BPSF", $"{realOkSoap}/{distinct.Count} / {realOkBpsf}/{distinct.Count} distinct (ties: {tieSoap} / {tieBpsf})"));
            summary.Add(("t0 of ZIF-4-cp at 105 / 20 MPa, SOAP", $"{T0(0)} / {T0(1)}"));
            summary.Add(("t0 of ZIF-4-cp at 105 / 20 MPa, BPSF", $"{T0B(0)} / {T0B(1)}"));

            r.Heading("Datasets");
            r.Table(["phase", "BPSF rows", "SOAP rows"], bpsfData.ClassNames.Select(c => (IReadOnlyList<string>)
                [c, Count(bpsfData, c).ToString(Inv), Count(soapData, c).ToString(Inv)]).ToList(), "datasets", "Zn environments per phase (one row per Zn per frame)");

            r.Heading("Classifiers on held-out frames");
            IReadOnlyList<string> Row(string name, JsonNode m) => [name, ((double)m["accuracy"]!).ToString("P2", Inv), Ci(m, "accuracy_ci95"),
                ((double)m["balanced_accuracy"]!).ToString("P2", Inv), Ci(m, "balanced_accuracy_ci95"),
                ((long)m["frames"]!).ToString(Inv), ((long)m["rows"]!).ToString(Inv), ((int)m["epochs"]!).ToString(Inv)];
            r.Table(["model", "accuracy", "95 % CI", "balanced accuracy", "95 % CI", "frames tested", "rows tested", "epochs"],
                [Row("SOAP 780-100-7", soapMetrics), Row("BPSF 12-24-7", bpsfMetrics)],
                "accuracy", $"Accuracy and balanced accuracy (mean per-phase recall) on held-out frames; split {splitText}; trained with balanced class weights; 95 % CI: bootstrap over frames");
            r.Table(["phase", "SOAP precision", "SOAP recall", "BPSF precision", "BPSF recall"],
                bpsfData.ClassNames.Select(c => (IReadOnlyList<string>)[c,
                    F(soapMetrics["per_class"]![c]?["precision"]), F(soapMetrics["per_class"]![c]?["recall"]),
                    F(bpsfMetrics["per_class"]![c]?["precision"]), F(bpsfMetrics["per_class"]![c]?["recall"])]).ToList(), "per-class", "Per-phase precision and recall on the held-out frames (block split)");
            r.Image(D("soap.confusion_normalised.png"), "SOAP classifier: confusion matrix on late frames held out after a gap (block split), row-normalised");
            r.Image(D("bpsf.confusion_normalised.png"), "BPSF classifier: confusion matrix on late frames held out after a gap (block split), row-normalised");

            r.Heading("Cross-force-field table (the paper's Table 2)");
            var cross = File.ReadAllLines(D("cross", "cross.csv")).Skip(1).Select(l => l.Split(',')).ToList();
            string G(string x) => x.Length == 0 ? "–" : double.Parse(x, Inv).ToString("F3", Inv);
            string Range(string lo, string hi) => lo.Length == 0 ? "–" : $"{G(lo)}–{G(hi)}";
            static string Paper(string trained, string tested, string cross, string both) =>
                trained == "all" ? both : trained != tested && tested != "all" ? cross : "–";
            r.Paragraph("The method's central claim (the paper's Table 2): a classifier trained on one force field errs on the other; trained on both it holds on each. " +
                "Here the two force fields are nb-ZIF-FF (data/md, tag nbzif) and ReaxFF (data/md-reaxff, tag reaxff), every phase in each. " +
                $"Split run: per force field and phase, whole runs are held out where there are several (glasses, liquids); a crystal's single run is tested on its last 20 % of frames, trained on frames before a gap of {GapFrames} frames ({int.Parse(GapFrames, Inv) * 0.25:F0} ps for nb-ZIF-FF, {int.Parse(GapFrames, Inv) * 0.125:F1} ps for ReaxFF). " +
                "The paper's figures are for its own data (two other force fields, more runs), so they show the pattern to expect, not a number to match.");
            r.Table(["trained on", "tested on", "accuracy", "95 % CI", "balanced accuracy", "95 % CI", "test frames", "test rows", "paper"], cross.Select(c => (IReadOnlyList<string>)
                [c[0], c[1], G(c[2]), Range(c[3], c[4]), G(c[5]), Range(c[6], c[7]), c[8], c[9], Paper(c[0], c[1], "0.644 / 0.649", "0.926")]).ToList(), "cross",
                "BPSF (12-24-7, balanced class weights), computed by this demo: trained on each force field and on both, tested on held-out runs of each; 95 % CI: bootstrap over frames; paper: its Table 2 BPSF (one force field → the other; both)");
            r.Image(D("cross", "cross.png"), "Cross-force-field accuracy, BPSF: per cell the accuracy, its 95 % interval, the balanced accuracy and the frames and rows tested; colour scale fixed at 0–100 %");
            var soapCard = Path.ChangeExtension(ShippedModels.Resolve("paper-soap"), ".metrics.json");
            if (File.Exists(soapCard))
            {
                var card = JsonNode.Parse(File.ReadAllText(soapCard))!;
                string Ci2(JsonNode row, string k) => (string?)row[k + "_ci_low"] is { Length: > 0 } lo ? $"{G(lo)}–{G((string)row[k + "_ci_high"]!)}" : "–";
                r.Table(["trained on", "tested on", "accuracy", "95 % CI", "balanced accuracy", "95 % CI", "test frames", "test rows", "paper"], card["table2"]!.AsArray().Select(x => (IReadOnlyList<string>)
                    [(string)x!["trained_on"]!, (string)x["tested_on"]!, G((string)x["accuracy"]!), Ci2(x, "accuracy"), G((string)x["balanced_accuracy"]!), Ci2(x, "balanced_accuracy"), (string)x["test_frames"]!, (string)x["test_rows"]!,
                     Paper((string)x["trained_on"]!, (string)x["tested_on"]!, "0.764 / 0.845", "0.986")]).ToList(), "cross-soap",
                    "SOAP (780-100-7, the shipped model's options), recorded in models/paper-soap.metrics.json by recipes/models.sh (the same split and command, with --preset paper-soap; about 10 minutes, so not rerun here); paper: its Table 2 SOAP");
            }

            r.Heading("Real structures");
            r.Table(["structure", "known phase", "Zn", "SOAP: Zn per phase", "SOAP uncertain", "SOAP", "BPSF: Zn per phase", "BPSF uncertain", "BPSF", "note"], _real.Select(x => (IReadOnlyList<string>)
                [x.Structure, x.Soap.Expected, x.Soap.Zn.ToString(Inv), x.Soap.CountsText, Uncertain(x.UncertainSoap, x.Soap.Zn), x.Soap.Text, x.Bpsf.CountsText, Uncertain(x.UncertainBpsf, x.Bpsf.Zn), x.Bpsf.Text,
                 string.Join("; ", new[] {
                     SameConfigurationAs.TryGetValue(x.Structure, out var same) ? $"same configuration as {same}: not counted again" : null,
                     StartedTrainingMd.TryGetValue(x.Structure, out var md) ? $"training MD started from it: {md}" : null }.Where(n => n is not null))]).ToList(), "real",
                "Each real structure's Zn by the phase they were classified as; right when more Zn are its known phase than any other, a tie when two phases share the most; " +
                "uncertain: Zn whose highest probability is below 0.5, also counted in their phase (paths relative to the data folder; real/real-structures.csv)");

            r.Heading("Shipped models on real structures");
            int shippedSoap = _shipped.Count(x => x.Soap.IsRight), shippedBpsf = _shipped.Count(x => x.Bpsf.IsRight);
            r.Paragraph($"The pre-trained models in models/ (trained on all the MD of both force fields; model cards models/paper-soap.md, paper-bpsf.md) classify {shippedSoap} (SOAP) and {shippedBpsf} (BPSF) of the {_shipped.Count} real structure files right by majority. " +
                "unknown: Zn whose environment lies beyond the 99.9th percentile of the training data's distance to every phase (the model says it is out of its depth); like uncertain Zn they are still counted in their most probable phase. " +
                "BPSF sees Zn positions only, so it cannot tell a glass from a crystal at the same Zn density, nor use the ligands' geometry.");
            r.Table(["structure", "known phase", "Zn", "SOAP: Zn per phase", "SOAP unknown", "SOAP", "BPSF: Zn per phase", "BPSF unknown", "BPSF"], _shipped.Select(x => (IReadOnlyList<string>)
                [x.Structure, x.Soap.Expected, x.Soap.Zn.ToString(Inv), x.Soap.CountsText, Uncertain(x.UnknownSoap, x.Soap.Zn), x.Soap.Text, x.Bpsf.CountsText, Uncertain(x.UnknownBpsf, x.Bpsf.Zn), x.Bpsf.Text]).ToList(), "shipped",
                "Each real structure's Zn by the phase the shipped models give them (real/shipped-soap/, real/shipped-bpsf/): right when more Zn are its known phase than any other; unknown: count and share of its Zn");
            summary.Add(("real structures right, shipped SOAP / BPSF", $"{shippedSoap}/{_shipped.Count} / {shippedBpsf}/{_shipped.Count}"));

            r.Heading("Transitions");
            r.Image(D("transitions", "transition.png"), $"Fraction of ZIF-4-cp (SOAP) and cell parameter c against t − t0, compression at 105 MPa (t0 = {T0(0)}) and 20 MPa (t0 = {T0(1)}). By the BPSF classifier t0 is {T0B(0)} and {T0B(1)}. The 105 MPa t0 is partly circular: the ZIF-4-cp training class was made from the end of this same run.");

            r.Heading("Network, rings and clusters");
            r.Table(["structure", "Zn", "bonds", "degrees", "coordination sequence"], _nets.Select(n => (IReadOnlyList<string>)
                [n.File, n.Network.Count.ToString(Inv), n.Network.EdgeCount.ToString(Inv), NetworkReport.DegreeHistogram(n.Network).ToJsonString(), NetworkReport.CoordinationSequenceJson(n.Network).ToJsonString()]).ToList(),
                "network", "The bonded Zn–Zn net (imidazolate bridges) of the real crystals: cag (ZIF-4, cp-II), zni, dia (hPT-II)");
            var groups = _rings!.ByTargetCount!;
            r.Paragraph($"Four-membered Zn rings in the 105 MPa run (frames 40–80, every 10th): {RingPlots.Observations(_rings.Rings.Length, _rings.Frames)} — a ring present in several frames is counted once per frame; " +
                "their orientation to the a axis is grouped by how many of the ring's Zn are classified ZIF-4-cp " +
                $"({string.Join(", ", Enumerable.Range(0, 5).Select(k => $"{k}: {groups[k].Count.ToString(Inv)} observations"))}).");
            if (File.Exists(D("rings", "rings_phi_a.png"))) r.Image(D("rings", "rings_phi_a.png"),
                "φa of 4-rings, one panel per number of ZIF-4-cp Zn in the ring (0–4), as in the paper's Figure 8: each panel a histogram normalised alone to a probability density over φa in degrees (its bars integrate to 1), dashed line at its mean, its count of ring observations (rings × frames they appear in) in the legend");
            int frames = _clusters!.Frames.Length, framesWith = _clusters.FramesWithPercolation;
            var dims = _clusters.PercolatingByDimension;
            int finite = _clusters.BySize.Sum(x => x.Count);
            r.Paragraph($"Clusters of ZIF-4-cp Zn in the 105 MPa run ({frames} frames): {finite} finite clusters enter ⟨l_i⟩(N). {_clusters.PercolatingClusters} clusters percolate — they reach their own periodic image " +
                $"(1D: {dims[1]}, 2D: {dims[2]}, 3D: {dims[3]}), in {framesWith} frames — and are left out: their unwrapped extent measures the box, not the cluster (clusters/clusters_per_frame.csv lists them per frame).");
            if (File.Exists(D("clusters", "clusters_extent.png"))) r.Image(D("clusters", "clusters_extent.png"),
                $"Finite clusters of ZIF-4-cp Zn in the 105 MPa run: mean extents ⟨l_x⟩, ⟨l_y⟩, ⟨l_z⟩ ± standard error over the clusters of each size N; grey bars (right axis): how many clusters each point averages (clusters/clusters_by_size.csv). " +
                $"The figure rests on {finite} finite cluster(s) from {frames} frames; {framesWith} of the {frames} frames hold a percolating cluster" +
                (framesWith * 2 > frames ? " — most frames, a finite-size effect of this small cell (64 Zn, 2 × 2 × 1 cells): a dense region soon wraps around the box, so ⟨l_i⟩(N) needs larger cells to be meaningful." : "."));

            r.Heading("Map of SOAP environments");
            r.Image(D("tsne", "tsne_phase.png"), "t-SNE of SOAP vectors, coloured by phase");

            r.Heading("Run");
            r.Table(["step", "seconds"], _timings.GroupBy(t => t.Step.Split(' ')[0]).Select(g => (IReadOnlyList<string>)[g.Key, g.Sum(t => t.Seconds).ToString("F1", Inv)]).ToList(), "timings");
            return summary;
        }

        /// <summary>How the ZIF-4-cp class relates to the 105 MPa run (data/md/MANIFEST.md).</summary>
        private const string CpCircularity =
            "Caveat: there is no experimental ZIF-4-cp structure, so the ZIF-4-cp training class is this force field's dense state made from the end of the same 105 MPa run: " +
            "its MD (ZIF-4-cp__NVT300K_cell-from-NPT105MPa) starts from the final configuration of that compression, remapped to its mean cell over the last 5 ps, then equilibrated for 2 ps and run for 10 ps in NVT at 300 K. " +
            "The 105 MPa t0 is therefore partly circular — it measures when the run comes close to the state it ends in, which the classifier was taught to call ZIF-4-cp. " +
            "The 20 MPa run was not used to make any training class.";

        /// <summary>Trajectory frames between training and test blocks: 4 × 250 fs = 1 ps.</summary>
        private const string GapFrames = "4";

        private static string Uncertain(int n, int zn) => zn == 0 ? "–" : $"{n} ({100.0 * n / zn:F0} %)";

        private static string F(JsonNode? v) => v is null ? "–" : ((double)v).ToString("F3", Inv);

        private static int Count(Dataset d, string phase)
        {
            int c = d.ClassNames.ToList().IndexOf(phase);
            return c < 0 ? 0 : d.Labels.Count(l => l == c);
        }
    }
}
