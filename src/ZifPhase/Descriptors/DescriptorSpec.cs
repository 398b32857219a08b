using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ZifPhase.Structures;

namespace ZifPhase.Descriptors;

/// <summary>
/// Descriptor settings as a record that reads and writes JSON with DScribe 2.1.1's argument names, so that
/// a DScribe user can copy their settings: <c>{"kind":"soap","species":["H","C","N","Zn"],"r_cut":9.0,...}</c>.
/// </summary>
public abstract record DescriptorSpec
{
    /// <summary>
    /// DScribe's species: the element symbols the descriptor sees (others are ignored); order does not matter.
    /// </summary>
    public required IReadOnlyList<string> Species { get; init; }
    /// <summary>DScribe's r_cut: the cutoff radius in Å.</summary>
    public required double RCut { get; init; }
    /// <summary>
    /// DScribe's periodic: whether neighbours are searched through the cell's periodic images (true), or the frame is treated as a cluster.
    /// </summary>
    public bool Periodic { get; init; } = true;

    /// <summary>
    /// DScribe's <c>dtype</c> ("float32" or "float64"), null when not given: the precision rows are written in
    /// (values are always computed in double). An output setting, so not part of <see cref="ToJson"/>.
    /// </summary>
    [JsonIgnore]
    public string? Dtype { get; init; }

    /// <summary>"soap spec" or "acsf spec", the prefix of error messages.</summary>
    private protected abstract string Prefix { get; }

    /// <summary>Species as elements, de-duplicated and sorted by atomic number (DScribe's order).</summary>
    [JsonIgnore]
    public IReadOnlyList<Element> SortedSpecies => Species
        .Select(s => Element.TryFromSymbol(s, out var e) ? e : throw new ArgumentException($"{Prefix}: 'species': unknown element '{s}'"))
        .Distinct().OrderBy(e => e.Z).ToArray();

    /// <summary>
    /// Options of <see cref="ToJson"/> (reflection-based). Held in a nested class so that only code that writes a spec
    /// creates them: the Native AOT library (src/ZifPhase.Native) parses specs with <see cref="FromJson"/> only
    /// (JsonDocument, no reflection) and never reaches this.
    /// </summary>
    public static JsonSerializerOptions JsonOptions => WriteOptions.Value;

    private static class WriteOptions
    {
        public static readonly JsonSerializerOptions Value = new()
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            WriteIndented = false,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        };
    }

    /// <summary>The settings as one compact JSON object: <c>"kind"</c> first ("soap" or "acsf", its name in
    /// <c>DescriptorKinds</c>), then the record's properties with DScribe's snake_case names, species in the order given.</summary>
    public string ToJson()
    {
        var properties = (JsonObject)JsonSerializer.SerializeToNode(this, GetType(), JsonOptions)!;
        var json = new JsonObject { ["kind"] = DescriptorKinds.Of(GetType()).Name };
        foreach (var (key, value) in properties.ToList())
        {
            properties.Remove(key);
            json[key] = value;
        }
        return json.ToJsonString(JsonOptions);
    }

    /// <summary>
    /// The JSON of the spec with its species sorted by atomic number (DScribe's order), so that two specs that
    /// give the same columns compare equal however their species were listed.
    /// </summary>
    public string CanonicalJson() => (this with { Species = [.. SortedSpecies.Select(e => e.Symbol)] }).ToJson();

    /// <summary>
    /// Parses a spec in any argument form DScribe 2.1.1's SOAP and ACSF constructors accept (see
    /// <see cref="DescriptorSpecReader"/>); unknown keys and invalid values are one-line errors that name the key.
    /// </summary>
    public static DescriptorSpec FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var spec = DescriptorSpecReader.Read(json);
        spec.Validate();
        return spec;
    }

    /// <summary>The descriptor these settings describe; <paramref name="maxDegreeOfParallelism"/> -1 uses every core (results are identical for any value).</summary>
    public abstract IDescriptor Create(int maxDegreeOfParallelism = -1);

    /// <summary>Throws ArgumentException naming the first invalid setting.</summary>
    public virtual void Validate()
    {
        if (Species is null || Species.Count == 0) throw new ArgumentException($"{Prefix}: 'species' must name at least one element");
        _ = SortedSpecies;
        if (!(RCut > 0) || double.IsInfinity(RCut)) throw new ArgumentException($"{Prefix}: 'r_cut' must be a positive number (Å), not {RCut.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        if (Dtype is not (null or "float32" or "float64")) throw new ArgumentException($"{Prefix}: 'dtype' must be \"float32\" or \"float64\", not \"{Dtype}\"");
    }
}
