using System.Globalization;
using System.Text;
using System.Text.Json;
using Tomlyn;
using Tomlyn.Model;
using ZifPhase.Descriptors;
using ZifPhase.IO;

namespace ZifPhase.Learning;

/// <summary>One trajectory of a dataset manifest. <see cref="Path"/> is as written in the manifest (relative to its folder, or absolute).</summary>
public sealed record DatasetSource(string Path, string Phase, string Tag, string? Frames, string? Types)
{
    /// <summary>Read options for this source: its frame slice and LAMMPS type map.</summary>
    public ReadOptions ReadOptions(Action<string>? warn = null) => new()
    {
        Frames = Frames is null ? FrameRange.All : FrameRange.Parse(Frames),
        Types = Types is null ? null : TypeMap.Parse(Types),
        Warn = warn,
    };
}

/// <summary>
/// A dataset manifest (TOML): the descriptor, the centre atoms and the labelled sources.
/// <code>
/// descriptor = "paper-bpsf"        # a preset name, or a [descriptor] table with DescriptorSpec's JSON keys (kind, species, r_cut, ...)
/// centers = "Zn"                   # optional, default "Zn"
/// [[source]]
/// path = "md/zif4__nvt-300K.lammpstrj.gz"   # relative to the manifest's folder
/// phase = "ZIF-4"
/// tag = "nvt"                      # force field or protocol
/// frames = "0:40:1"                # optional, default all
/// types = "1=Zn,2=N,3=C,4=H"       # optional
/// </code>
/// Every error is an <see cref="InputException"/> naming the manifest file, the key and, for a source, its 1-based number.
/// </summary>
public sealed class DatasetManifest
{
    private static readonly string[] TopKeys = ["descriptor", "centers", "centres", "source"];
    private static readonly string[] SourceKeys = ["path", "phase", "tag", "frames", "types"];

    /// <summary>The descriptor the rows are computed with (a preset, or the [descriptor] table).</summary>
    public DescriptorSpec Descriptor { get; }
    /// <summary>The centre selection ("Zn", "all" or indices; the centers key, default "Zn").</summary>
    public string Centres { get; }
    /// <summary>The [[source]] tables, in manifest order.</summary>
    public IReadOnlyList<DatasetSource> Sources { get; }
    /// <summary>The manifest's folder (full path); relative source paths are resolved against it.</summary>
    public string Folder { get; }
    /// <summary>The manifest as written.</summary>
    public string Text { get; }
    /// <summary>Phases in order of first appearance in the manifest; labels index this list.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The manifest as named in messages (the path it was loaded from).</summary>
    public string Name { get; }

    /// <summary>
    /// A manifest from its parts; <paramref name="folder"/> (made absolute) resolves relative source paths, <paramref name="name"/> names it in messages.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="sources"/> is empty.</exception>
    public DatasetManifest(DescriptorSpec descriptor, string centres, IReadOnlyList<DatasetSource> sources, string folder, string text, string? name = null)
    {
        Name = name ?? "the manifest";
        if (sources.Count == 0) throw new ArgumentException("a dataset manifest needs at least one source");
        Descriptor = descriptor;
        Centres = centres;
        Sources = sources;
        Folder = System.IO.Path.GetFullPath(folder);
        Text = text;
        ClassNames = sources.Select(s => s.Phase).Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// The full path of source <paramref name="s"/>: its path resolved against <see cref="Folder"/>, unchanged when absolute.
    /// </summary>
    public string ResolvePath(DatasetSource s) => System.IO.Path.GetFullPath(s.Path, Folder);

    /// <summary>
    /// Read options of source <paramref name="index"/> (0-based): its frames and types, with hints about a missing
    /// type map that name this source's <c>types =</c> key.
    /// </summary>
    public ReadOptions ReadOptions(int index, Action<string>? warn = null) =>
        Sources[index].ReadOptions(warn) with { TypesSource = $"[[source]] {index + 1} in {Name}" };

    /// <summary>Index of a phase in <see cref="ClassNames"/>.</summary>
    public int Label(string phase)
    {
        for (int i = 0; i < ClassNames.Count; i++)
            if (string.Equals(ClassNames[i], phase, StringComparison.Ordinal)) return i;
        throw new ArgumentException($"unknown phase '{phase}'");
    }

    /// <param name="warn">Receives remarks that do not stop the build, such as a phase that is not one of <see cref="Phases.Known"/>.</param>
    public static DatasetManifest Load(string path, Action<string>? warn = null)
    {
        string text = IO.InputFiles.ReadAllText(path);
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? Directory.GetCurrentDirectory();
        if (LearningFiles.KindOf(path) is { } kind)
            throw new InputException(path, null, null, $"not a dataset manifest (TOML): it looks like {kind}");
        return Parse(text, folder, path, checkFiles: true, warn);
    }

    /// <summary>Parses manifest text; <paramref name="name"/> names it in errors. With <paramref name="checkFiles"/>, every source file must exist.</summary>
    public static DatasetManifest Parse(string text, string folder, string name, bool checkFiles = true, Action<string>? warn = null)
    {
        InputException Error(string message) => new(name, null, null, message);

        TomlTable root;
        try
        {
            root = TomlSerializer.Deserialize<TomlTable>(text) ?? throw Error("empty manifest");
        }
        catch (TomlException e)
        {
            throw Error($"not valid TOML: {e.Message.ReplaceLineEndings(" ")}");
        }

        foreach (var key in root.Keys)
            if (!TopKeys.Contains(key))
                throw Error($"unknown key '{key}' (known: descriptor, centers, [[source]])");

        if (!root.TryGetValue("descriptor", out var descriptorValue)) throw Error("missing 'descriptor' (a preset name or a [descriptor] table)");
        DescriptorSpec spec = descriptorValue switch
        {
            string preset => Try(() => Presets.Get(preset, "descriptor").Descriptor, m => Error($"'descriptor': {m}")),
            TomlTable table => table.ContainsKey("kind")
                ? Try(() => DescriptorSpec.FromJson(ToJson(table)), m => Error($"[descriptor]: {m}"))
                : throw Error("[descriptor]: missing 'kind' (acsf or soap)"),
            _ => throw Error("'descriptor' must be a preset name (string) or a [descriptor] table"),
        };

        string centres = "Zn";
        if (root.TryGetValue("centers", out var c) || root.TryGetValue("centres", out c))
        {
            if (root.ContainsKey("centers") && root.ContainsKey("centres")) throw Error("give 'centers' or 'centres', not both");
            centres = c as string ?? throw Error("'centers' must be a string (an element such as \"Zn\", \"all\", or atom indices)");
            Try(() => CentreSelection.Parse(centres), m => Error($"'centers': {m}"));
        }

        if (!root.TryGetValue("source", out var sourceValue)) throw Error("no [[source]] tables");
        if (sourceValue is not TomlTableArray tables) throw Error("'source' must be an array of tables ([[source]])");
        if (tables.Count == 0) throw Error("no [[source]] tables");

        var sources = new List<DatasetSource>(tables.Count);
        for (int i = 0; i < tables.Count; i++)
        {
            var t = tables[i];
            string where = $"[[source]] {i + 1}";
            foreach (var key in t.Keys)
                if (!SourceKeys.Contains(key))
                    throw Error($"{where}: unknown key '{key}' (known: {string.Join(", ", SourceKeys)})");
            string Required(string key)
            {
                if (!t.TryGetValue(key, out var v))
                    throw Error($"{where}: missing '{key}'" + (key == "tag"
                        ? " (which force field or source made this run, e.g. tag = \"nbzif\"; sources with the same tag are one group in experiment cross)"
                        : ""));
                if (v is not string s) throw Error($"{where}: '{key}' must be a string");
                if (string.IsNullOrWhiteSpace(s)) throw Error($"{where}: '{key}' is empty");
                return s;
            }
            string? Optional(string key)
            {
                if (!t.TryGetValue(key, out var v)) return null;
                return v as string ?? throw Error($"{where}: '{key}' must be a string");
            }
            var source = new DatasetSource(Required("path"), Required("phase").Trim(), Required("tag").Trim(), Optional("frames"), Optional("types"));
            if (source.Frames is not null && !FrameRange.TryParse(source.Frames, out _, out var frameError))
                throw Error($"{where}: 'frames': {frameError}");
            if (source.Types is not null) Try(() => TypeMap.Parse(source.Types), m => Error($"{where}: 'types': {m}"));
            if (checkFiles)
            {
                var full = System.IO.Path.GetFullPath(source.Path, folder);
                if (Directory.Exists(full)) throw Error($"{where}: 'path': {source.Path}: is a directory, not a file");
                if (!File.Exists(full)) throw Error($"{where}: 'path': no such file '{source.Path}'");
            }
            if (Phases.UnknownRemark(source.Phase) is { } remark && !sources.Any(s => s.Phase == source.Phase))
                warn?.Invoke($"{name}: {where}: {remark}");
            sources.Add(source);
        }
        return new DatasetManifest(spec, centres, sources, folder, text, name);
    }

    private static T Try<T>(Func<T> f, Func<string, Exception> error)
    {
        try
        {
            return f();
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or FormatException or InvalidOperationException or (ZifPhaseException and not InputException))
        {
            throw error(e.Message);
        }
    }

    /// <summary>A TOML table as JSON, so that a [descriptor] table reads with <see cref="DescriptorSpec.FromJson"/>.</summary>
    internal static string ToJson(TomlTable table)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
            WriteJson(writer, table);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteJson(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case long l: w.WriteNumberValue(l); break;
            case int i: w.WriteNumberValue(i); break;
            case double d: w.WriteNumberValue(d); break;
            case float f: w.WriteNumberValue(f); break;
            case TomlTable t:
                w.WriteStartObject();
                foreach (var (k, v) in t)
                {
                    w.WritePropertyName(k);
                    WriteJson(w, v);
                }
                w.WriteEndObject();
                break;
            case TomlTableArray ta:
                w.WriteStartArray();
                foreach (var t in ta) WriteJson(w, t);
                w.WriteEndArray();
                break;
            case TomlArray a:
                w.WriteStartArray();
                foreach (var v in a) WriteJson(w, v);
                w.WriteEndArray();
                break;
            default: w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }
}
