using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ZifPhase.Descriptors;

namespace ZifPhase.Learning;

/// <summary>How a model was trained, kept in the model file for provenance.</summary>
public sealed record TrainingRecord
{
    public string? Dataset { get; init; }
    public string? DatasetHash { get; init; }
    public string? Preset { get; init; }
    public string? Split { get; init; }
    public double TestFraction { get; init; }
    /// <summary>Trajectory frames left out between training and test frames (block split).</summary>
    public int? GapFrames { get; init; }
    /// <summary>Loss weighting per class: "balanced" or "none".</summary>
    public string? ClassWeights { get; init; }
    public int Seed { get; init; }
    public int Epochs { get; init; }
    public bool Converged { get; init; }
    public IReadOnlyList<int> Hidden { get; init; } = [];
    public long TrainRows { get; init; }
    public long TestRows { get; init; }
    public double? TestAccuracy { get; init; }
    public double? TestBalancedAccuracy { get; init; }
    public double? TrainAccuracy { get; init; }
    public double? FinalLoss { get; init; }
}

/// <summary>
/// The model file: one JSON object holding everything a classifier needs.
/// <code>
/// {"format":"zifphase-model","version":1,"classes":[...],"centers":"Zn","descriptor":{DescriptorSpec},
///  "scaler":{"kind":"minmax","offset":[...],"scale":[...]},
///  "layers":[{"inputs":780,"outputs":100,"weights":[...out×in row-major...],"biases":[...]}, ...],
///  "training":{...}}
/// </code>
/// Floats are written in shortest round-trip form, so a reloaded model gives bit-identical probabilities.
/// </summary>
public static class ModelFile
{
    public const string Format = "zifphase-model";
    public const int Version = 1;

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    public static void Save(PhaseClassifier model, string path)
    {
        var layers = new JsonArray();
        for (int l = 0; l < model.Network.Weights.Length; l++)
        {
            layers.Add(new JsonObject
            {
                ["inputs"] = model.Network.LayerSizes[l],
                ["outputs"] = model.Network.LayerSizes[l + 1],
                ["weights"] = JsonSerializer.SerializeToNode(model.Network.Weights[l], ModelJson.Default.SingleArray),
                ["biases"] = JsonSerializer.SerializeToNode(model.Network.Biases[l], ModelJson.Default.SingleArray),
            });
        }
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
            ["layers"] = layers,
            ["training"] = model.Training is null ? null : JsonSerializer.SerializeToNode(model.Training, TrainingJson.Default.TrainingRecord),
        };
        IO.AtomicFile.WriteAllText(path, root.ToJsonString(Options));
    }


    public static PhaseClassifier Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException(path, null, null, Directory.Exists(path) ? "is a directory, not a file" : "no such model file");
        }
        catch (UnauthorizedAccessException)
        {
            throw new InputException(path, null, null, Directory.Exists(path) ? "is a directory, not a file" : "permission denied");
        }
        if (LearningFiles.IsHdf5(path)) throw LearningFiles.DatasetGivenAsModel(path);
        if (LearningFiles.NotAModel(path, text) is { } what) throw what;
        try
        {
            var root = JsonNode.Parse(text)?.AsObject() ?? throw new FormatException("empty file");
            if ((string?)root["format"] != Format)
                throw new FormatException($"not a ZifPhase model (\"format\" is not \"{Format}\")");
            int version = (int?)root["version"] ?? throw new FormatException("no \"version\"");
            if (version != Version)
                throw new FormatException($"model format version {version} is not supported by this ZifPhase (reads version {Version})");
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
            var layerNodes = Need(root, "layers").AsArray();
            if (layerNodes.Count == 0) throw new FormatException("\"layers\" is empty");
            var sizes = new List<int>();
            var weights = new float[layerNodes.Count][];
            var biases = new float[layerNodes.Count][];
            for (int l = 0; l < layerNodes.Count; l++)
            {
                var layer = layerNodes[l]!;
                int inputs = (int?)layer["inputs"] ?? throw new FormatException($"layer {l}: no \"inputs\"");
                int outputs = (int?)layer["outputs"] ?? throw new FormatException($"layer {l}: no \"outputs\"");
                if (l == 0) sizes.Add(inputs);
                else if (sizes[^1] != inputs) throw new FormatException($"layer {l} takes {inputs} inputs but layer {l - 1} gives {sizes[^1]}");
                sizes.Add(outputs);
                weights[l] = Need(layer, "weights").Deserialize(ModelJson.Default.SingleArray)!;
                biases[l] = Need(layer, "biases").Deserialize(ModelJson.Default.SingleArray)!;
                if (weights[l].Length != inputs * outputs || biases[l].Length != outputs)
                    throw new FormatException($"layer {l}: {weights[l].Length} weights and {biases[l].Length} biases do not fit {inputs} → {outputs}");
            }
            var network = new Mlp(sizes, weights, biases);
            var training = root["training"] is { } t ? t.Deserialize(TrainingJson.Default.TrainingRecord) : null;
            var model = new PhaseClassifier(descriptor, centres, scaler, network, classes, training);
            var dimension = descriptor.Create().Dimension;
            if (dimension != model.FeatureCount)
                throw new FormatException($"its descriptor gives {dimension} features but its network takes {model.FeatureCount}");
            return model;
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or InvalidOperationException or KeyNotFoundException)
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
internal sealed partial class ModelJson : JsonSerializerContext;

/// <summary>Source-generated JSON for <see cref="TrainingRecord"/> (snake_case names).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(TrainingRecord))]
internal sealed partial class TrainingJson : JsonSerializerContext;
