using System.Text;
using ZifPhase.Analysis;

namespace ZifPhase.Reporting;

/// <summary>
/// real-structures.csv: one row per structure and model — structure (path relative to the data folder), known
/// phase, model, Zn, Zn per phase ("8 ZIF-4; 8 ZIF-4-cp-II"), verdict (right, wrong or tie) and the leading phase(s).
/// </summary>
public static class RealStructureTable
{
    public static void Write(string path, IReadOnlyList<(string Structure, (string Model, StructureVerdict Verdict)[] Models)> rows)
    {
        var sb = new StringBuilder("structure,known_phase,model,zn,zn_per_phase,verdict,leading\n");
        foreach (var (structure, models) in rows)
            foreach (var (model, v) in models)
                sb.Append(Csv(structure)).Append(',').Append(Csv(v.Expected)).Append(',').Append(Csv(model)).Append(',')
                    .Append(v.Zn.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(',')
                    .Append(Csv(string.Join("; ", v.Counts.Select(c => $"{c.Count} {c.Phase}")))).Append(',')
                    .Append(v.Kind.ToString().ToLowerInvariant()).Append(',').Append(Csv(string.Join(" / ", v.Leaders))).Append('\n');
        IO.AtomicFile.WriteAllText(path, sb.ToString());
    }

    private static string Csv(string s) => s.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
