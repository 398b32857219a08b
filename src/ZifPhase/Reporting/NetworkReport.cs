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

    /// <summary>The JSON object `analyze network --json` prints for the network of <paramref name="path"/>'s first frame.</summary>
    public static JsonObject ToJson(string path, ZnNetwork network)
    {
        var histogram = new JsonObject();
        foreach (var (d, n) in network.DegreeHistogram) histogram[d.ToString(CultureInfo.InvariantCulture)] = n;
        return new JsonObject
        {
            ["file"] = path,
            ["rule"] = network.Rule.ToString().ToLowerInvariant(),
            ["zn"] = network.Count,
            ["edges"] = network.EdgeCount,
            ["degree_histogram"] = histogram,
            ["coordination_sequence_zn0"] = new JsonArray(CoordinationSequence(network).Select(x => (JsonNode?)x).ToArray()),
            ["periodic_ligands"] = network.PeriodicLigands,
        };
    }
}
