using System.Text;
using ZifPhase.Analysis;

namespace ZifPhase.Reporting;

/// <summary>
/// real-structures.csv: one row per structure and model — structure (path relative to the data folder), known
/// phase, model, Zn, Zn per phase ("8 ZIF-4; 8 ZIF-4-cp-II"), uncertain (Zn whose highest probability is below the
/// threshold; they are counted in their phase too), verdict (right, wrong or tie), the leading phase(s) and
/// same_configuration_as (the structure that holds the same configuration, empty when none).
/// </summary>
public static class RealStructureTable
{
    /// <summary>Writes real-structures.csv to <paramref name="path"/>: one row per structure and model (columns in the class summary); <paramref name="sameConfigurationAs"/> maps a structure to the one holding the same configuration.</summary>
    public static void Write(string path, IReadOnlyList<(string Structure, (string Model, StructureVerdict Verdict, int Uncertain)[] Models)> rows,
        IReadOnlyDictionary<string, string>? sameConfigurationAs = null)
    {
        var sb = new StringBuilder("structure,known_phase,model,zn,zn_per_phase,uncertain,verdict,leading,same_configuration_as\n");
        foreach (var (structure, models) in rows)
            foreach (var (model, v, uncertain) in models)
                sb.Append(ReportText.CsvField(structure)).Append(',').Append(ReportText.CsvField(v.Expected)).Append(',').Append(ReportText.CsvField(model)).Append(',')
                    .Append(v.Zn.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(',')
                    .Append(ReportText.CsvField(string.Join("; ", v.Counts.Select(c => $"{c.Count} {c.Phase}")))).Append(',')
                    .Append(uncertain.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(',')
                    .Append(v.Kind.ToString().ToLowerInvariant()).Append(',').Append(ReportText.CsvField(string.Join(" / ", v.Leaders))).Append(',')
                    .Append(ReportText.CsvField(sameConfigurationAs is not null && sameConfigurationAs.TryGetValue(structure, out var same) ? same : "")).Append('\n');
        IO.AtomicFile.WriteAllText(path, sb.ToString());
    }
}
