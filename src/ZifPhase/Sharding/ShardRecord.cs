using System.Globalization;
using System.Text;
using System.Text.Json;
using ZifPhase.IO;

namespace ZifPhase.Sharding;

/// <summary>What a part file holds, and so how <c>Pipeline.ShardMerge</c> joins it.</summary>
public enum ShardOutputKind
{
    /// <summary>describe → .npy (rows × features)</summary>
    FeaturesNpy,
    /// <summary>describe → .csv (frame, atom, features)</summary>
    FeaturesCsv,
    /// <summary>describe → .h5 (features, frame, atom)</summary>
    FeaturesHdf5,
    /// <summary>dataset build → .h5 dataset</summary>
    Dataset,
    /// <summary>classify --fractions → CSV</summary>
    FractionsCsv,
    /// <summary>classify -o → labelled extxyz or dump (gzip allowed)</summary>
    Labelled,
}

/// <summary>One frame held by a part: its position among all selected frames, where it came from, its rows
/// (centres), and where its bytes end in the part (uncompressed).</summary>
public readonly record struct ShardFrame(long Position, int Input, int Frame, long Rows, long End);

/// <summary>One input of the sharded run: path as given and how many of its frames were selected.</summary>
public readonly record struct ShardInput(string Path, long Selected);

/// <summary>
/// The record beside a part file (PART.shard.json): which run made it (a signature of the command without
/// --shard and --threads), which shard, how many frames the run selects in all, and every frame the part
/// holds. The merge checks these before it joins anything.
/// </summary>
public sealed class ShardRecord
{
    /// <summary>Value of the "format" field that marks a shard record (version 1).</summary>
    public const string FormatName = "zifphase-shard-1";

    /// <summary>What the part holds, and so how it is merged.</summary>
    public required ShardOutputKind Kind { get; init; }
    /// <summary>Signature of the command line without --shard and --threads; all parts of one run share it.</summary>
    public required string Signature { get; init; }
    /// <summary>The command line that made the part, for the user to read.</summary>
    public required string Command { get; init; }
    /// <summary>The output the parts merge into, as the command named it.</summary>
    public required string Target { get; init; }
    /// <summary>The shard (I/N) that wrote the part.</summary>
    public required Shard Shard { get; init; }
    /// <summary>How frames were dealt out to the shards.</summary>
    public required ShardMode Mode { get; init; }
    /// <summary>Number of frames the whole run selects, over all shards and inputs.</summary>
    public required long Total { get; init; }
    /// <summary>Size of the finished part in bytes (uncompressed), checked before a merge.</summary>
    public required long PartBytes { get; init; }
    /// <summary>Every input of the run, in order, with its selected frame count.</summary>
    public required IReadOnlyList<ShardInput> Inputs { get; init; }
    /// <summary>Every frame the part holds, in the order it holds them.</summary>
    public required IReadOnlyList<ShardFrame> Frames { get; init; }
    /// <summary>HDF5 attributes of a describe .h5 output, in the order they are written.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Attributes { get; init; } = [];

    /// <summary>The name of a kind in the record's "kind" field ("features-npy", "dataset-h5", …).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a defined kind.</exception>
    public static string KindName(ShardOutputKind kind) => kind switch
    {
        ShardOutputKind.FeaturesNpy => "features-npy",
        ShardOutputKind.FeaturesCsv => "features-csv",
        ShardOutputKind.FeaturesHdf5 => "features-h5",
        ShardOutputKind.Dataset => "dataset-h5",
        ShardOutputKind.FractionsCsv => "fractions-csv",
        ShardOutputKind.Labelled => "labelled-trajectory",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The record as indented UTF-8 JSON text, ending in a newline (the PART.shard.json format).</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("format", FormatName);
            w.WriteString("kind", KindName(Kind));
            w.WriteString("signature", Signature);
            w.WriteString("command", Command);
            w.WriteString("target", Target);
            w.WriteNumber("shard", Shard.Index);
            w.WriteNumber("shards", Shard.Count);
            w.WriteString("mode", Mode == ShardMode.Blocks ? "blocks" : "stride");
            w.WriteNumber("total_frames", Total);
            w.WriteNumber("part_bytes", PartBytes);
            w.WriteStartArray("inputs");
            foreach (var i in Inputs)
            {
                w.WriteStartObject();
                w.WriteString("path", i.Path);
                w.WriteNumber("selected_frames", i.Selected);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("attributes");
            foreach (var (k, v) in Attributes) w.WriteString(k, v);
            w.WriteEndObject();
            w.WriteString("frame_columns", "position input frame rows end");
            w.WriteStartArray("frames");
            foreach (var f in Frames)
            {
                // one compact line per frame keeps a record of thousands of frames readable
                w.WriteStringValue(string.Create(CultureInfo.InvariantCulture, $"{f.Position} {f.Input} {f.Frame} {f.Rows} {f.End}"));
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Reads and checks a record written by <see cref="ToJson"/>.</summary>
    /// <exception cref="InputException">The file is missing, is not JSON, is not a zifphase-shard-1 record, or has an unknown kind or a malformed field.</exception>
    public static ShardRecord Load(string path)
    {
        string text = InputFiles.ReadAllText(path, "no such file: every part needs the record its shard wrote beside it");
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (!root.TryGetProperty("format", out var format) || format.GetString() != FormatName)
                throw new InputException(path, null, null, $"not a ZifPhase shard record (expected format '{FormatName}')");
            var kindName = root.GetProperty("kind").GetString();
            var kind = Enum.GetValues<ShardOutputKind>().FirstOrDefault(k => KindName(k) == kindName, (ShardOutputKind)(-1));
            if (!Enum.IsDefined(kind)) throw new InputException(path, null, null, $"unknown part kind '{kindName}'");
            var frames = new List<ShardFrame>();
            foreach (var e in root.GetProperty("frames").EnumerateArray())
            {
                var f = e.GetString()!.Split(' ');
                if (f.Length != 5) throw new InputException(path, null, null, $"bad frame entry '{e.GetString()}'");
                var inv = CultureInfo.InvariantCulture;
                frames.Add(new ShardFrame(long.Parse(f[0], inv), int.Parse(f[1], inv), int.Parse(f[2], inv), long.Parse(f[3], inv), long.Parse(f[4], inv)));
            }
            var inputs = root.GetProperty("inputs").EnumerateArray()
                .Select(e => new ShardInput(e.GetProperty("path").GetString()!, e.GetProperty("selected_frames").GetInt64())).ToList();
            var attributes = root.TryGetProperty("attributes", out var attrs)
                ? attrs.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString()!)).ToList()
                : [];
            var shard = new Shard(root.GetProperty("shard").GetInt32(), root.GetProperty("shards").GetInt32());
            if (shard.Count < 1 || shard.Index < 1 || shard.Index > shard.Count) throw new InputException(path, null, null, $"bad shard {shard}");
            return new ShardRecord
            {
                Kind = kind,
                Signature = root.GetProperty("signature").GetString()!,
                Command = root.GetProperty("command").GetString()!,
                Target = root.GetProperty("target").GetString()!,
                Shard = shard,
                Mode = Shard.ParseMode(root.GetProperty("mode").GetString()!),
                Total = root.GetProperty("total_frames").GetInt64(),
                PartBytes = root.GetProperty("part_bytes").GetInt64(),
                Inputs = inputs,
                Frames = frames,
                Attributes = attributes,
            };
        }
        catch (InputException)
        {
            throw;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            throw new InputException(path, null, null, $"not a readable shard record ({e.Message.ReplaceLineEndings(" ")})");
        }
    }
}
