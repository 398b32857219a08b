using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ZifPhase.Descriptors;

namespace ZifPhase.Learning;

/// <summary>How a model was trained, kept in the model file for provenance.</summary>
public sealed record TrainingRecord
{
    /// <summary>The dataset file the model was trained on, as given.</summary>
    public string? Dataset { get; init; }
    /// <summary>SHA-256 content hash of that dataset (<see cref="Learning.Dataset.ContentHash"/>).</summary>
    public string? DatasetHash { get; init; }
    /// <summary>The training preset's name (paper-soap, paper-bpsf, …), when one was used.</summary>
    public string? Preset { get; init; }
    /// <summary>The train/test split kind (block, random, frame, source, run).</summary>
    public string? Split { get; init; }
    /// <summary>Share of rows (0…1) held out for the test.</summary>
    public double TestFraction { get; init; }
    /// <summary>Trajectory frames left out between training and test frames (block split).</summary>
    public int? GapFrames { get; init; }
    /// <summary>Loss weighting per class: "balanced" or "none".</summary>
    public string? ClassWeights { get; init; }
    /// <summary>Seed of initialisation, shuffling and the split.</summary>
    public int Seed { get; init; }
    /// <summary>Epochs run (by member 0).</summary>
    public int Epochs { get; init; }
    /// <summary>Whether early stopping ended the training before the epoch limit.</summary>
    public bool Converged { get; init; }
    /// <summary>Hidden layer widths (e.g. [100]).</summary>
    public IReadOnlyList<int> Hidden { get; init; } = [];
    /// <summary>Number of training rows.</summary>
    public long TrainRows { get; init; }
    /// <summary>Number of held-out test rows.</summary>
    public long TestRows { get; init; }
    /// <summary>Accuracy on the test rows (0…1), when measured.</summary>
    public double? TestAccuracy { get; init; }
    /// <summary>Balanced accuracy (mean recall) on the test rows (0…1), when measured.</summary>
    public double? TestBalancedAccuracy { get; init; }
    /// <summary>Accuracy on the training rows (0…1), when measured.</summary>
    public double? TrainAccuracy { get; init; }
    /// <summary>Loss (class-weighted cross-entropy plus L2 penalty) of the last epoch.</summary>
    public double? FinalLoss { get; init; }
    /// <summary>K, the number of ensemble members.</summary>
    public int Ensemble { get; init; } = 1;
    /// <summary>Epochs of each member (of the final refit under run early stopping).</summary>
    public IReadOnlyList<int>? MemberEpochs { get; init; }
    /// <summary>"loss", "run", "none" (or "validation").</summary>
    public string? EarlyStopping { get; init; }
    /// <summary>Run early stopping: each member's best epoch in its validation search (the refit ran that many).</summary>
    public IReadOnlyList<int>? MemberBestEpochs { get; init; }
    /// <summary>Run early stopping: each member's validation balanced accuracy at its best epoch.</summary>
    public IReadOnlyList<double>? MemberValidationBalancedAccuracy { get; init; }
    /// <summary>"none" or "noise:SIGMA".</summary>
    public string? Augment { get; init; }
    /// <summary>"hidden", "descriptor" or "none".</summary>
    public string? Novelty { get; init; }
}

/// <summary>
/// The model file: one JSON object holding everything a classifier needs. Version 2 (written):
/// <code>
/// {"format":"zifphase-model","version":2,"classes":[...],"centers":"Zn","descriptor":{DescriptorSpec},
///  "scaler":{"kind":"minmax","offset":[...],"scale":[...]},
///  "members":[{"layers":[{"inputs":780,"outputs":100,"weights":[...out×in row-major...],"biases":[...]}, ...]}, ...],
///  "novelty":{"method":"mahalanobis-tied","space":"hidden","member":0,"dimension":100,"classes":[0,1,...],
///             "means":[[...d...], ...],"covariance":[...d(d+1)/2, lower triangle row by row...],
///             "shrinkage":0.001,"percentile":99.9,"threshold":12.3},
///  "training":{...}}
/// </code>
/// "novelty" is absent for a model without a detector. Version 1 files (one network: "layers" at the top level,
/// no "members", no "novelty") are still read. Floats are written in shortest round-trip form, so a reloaded model
/// gives bit-identical probabilities and novelty scores.
/// </summary>
public static class ModelFile
{
    /// <summary>Value of the "format" field that marks a model file.</summary>
    public const string Format = IO.FileKinds.ModelFormat;
    /// <summary>Version of the model file layout that <see cref="Save"/> writes.</summary>
    public const int Version = 2;

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    /// <summary>
    /// Writes <paramref name="model"/> as one JSON file at <paramref name="path"/>, atomically (a temporary file renamed into place).
    /// </summary>
    public static void Save(PhaseClassifier model, string path) => IO.AtomicFile.WriteAllText(path, ToJson(model));

    /// <summary>The model file's text.</summary>
    public static string ToJson(PhaseClassifier model)
    {
        var members = new JsonArray();
        foreach (var network in model.Members) members.Add(new JsonObject { ["layers"] = Layers(network) });
        var root = new JsonObject
        {
            ["format"] = Format,
            ["version"] = Version,
            ["classes"] = JsonSerializer.SerializeToNode(model.ClassNames.ToArray(), ModelJson.Default.StringArray),
            ["centers"] = model.Centres.ToString(),
            ["descriptor"] = JsonNode.Parse(model.Descriptor.ToJson()),
            ["scaler"] = new JsonObject
            {
                ["kind"] = model.Scaler.Kind.ToString().ToLowerInvariant(),
                ["offset"] = JsonSerializer.SerializeToNode(model.Scaler.Offset, ModelJson.Default.DoubleArray),
                ["scale"] = JsonSerializer.SerializeToNode(model.Scaler.Scale, ModelJson.Default.DoubleArray),
            },
            ["members"] = members,
        };
        if (model.Novelty is { } novelty) root["novelty"] = NoveltyJson(novelty);
        root["training"] = model.Training is null ? null : JsonSerializer.SerializeToNode(model.Training, TrainingJson.Default.TrainingRecord);
        return root.ToJsonString(Options);
    }

    private static JsonArray Layers(Mlp network)
    {
        var layers = new JsonArray();
        for (int l = 0; l < network.Weights.Length; l++)
        {
            layers.Add(new JsonObject
            {
                ["inputs"] = network.LayerSizes[l],
                ["outputs"] = network.LayerSizes[l + 1],
                ["weights"] = JsonSerializer.SerializeToNode(network.Weights[l], ModelJson.Default.SingleArray),
                ["biases"] = JsonSerializer.SerializeToNode(network.Biases[l], ModelJson.Default.SingleArray),
            });
        }
        return layers;
    }

    private static JsonObject NoveltyJson(NoveltyDetector n)
    {
        int d = n.Dimension;
        var means = new JsonArray();
        for (int c = 0; c < n.Classes.Length; c++)
            means.Add(JsonSerializer.SerializeToNode(n.Means.AsSpan(c * d, d).ToArray(), ModelJson.Default.DoubleArray));
        var lower = new double[d * (d + 1) / 2];
        for (int a = 0, i = 0; a < d; a++)
            for (int b = 0; b <= a; b++) lower[i++] = n.Covariance[a * d + b];
        return new JsonObject
        {
            ["method"] = NoveltyMethod,
            ["space"] = TrainingOptions.NoveltySpaceName(n.Space),
            ["member"] = 0,
            ["dimension"] = d,
            ["classes"] = JsonSerializer.SerializeToNode(n.Classes, ModelJson.Default.Int32Array),
            ["means"] = means,
            ["covariance"] = JsonSerializer.SerializeToNode(lower, ModelJson.Default.DoubleArray),
            ["shrinkage"] = n.Shrinkage,
            ["percentile"] = n.Percentile,
            ["threshold"] = n.Threshold,
        };
    }

    private const string NoveltyMethod = "mahalanobis-tied";

    private static NoveltyDetector ReadNovelty(JsonNode node)
    {
        if ((string?)node["method"] is { } method && method != NoveltyMethod)
            throw new FormatException($"unknown novelty method '{method}'");
        var space = (string?)node["space"] switch
        {
            "hidden" => NoveltySpace.Hidden,
            "descriptor" => NoveltySpace.Descriptor,
            var s => throw new FormatException($"unknown novelty space '{s}'"),
        };
        int d = (int?)node["dimension"] ?? throw new FormatException("novelty: no \"dimension\"");
        if (d <= 0) throw new FormatException("novelty: the dimension must be positive");
        var classes = Need(node, "classes").Deserialize(ModelJson.Default.Int32Array) ?? throw new FormatException("novelty: no classes");
        var meanNodes = Need(node, "means").AsArray();
        if (meanNodes.Count != classes.Length) throw new FormatException($"novelty: {meanNodes.Count} means for {classes.Length} classes");
        var means = new double[classes.Length * d];
        for (int c = 0; c < classes.Length; c++)
        {
            var m = meanNodes[c]?.Deserialize(ModelJson.Default.DoubleArray) ?? throw new FormatException($"novelty: mean {c} is empty");
            if (m.Length != d) throw new FormatException($"novelty: mean {c} has {m.Length} values, not {d}");
            m.CopyTo(means, c * d);
        }
        var lower = Need(node, "covariance").Deserialize(ModelJson.Default.DoubleArray)!;
        if (lower.Length != d * (d + 1) / 2) throw new FormatException($"novelty: the covariance has {lower.Length} values, not d(d+1)/2 = {d * (d + 1) / 2}");
        var cov = new double[d * d];
        for (int a = 0, i = 0; a < d; a++)
            for (int b = 0; b <= a; b++, i++) cov[a * d + b] = cov[b * d + a] = lower[i];
        double shrinkage = (double?)node["shrinkage"] ?? throw new FormatException("novelty: no \"shrinkage\"");
        double percentile = (double?)node["percentile"] ?? throw new FormatException("novelty: no \"percentile\"");
        double threshold = (double?)node["threshold"] ?? throw new FormatException("novelty: no \"threshold\"");
        return new NoveltyDetector(space, d, classes, means, cov, shrinkage, percentile, threshold);
    }

    private static Mlp ReadNetwork(JsonArray layerNodes, string where)
    {
        if (layerNodes.Count == 0) throw new FormatException($"{where}\"layers\" is empty");
        var sizes = new List<int>();
        var weights = new float[layerNodes.Count][];
        var biases = new float[layerNodes.Count][];
        for (int l = 0; l < layerNodes.Count; l++)
        {
            var layer = layerNodes[l]!;
            int inputs = (int?)layer["inputs"] ?? throw new FormatException($"{where}layer {l}: no \"inputs\"");
            int outputs = (int?)layer["outputs"] ?? throw new FormatException($"{where}layer {l}: no \"outputs\"");
            if (l == 0) sizes.Add(inputs);
            else if (sizes[^1] != inputs) throw new FormatException($"{where}layer {l} takes {inputs} inputs but layer {l - 1} gives {sizes[^1]}");
            sizes.Add(outputs);
            weights[l] = Need(layer, "weights").Deserialize(ModelJson.Default.SingleArray)!;
            biases[l] = Need(layer, "biases").Deserialize(ModelJson.Default.SingleArray)!;
            if (weights[l].Length != inputs * outputs || biases[l].Length != outputs)
                throw new FormatException($"{where}layer {l}: {weights[l].Length} weights and {biases[l].Length} biases do not fit {inputs} → {outputs}");
        }
        return new Mlp(sizes, weights, biases);
    }


    /// <summary>Reads a model file written by <see cref="Save"/> (this or an earlier version).</summary>
    /// <exception cref="InputException">The file is missing, is a dataset or another kind of file, or is not a valid model file; the message names it.</exception>
    public static PhaseClassifier Load(string path)
    {
        string text = IO.InputFiles.ReadAllText(path, "no such model file");
        if (IO.FileKinds.IsHdf5(path)) throw LearningFiles.DatasetGivenAsModel(path);
        if (LearningFiles.NotAModel(path, text) is { } what) throw what;
        try
        {
            var root = JsonNode.Parse(text)?.AsObject() ?? throw new FormatException("empty file");
            if ((string?)root["format"] != Format)
                throw new FormatException($"not a ZifPhase model (\"format\" is not \"{Format}\")");
            int version = (int?)root["version"] ?? throw new FormatException("no \"version\"");
            if (version is not (1 or Version))
                throw new FormatException($"model format version {version} is not supported by this ZifPhase (reads versions 1 and {Version})");
            var classes = Need(root, "classes").Deserialize(ModelJson.Default.StringArray) ?? throw new FormatException("\"classes\" is empty");
            var centres = CentreSelection.Parse((string?)root["centers"] ?? "Zn");
            var descriptor = DescriptorSpec.FromJson(Need(root, "descriptor").ToJsonString());
            var scalerNode = Need(root, "scaler");
            var kind = ((string?)scalerNode["kind"]) switch
            {
                "none" => ScalerKind.None,
                "minmax" => ScalerKind.MinMax,
                "standard" => ScalerKind.Standard,
                var k => throw new FormatException($"unknown scaler kind '{k}'"),
            };
            var scaler = new Scaler(kind, Need(scalerNode, "offset").Deserialize(ModelJson.Default.DoubleArray)!, Need(scalerNode, "scale").Deserialize(ModelJson.Default.DoubleArray)!);
            var members = new List<Mlp>();
            if (version == 1) members.Add(ReadNetwork(Need(root, "layers").AsArray(), ""));
            else
            {
                var memberNodes = Need(root, "members").AsArray();
                if (memberNodes.Count == 0) throw new FormatException("\"members\" is empty");
                for (int m = 0; m < memberNodes.Count; m++)
                    members.Add(ReadNetwork(Need(memberNodes[m]!, "layers").AsArray(), memberNodes.Count > 1 ? $"member {m}: " : ""));
            }
            var novelty = version >= 2 && root["novelty"] is { } n ? ReadNovelty(n) : null;
            var training = root["training"] is { } t ? t.Deserialize(TrainingJson.Default.TrainingRecord) : null;
            var model = new PhaseClassifier(descriptor, centres, scaler, members, classes, novelty, training);
            var dimension = descriptor.Create().Dimension;
            if (dimension != model.FeatureCount)
                throw new FormatException($"its descriptor gives {dimension} features but its network takes {model.FeatureCount}");
            return model;
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or InvalidOperationException or KeyNotFoundException or (ZifPhaseException and not InputException))
        {
            throw new InputException(path, null, null, $"corrupt or incompatible model file: {e.Message}");
        }
    }

    private static JsonNode Need(JsonNode node, string key) =>
        node[key] ?? throw new FormatException($"missing \"{key}\"");
}

/// <summary>Source-generated (reflection-free, trimming- and Native-AOT-safe) JSON for the model file's arrays.</summary>
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(double[]))]
[JsonSerializable(typeof(float[]))]
[JsonSerializable(typeof(int[]))]
internal sealed partial class ModelJson : JsonSerializerContext;

/// <summary>Source-generated JSON for <see cref="TrainingRecord"/> (snake_case names).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(TrainingRecord))]
internal sealed partial class TrainingJson : JsonSerializerContext;
