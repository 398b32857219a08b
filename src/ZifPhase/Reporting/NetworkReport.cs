using System.Globalization;
using System.Text.Json.Nodes;
using ZifPhase.Analysis;

namespace ZifPhase.Reporting;

/// <summary>What `analyze network` reports about the bonded Zn–Zn network of a frame.</summary>
public static class NetworkReport
{
    /// <summary>Shells of the coordination sequence reported: 1..6.</summary>
    public const int Shells = 6;

    /// <summary>The coordination sequence of Zn 0 over <see cref="Shells"/> shells; empty without Zn.</summary>
    public static int[] CoordinationSequence(ZnNetwork network) => network.Count > 0 ? network.CoordinationSequence(0, Shells) : [];

    /// <summary>Zn per degree as a JSON object, {"4":16}: the "degree_histogram" of <see cref="ToJson"/>.</summary>
    public static JsonObject DegreeHistogram(ZnNetwork network)
    {
        var histogram = new JsonObject();
        foreach (var (d, n) in network.DegreeHistogram) histogram[d.ToString(CultureInfo.InvariantCulture)] = n;
        return histogram;
    }

    /// <summary>The coordination sequence of Zn 0 as a JSON array, [4,11,24,…]: the "coordination_sequence_zn0" of <see cref="ToJson"/>.</summary>
    public static JsonArray CoordinationSequenceJson(ZnNetwork network) =>
        new(CoordinationSequence(network).Select(x => (JsonNode?)x).ToArray());

    /// <summary>The JSON object `analyze network --json` prints for the network of <paramref name="path"/>'s first frame.</summary>
    public static JsonObject ToJson(string path, ZnNetwork network)
    {
        return new JsonObject
        {
            ["file"] = path,
            ["rule"] = network.Rule.ToString().ToLowerInvariant(),
            ["zn"] = network.Count,
            ["edges"] = network.EdgeCount,
            ["degree_histogram"] = DegreeHistogram(network),
            ["coordination_sequence_zn0"] = CoordinationSequenceJson(network),
            ["periodic_ligands"] = network.PeriodicLigands,
        };
    }
}
