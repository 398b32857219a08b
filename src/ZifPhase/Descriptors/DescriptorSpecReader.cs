using System.Globalization;
using System.Text.Json;
using ZifPhase.Structures;

namespace ZifPhase.Descriptors;

/// <summary>
/// Reads a descriptor spec from JSON in every argument form DScribe 2.1.1's <c>SOAP(...)</c> and <c>ACSF(...)</c>
/// constructors accept (species as symbols or atomic numbers, <c>g3_params</c> as a flat list of κ, numbers as
/// integers or floats, <c>r_cut</c> inferred from a SOAP weighting function, ...), plus the forms earlier ZifPhase
/// versions wrote (<c>g3_params</c> as one-element rows, empty lists for absent parameters). Everything else is an
/// <see cref="ArgumentException"/> of one line that names the key and the expected form.
/// </summary>
internal static class DescriptorSpecReader
{
    private static readonly string[] WeightingKeys = ["function", "r0", "c", "d", "m", "w0", "threshold"];
    private static readonly string[] CompressionKeys = ["mode", "species_weighting"];

    /// <summary>Argument names of DScribe before 2.0, which 2.1.1 no longer accepts.</summary>
    private static readonly Dictionary<string, string> Renamed = new()
    {
        ["rcut"] = "\"r_cut\"",
        ["nmax"] = "\"n_max\"",
        ["lmax"] = "\"l_max\"",
        ["crossover"] = "\"compression\": {\"mode\": \"crossover\"}",
    };

    private const string SpeciesForm = "a list of element symbols or atomic numbers, e.g. [\"Zn\"] or [30]";
    private const string RowsG3 = "a flat list of kappas, e.g. [1.0]";

    public static DescriptorSpec Read(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"descriptor spec: not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}); write one object such as {{\"kind\": \"acsf\", \"species\": [\"Zn\"], \"r_cut\": 6.0}}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new ArgumentException($"descriptor spec: must be a JSON object such as {{\"kind\": \"acsf\", ...}}, not {Show(root)}");
            var keys = Properties(root, "descriptor spec", null);
            var names = string.Join(" or ", DescriptorKinds.All.Select(k => $"\"{k.Name}\""));
            if (!keys.TryGetValue("kind", out var kindValue) || kindValue.ValueKind == JsonValueKind.Null)
                throw new ArgumentException($"descriptor spec: missing 'kind' ({names})");
            string? kind = kindValue.ValueKind == JsonValueKind.String ? kindValue.GetString()!.Trim().ToLowerInvariant() : null;
            var entry = DescriptorKinds.All.FirstOrDefault(k => k.Name == kind)
                ?? throw new ArgumentException($"descriptor spec: 'kind' must be {names}, not {Show(kindValue)}");
            return entry.Read(new Reader($"{entry.Name} spec", keys, entry.Keys));
        }
    }

    /// <summary>The properties of an object; a repeated key is an error. Unknown keys are checked against <paramref name="known"/>.</summary>
    private static Dictionary<string, JsonElement> Properties(JsonElement obj, string prefix, string[]? known, string? parent = null)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var p in obj.EnumerateObject())
        {
            string shown = parent is null ? p.Name : $"{parent}.{p.Name}";
            if (!result.TryAdd(p.Name, p.Value)) throw new ArgumentException($"{prefix}: '{shown}' is given twice");
            if (known is null || known.Contains(p.Name)) continue;
            if (parent is null && Renamed.TryGetValue(p.Name, out var now))
                throw new ArgumentException($"{prefix}: '{p.Name}' is the argument name of DScribe before 2.0; DScribe 2.1.1 and ZifPhase take {now}");
            throw new ArgumentException($"{prefix}: unknown key '{shown}' (known: {string.Join(", ", known)})");
        }
        return result;
    }

    /// <summary>A JSON value as a message shows it: numbers and strings as written, arrays and objects by kind.</summary>
    private static string Show(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => $"\"{e.GetString()}\"".ReplaceLineEndings(" "),
        _ => e.GetRawText(),
    };

    internal static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The keys of one spec object, read in DScribe's argument forms; each kind's <c>Read</c> takes what it needs.</summary>
    internal sealed class Reader
    {
        private readonly Dictionary<string, JsonElement> _keys;
        public string Prefix { get; }

        public Reader(string prefix, Dictionary<string, JsonElement> keys, IReadOnlyList<string> known)
        {
            Prefix = prefix;
            _keys = keys;
            // Re-check the top-level keys against this kind's names (Properties saw them before the kind was known).
            foreach (var name in keys.Keys)
            {
                if (known.Contains(name)) continue;
                if (Renamed.TryGetValue(name, out var now))
                    throw new ArgumentException($"{prefix}: '{name}' is the argument name of DScribe before 2.0; DScribe 2.1.1 and ZifPhase take {now}");
                throw new ArgumentException($"{prefix}: unknown key '{name}' (known: {string.Join(", ", known)})");
            }
        }

        public ArgumentException Wrong(string key, string form, string shown) =>
            new($"{Prefix}: '{key}' must be {form}, not {shown}");

        private ArgumentException Wrong(string key, string form, JsonElement value) => Wrong(key, form, Show(value));

        /// <summary>The value of a key, or null when it is absent or JSON null (DScribe's None).</summary>
        private JsonElement? Get(string key) =>
            _keys.TryGetValue(key, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

        public double? OptionalNumber(string key, string form) => Get(key) is { } v ? Finite(v, key, form) : null;

        private double Finite(JsonElement v, string key, string form)
        {
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var d) || !double.IsFinite(d)) throw Wrong(key, form, v);
            return d;
        }

        public int RequiredWhole(string key, string form)
        {
            var v = Get(key) ?? throw new ArgumentException($"{Prefix}: missing '{key}' ({form})");
            double d = Finite(v, key, form);
            if (d != Math.Floor(d) || d < int.MinValue || d > int.MaxValue) throw Wrong(key, form, v);
            return (int)d;
        }

        public string? OptionalString(string key, string form)
        {
            if (Get(key) is not { } v) return null;
            return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Wrong(key, form, v);
        }

        public bool? OptionalBool(string key)
        {
            if (Get(key) is not { } v) return null;
            return v.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Wrong(key, "true or false", v),
            };
        }

        /// <summary>ZifPhase's default is periodic (DScribe's is not): MD trajectories are periodic.</summary>
        public bool Periodic() => OptionalBool("periodic") ?? true;

        public string? Dtype()
        {
            if (OptionalBool("sparse") == true)
                throw new ArgumentException($"{Prefix}: 'sparse': true is not supported (ZifPhase writes dense rows); use false or leave it out");
            return OptionalString("dtype", "\"float32\" or \"float64\"") switch
            {
                null => null,
                "float32" => "float32",
                "float64" => "float64",
                var other => throw Wrong("dtype", "\"float32\" or \"float64\"", $"\"{other}\""),
            };
        }

        /// <summary>DScribe's get_atomic_numbers: all symbols or all integers; returned as symbols.</summary>
        public IReadOnlyList<string> Species()
        {
            var v = Get("species") ?? throw new ArgumentException($"{Prefix}: missing 'species' ({SpeciesForm})");
            if (v.ValueKind != JsonValueKind.Array) throw Wrong("species", SpeciesForm, v);
            var items = v.EnumerateArray().ToArray();
            if (items.All(i => i.ValueKind == JsonValueKind.String))
                return items.Select(i => i.GetString()!).ToArray();
            if (items.All(i => i.ValueKind == JsonValueKind.Number))
                return items.Select(i => i.TryGetInt32(out int z) && z >= 1 && z <= Element.All.Count
                    ? Element.FromZ(z).Symbol
                    : throw new ArgumentException($"{Prefix}: 'species' {i.GetRawText()} is not an atomic number ZifPhase knows (a whole number from 1 to {Element.All.Count})")).ToArray();
            throw new ArgumentException($"{Prefix}: 'species' must be all element symbols or all atomic numbers, e.g. [\"Zn\"] or [30], not a mix");
        }

        public SoapWeighting? Weighting()
        {
            if (Get("weighting") is not { } v) return null;
            if (v.ValueKind != JsonValueKind.Object) throw Wrong("weighting", "an object such as {\"function\": \"poly\", \"r0\": 9, \"c\": 1, \"m\": 2}", v);
            var w = Properties(v, Prefix, WeightingKeys, "weighting");
            if (w.Count == 0) return null; // DScribe: an empty dict is no weighting
            double? N(string key) => w.TryGetValue(key, out var x) && x.ValueKind != JsonValueKind.Null ? Finite(x, $"weighting.{key}", "a number") : null;
            string? function = null;
            if (w.TryGetValue("function", out var f) && f.ValueKind != JsonValueKind.Null)
            {
                function = f.ValueKind == JsonValueKind.String ? f.GetString() : null;
                if (function is not ("poly" or "pow" or "exp")) throw Wrong("weighting.function", "\"poly\", \"pow\" or \"exp\"", f);
            }
            return new SoapWeighting
            {
                Function = function,
                R0 = N("r0"),
                C = N("c"),
                D = N("d"),
                M = N("m"),
                W0 = N("w0"),
                Threshold = N("threshold") ?? 1e-2,
            };
        }

        public SoapCompression Compression()
        {
            if (Get("compression") is not { } v) return new SoapCompression();
            const string form = "an object such as {\"mode\": \"mu2\", \"species_weighting\": null}";
            if (v.ValueKind != JsonValueKind.Object) throw Wrong("compression", form, v);
            var c = Properties(v, Prefix, CompressionKeys, "compression");
            const string modes = "\"off\", \"crossover\", \"mu2\" or \"mu1nu1\"";
            var mode = SoapCompressionMode.Off;
            if (c.TryGetValue("mode", out var m) && m.ValueKind != JsonValueKind.Null)
                mode = (m.ValueKind == JsonValueKind.String ? m.GetString() : null) switch
                {
                    "off" => SoapCompressionMode.Off,
                    "crossover" => SoapCompressionMode.Crossover,
                    "mu2" => SoapCompressionMode.Mu2,
                    "mu1nu1" => SoapCompressionMode.Mu1nu1,
                    _ => throw Wrong("compression.mode", modes, m),
                };
            Dictionary<string, double>? weights = null;
            if (c.TryGetValue("species_weighting", out var sw) && sw.ValueKind != JsonValueKind.Null)
            {
                const string swForm = "null or an object mapping each species to a weight, e.g. {\"Zn\": 2.0} or {\"30\": 2.0}";
                if (sw.ValueKind != JsonValueKind.Object) throw Wrong("compression.species_weighting", swForm, sw);
                weights = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (var (key, value) in Properties(sw, Prefix, null, "compression.species_weighting"))
                {
                    // DScribe keys the weights as the species were given; JSON keys are strings, so "30" stands for 30.
                    string symbol = int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out int z)
                        ? z >= 1 && z <= Element.All.Count ? Element.FromZ(z).Symbol
                          : throw new ArgumentException($"{Prefix}: 'compression.species_weighting' key \"{key}\" is not an atomic number")
                        : key;
                    if (!weights.TryAdd(symbol, Finite(value, $"compression.species_weighting.{key}", "a number")))
                        throw new ArgumentException($"{Prefix}: 'compression.species_weighting' names {symbol} twice");
                }
            }
            return new SoapCompression { Mode = mode, SpeciesWeighting = weights };
        }

        /// <summary>g2, g4 or g5: a list of rows of <paramref name="width"/> numbers; null, absent or [] is none.</summary>
        public IReadOnlyList<double[]> Rows(string key, int width, string form)
        {
            if (Get(key) is not { } v) return [];
            if (v.ValueKind != JsonValueKind.Array) throw Wrong(key, form, v);
            var rows = new List<double[]>();
            foreach (var row in v.EnumerateArray())
            {
                var numbers = row.ValueKind == JsonValueKind.Array && row.GetArrayLength() == width ? Numbers(row) : null;
                rows.Add(numbers ?? throw BadItem(key, form, "row", rows.Count, row));
            }
            return rows;
        }

        private ArgumentException BadItem(string key, string form, string what, int index, JsonElement item) =>
            new($"{Prefix}: '{key}' must be {form}; {what} {index + 1} is {Compact(item)}");

        /// <summary>The numbers of a JSON array, or null if any item is not a finite number.</summary>
        private static double[]? Numbers(JsonElement array)
        {
            var result = new double[array.GetArrayLength()];
            int i = 0;
            foreach (var x in array.EnumerateArray())
                if (IsNumber(x, out var d)) result[i++] = d;
                else return null;
            return result;
        }

        /// <summary>g3: DScribe's flat list of κ, or the one-element rows earlier ZifPhase versions wrote.</summary>
        public IReadOnlyList<double[]> Kappas()
        {
            if (Get("g3_params") is not { } v) return [];
            if (v.ValueKind != JsonValueKind.Array) throw Wrong("g3_params", RowsG3, v);
            var items = v.EnumerateArray().ToArray();
            bool rows = items.Length > 0 && items[0].ValueKind == JsonValueKind.Array;
            var kappas = new double[items.Length][];
            for (int i = 0; i < items.Length; i++)
            {
                var numbers = rows ? (items[i].ValueKind == JsonValueKind.Array && items[i].GetArrayLength() == 1 ? Numbers(items[i]) : null)
                                   : (IsNumber(items[i], out var k) ? [k] : null);
                kappas[i] = numbers ?? throw BadItem("g3_params", RowsG3, rows ? "row" : "item", i, items[i]);
            }
            return kappas;
        }

        private static bool IsNumber(JsonElement e, out double d)
        {
            d = 0;
            return e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out d) && double.IsFinite(d);
        }

        /// <summary>A small JSON value on one line, as written but without whitespace.</summary>
        private static string Compact(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.Array => $"[{string.Join(", ", e.EnumerateArray().Select(Compact))}]",
            _ => Show(e),
        };
    }
}
