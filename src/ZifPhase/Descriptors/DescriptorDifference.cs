using System.Globalization;
using System.Text.Json.Nodes;

namespace ZifPhase.Descriptors;

/// <summary>Which settings of two descriptor specs differ, short enough for one line.</summary>
public static class DescriptorDifference
{
    /// <summary>Whether two specs give the same columns: equal once species are in DScribe's order.</summary>
    public static bool Same(DescriptorSpec a, DescriptorSpec b) => a.CanonicalJson() == b.CanonicalJson();

    /// <summary>
    /// "r_cut 9 vs 6, n_max 12 vs 8": each setting whose value differs, <paramref name="a"/>'s first; only "kind acsf
    /// vs soap" when the kinds differ; empty when the specs are the same.
    /// </summary>
    public static string Describe(DescriptorSpec a, DescriptorSpec b)
    {
        var x = JsonNode.Parse(a.CanonicalJson())!.AsObject();
        var y = JsonNode.Parse(b.CanonicalJson())!.AsObject();
        string Show(JsonNode? n)
        {
            if (n is null) return "none";
            var text = n is JsonValue v && v.TryGetValue<string>(out var s) ? s : n.ToJsonString();
            return text.Length > 40 ? text[..37] + "..." : text;
        }
        if (Show(x["kind"]) != Show(y["kind"])) return $"kind {Show(x["kind"])} vs {Show(y["kind"])}";
        var keys = x.Select(kv => kv.Key).Concat(y.Select(kv => kv.Key).Where(k => !x.ContainsKey(k)));
        var parts = new List<string>();
        foreach (var key in keys)
        {
            var (u, w) = (x[key], y[key]);
            if (JsonNode.DeepEquals(u, w)) continue;
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{key} {Show(u)} vs {Show(w)}"));
        }
        return string.Join(", ", parts);
    }
}
